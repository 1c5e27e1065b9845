package io.odpimporter.files;

import io.odpimporter.domain.BlobVersion;
import io.odpimporter.domain.FileFormat;
import io.odpimporter.domain.LedgerEntry;
import io.odpimporter.domain.RuleRef;
import io.odpimporter.domain.StoreRecord;
import io.odpimporter.rules.Rules;
import io.odpimporter.testing.TestRules;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

class FileListingTest {

    static final String C = "offline-stores";
    static final Instant T0 = Instant.parse("2026-11-29T06:00:00Z");
    static final Rules RULES = new TestRules(
            TestRules.rule("stores@abc12345", "stores/", StoreRecord.Target.objects("stores"), List.of()));

    static LedgerEntry entry(String name, String etag, LedgerEntry.State state, int minute) {
        return new LedgerEntry(
                        new BlobVersion(C, name, etag), state, "run-" + minute, 3, null, T0.plusSeconds(60L * minute))
                .withBlob(T0.minusSeconds(3600L - minute), null);
    }

    /** The ledger view's order: by key. */
    static Iterable<LedgerEntry> sorted(LedgerEntry... entries) {
        TreeMap<String, LedgerEntry> byKey = new TreeMap<>();
        for (LedgerEntry e : entries) {
            byKey.put(e.key(), e);
        }
        return byKey.values();
    }

    static FileQuery query(String status, String continuation, int limit) {
        return FileQuery.parse(status, null, null, null, limit, continuation);
    }

    @Test
    void aLedgerStatusFilterPagesThroughTheLedgerByNameWithAContinuationAfterTheLastKey() {
        Iterable<LedgerEntry> ledger = sorted(
                entry("stores/a.json", "1", LedgerEntry.State.DELIVERED, 1),
                entry("stores/b.json", "1", LedgerEntry.State.FAILED, 2),
                entry("stores/c.json", "1", LedgerEntry.State.IN_PROGRESS, 3),
                entry("stores/d.json", "1", LedgerEntry.State.DELIVERED, 4),
                entry("stores/e.json", "1", LedgerEntry.State.IMPORTED, 5));
        FileQuery first = query("DELIVERED,FAILED,IMPORTED", null, 2);
        FileListing.Page page1 = FileListing.ledgerPage(ledger, C, "", first);
        assertThat(page1.files()).extracting(FileItem::blobName).containsExactly("stores/a.json", "stores/b.json");
        assertThat(page1.continuation()).isNotNull();

        FileListing.Page page2 = FileListing.ledgerPage(
                filterAfter(ledger, page1.continuation()),
                C,
                "",
                query("DELIVERED,FAILED,IMPORTED", page1.continuation(), 2));
        assertThat(page2.files()).extracting(FileItem::blobName).containsExactly("stores/d.json", "stores/e.json");
        // nothing matches after e: no empty third page
        assertThat(page2.continuation()).isNull();
    }

    /** What the ledger's {@code after(key)} returns for a continuation. */
    private static Iterable<LedgerEntry> filterAfter(Iterable<LedgerEntry> sorted, String continuation) {
        String key = Continuation.decode(continuation).value();
        TreeMap<String, LedgerEntry> byKey = new TreeMap<>();
        sorted.forEach(e -> byKey.put(e.key(), e));
        return byKey.tailMap(key, false).values();
    }

    @Test
    void aLedgerPageKeepsOlderEtagsAndFiltersByPrefixContainerAndRecordedLastModified() {
        LedgerEntry old = entry("stores/a.json", "1", LedgerEntry.State.DELIVERED, 1);
        LedgerEntry newer = entry("stores/a.json", "2", LedgerEntry.State.DELIVERED, 9);
        LedgerEntry elsewhere = new LedgerEntry(
                new BlobVersion("other", "stores/a.json", "1"), LedgerEntry.State.DELIVERED, "r", 1, null, T0);
        LedgerEntry noTime = new LedgerEntry(
                new BlobVersion(C, "stores/z.json", "1"), LedgerEntry.State.DELIVERED, "r", 1, null, T0);
        LedgerEntry outside = entry("orders/a.json", "1", LedgerEntry.State.DELIVERED, 1);
        Iterable<LedgerEntry> ledger = sorted(old, newer, elsewhere, noTime, outside);

        FileListing.Page all = FileListing.ledgerPage(ledger, C, "stores/", query("DELIVERED", null, 10));
        assertThat(all.files())
                .extracting(FileItem::blobName, FileItem::etag)
                .containsExactly(tuple("stores/a.json", "1"), tuple("stores/a.json", "2"), tuple("stores/z.json", "1"));

        FileQuery timed =
                FileQuery.parse("DELIVERED", null, T0.minusSeconds(3600 - 5).toString(), null, 10, null);
        assertThat(FileListing.ledgerPage(ledger, C, "stores/", timed).files())
                .extracting(FileItem::etag)
                .containsExactly("2"); // a@1 modified before; z has no recorded Last-Modified
    }

    @Test
    void aListedBlobIsItsLedgerStateOrSkippedWhenNoRuleMatchesOrNotImported() {
        LedgerEntry delivered = entry("stores/a.json", "1", LedgerEntry.State.DELIVERED, 1)
                .delivered(3, 0, 0, T0)
                .withBlob(null, FileFormat.parse("json"));
        Map<BlobVersion, LedgerEntry> ledger = Map.of(delivered.version(), delivered);
        Function<BlobVersion, Optional<LedgerEntry>> lookup = v -> Optional.ofNullable(ledger.get(v));
        Instant listed = T0.minusSeconds(7200);
        ContainerPages.Page page = new ContainerPages.Page(
                List.of(
                        new ListedBlob("notes/readme.txt", "7", listed, 10),
                        new ListedBlob("stores/a.json", "1", listed, 10),
                        new ListedBlob("stores/new.json", "3", listed, 10),
                        new ListedBlob("stores/a2.json", "2", listed, 10)),
                "azure-token");

        FileListing.Page result = FileListing.listingPage(page, C, query(null, null, 4), lookup, RULES);

        assertThat(result.files())
                .extracting(FileItem::blobName, FileItem::status)
                .containsExactly(
                        tuple("notes/readme.txt", FileState.SKIPPED),
                        tuple("stores/a.json", FileState.DELIVERED),
                        tuple("stores/new.json", FileState.NOT_IMPORTED),
                        tuple("stores/a2.json", FileState.NOT_IMPORTED));
        assertThat(result.files().get(0).reason()).contains("no rule matches blob name 'notes/readme.txt'");
        assertThat(result.files().get(1).format()).isEqualTo(FileFormat.parse("json"));
        assertThat(result.files().get(1).accepted()).isEqualTo(3L);
        // the ledger recorded no Last-Modified: the listing's is shown
        assertThat(result.files().get(1).lastModified()).isEqualTo(listed);
        assertThat(result.files().get(2).rule()).isEqualTo(RuleRef.parse("stores@abc12345"));
        assertThat(Continuation.decode(result.continuation())).isEqualTo(Continuation.listing("azure-token"));

        FileListing.Page onlyNew =
                FileListing.listingPage(page, C, query("NOT_IMPORTED,SKIPPED", null, 4), lookup, RULES);
        assertThat(onlyNew.files())
                .extracting(FileItem::blobName)
                .containsExactly("notes/readme.txt", "stores/new.json", "stores/a2.json");

        FileListing.Page last = FileListing.listingPage(
                new ContainerPages.Page(List.of(), null), C, query(null, null, 4), lookup, RULES);
        assertThat(last.files()).isEmpty();
        assertThat(last.continuation()).isNull();
    }

    @Test
    void aHistoryHasEveryLedgerVersionAndTheCurrentOneIfTheLedgerLacksItNewestFirst() {
        String name = "stores/x y/%41?#+ü.json";
        LedgerEntry first = entry(name, "1", LedgerEntry.State.DELIVERED, 1);
        LedgerEntry second = entry(name, "2", LedgerEntry.State.FAILED, 5);
        ListedBlob current = new ListedBlob(name, "3", T0.plusSeconds(3600), 10);

        FileListing.History history = FileListing.history(C, name, List.of(first, second), Optional.of(current), RULES);

        assertThat(history.name()).isEqualTo(name);
        assertThat(history.versions())
                .extracting(FileItem::etag, FileItem::status)
                .containsExactly(
                        tuple("3", FileState.NOT_IMPORTED),
                        tuple("2", FileState.FAILED),
                        tuple("1", FileState.DELIVERED));

        // the current version in the ledger is listed once; a deleted blob has only its ledger versions
        assertThat(FileListing.history(
                                C, name, List.of(first, second), Optional.of(new ListedBlob(name, "2", T0, 1)), RULES)
                        .versions())
                .extracting(FileItem::etag)
                .containsExactly("2", "1");
        assertThat(FileListing.history(C, name, List.of(first), Optional.empty(), RULES)
                        .versions())
                .extracting(FileItem::etag)
                .containsExactly("1");
    }
}
