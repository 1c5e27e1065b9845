package io.odpimporter.files;

import io.odpimporter.domain.BlobVersion;
import io.odpimporter.domain.LedgerEntry;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class ReimportDecisionTest {

    static final String C = "offline-stores";
    static final String NAME = "stores/a.json";
    static final Instant T0 = Instant.parse("2026-11-29T06:00:00Z");

    final Map<String, ListedBlob> blobs = new HashMap<>();
    final Map<BlobVersion, LedgerEntry> ledger = new HashMap<>();
    boolean stale;

    ReimportDecision decide(String name, String etag) {
        return ReimportDecision.decide(
                C,
                name,
                etag,
                Optional.ofNullable(blobs.get(name)),
                ledger.values().stream().filter(e -> e.blobName().equals(name)).toList(),
                n -> Optional.ofNullable(blobs.get(n)),
                v -> Optional.ofNullable(ledger.get(v)),
                e -> stale);
    }

    void blob(String name, String etag) {
        blobs.put(name, new ListedBlob(name, etag, T0, 42));
    }

    LedgerEntry state(String name, String etag, LedgerEntry.State state) {
        LedgerEntry entry = new LedgerEntry(new BlobVersion(C, name, etag), state, "run-1", 3, null, T0);
        ledger.put(entry.version(), entry);
        return entry;
    }

    @Test
    void theCurrentVersionIsReimportedWithoutAnEtagAndWithItsEtagQuotedOrNot() {
        blob(NAME, "0x8D1");
        state(NAME, "0x8D1", LedgerEntry.State.DELIVERED);
        for (String etag : new String[] {null, "", "0x8D1", "\"0x8D1\""}) {
            ReimportDecision decision = decide(NAME, etag);
            assertThat(decision).isInstanceOf(ReimportDecision.Start.class);
            ReimportDecision.Start start = (ReimportDecision.Start) decision;
            assertThat(start.version()).isEqualTo(new BlobVersion(C, NAME, "0x8D1"));
            assertThat(start.movedFrom()).isNull();
            assertThat(start.status()).isEqualTo(202);
        }
    }

    @Test
    void anEtagThatIsNotTheCurrentVersionIs412NamingTheCurrentOne() {
        blob(NAME, "0x8D2");
        state(NAME, "0x8D1", LedgerEntry.State.DELIVERED);
        ReimportDecision decision = decide(NAME, "0x8D1");
        assertThat(decision).isInstanceOf(ReimportDecision.NotCurrent.class);
        assertThat(decision.status()).isEqualTo(412);
        assertThat(((ReimportDecision.NotCurrent) decision).currentEtag()).isEqualTo("0x8D2");
        assertThat(((ReimportDecision.NotCurrent) decision).error()).contains("its current ETag is 0x8D2");
    }

    @Test
    void aVersionInProgressIs409WithItsRunUnlessItsStateIsStale() {
        blob(NAME, "0x8D1");
        state(NAME, "0x8D1", LedgerEntry.State.IN_PROGRESS);
        ReimportDecision decision = decide(NAME, null);
        assertThat(decision).isInstanceOf(ReimportDecision.InProgress.class);
        assertThat(decision.status()).isEqualTo(409);
        assertThat(((ReimportDecision.InProgress) decision).runId()).isEqualTo("run-1");

        stale = true;
        assertThat(decide(NAME, null)).isInstanceOf(ReimportDecision.Start.class);
    }

    @Test
    void aBlobNeverSeenOrDeletedIs404NamingIt() {
        ReimportDecision unknown = decide("nothing/here.json", null);
        assertThat(unknown).isInstanceOf(ReimportDecision.Gone.class);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(((ReimportDecision.Gone) unknown).error())
                .isEqualTo("Blob nothing/here.json is not in container offline-stores");

        state(NAME, "0x8D1", LedgerEntry.State.DELIVERED);
        assertThat(((ReimportDecision.Gone) decide(NAME, null)).error())
                .contains("Blob stores/a.json is not in container offline-stores")
                .contains("deleted since");
    }

    @Test
    void aMovedBlobIsReimportedFromItsDestinationsCurrentVersionOr404NamesBoth() {
        LedgerEntry delivered = state(NAME, "0x8D1", LedgerEntry.State.DELIVERED);
        ledger.put(
                delivered.version(),
                delivered.withAfterImport(new LedgerEntry.AfterImport(
                        "move", LedgerEntry.ActionState.DONE, T0, null, "processed/" + NAME, 1, null)));
        blob("processed/" + NAME, "0x8D9"); // a copy has its own ETag

        ReimportDecision decision = decide(NAME, "\"0x8D1\"");
        assertThat(decision).isInstanceOf(ReimportDecision.Start.class);
        ReimportDecision.Start start = (ReimportDecision.Start) decision;
        assertThat(start.version()).isEqualTo(new BlobVersion(C, "processed/" + NAME, "0x8D9"));
        assertThat(start.movedFrom()).isEqualTo(NAME);
        assertThat(decide(NAME, null)).isInstanceOf(ReimportDecision.Start.class);

        // the destination being imported: 409 too
        state("processed/" + NAME, "0x8D9", LedgerEntry.State.IN_PROGRESS);
        assertThat(decide(NAME, null)).isInstanceOf(ReimportDecision.InProgress.class);

        blobs.clear();
        ReimportDecision gone = decide(NAME, null);
        assertThat(gone).isInstanceOf(ReimportDecision.Gone.class);
        assertThat(((ReimportDecision.Gone) gone).error())
                .contains("was moved to processed/" + NAME)
                .contains("is not there either");
    }

    @Test
    void aNewerVersionUploadedAfterAMoveIsTheOneReimported() {
        LedgerEntry delivered = state(NAME, "0x8D1", LedgerEntry.State.DELIVERED);
        ledger.put(
                delivered.version(),
                delivered.withAfterImport(new LedgerEntry.AfterImport(
                        "move", LedgerEntry.ActionState.DONE, T0, null, "processed/" + NAME, 1, null)));
        blob(NAME, "0x8D5");
        ReimportDecision decision = decide(NAME, null);
        assertThat(((ReimportDecision.Start) decision).version().etag()).isEqualTo("0x8D5");
        assertThat(List.of(decide(NAME, "0x8D1"))).first().isInstanceOf(ReimportDecision.NotCurrent.class);
    }
}
