package io.odpimporter.afterimport;

import io.odpimporter.config.ImporterConfig;
import io.odpimporter.domain.LedgerEntry;
import io.odpimporter.testing.TestConfig;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** When an after-import action is due, and on which replica. */
class AfterImportsTest {

    private static final Instant NOW = Instant.parse("2026-12-05T09:30:00Z");
    private static final Duration TAKEOVER = Duration.ofMinutes(1);

    @Test
    void aVersionDeliveredWithItsActionPendingIsDueAtOnceOnTheReplicaThatWroteItAndAfterTheTakeoverElsewhere() {
        LedgerEntry fresh = delivered(NOW.minusSeconds(1), pending(NOW.minusSeconds(1)));
        assertThat(AfterImports.due(fresh, AfterImportAction.TAG, true, NOW, TAKEOVER))
                .isTrue();
        assertThat(AfterImports.due(fresh, AfterImportAction.TAG, false, NOW, TAKEOVER))
                .isFalse();
        LedgerEntry old = delivered(NOW.minusSeconds(61), pending(NOW.minusSeconds(61)));
        assertThat(AfterImports.due(old, AfterImportAction.TAG, false, NOW, TAKEOVER))
                .isTrue();
    }

    @Test
    void aVersionDeliveredBeforeItsActionWasConfiguredGetsNoneWhenTheActionIsTurnedOnLater() {
        // delivered while the action was none: no afterImport recorded with the DELIVERED state
        LedgerEntry before = delivered(NOW.minusSeconds(3600), null);
        assertThat(AfterImports.due(before, AfterImportAction.DELETE, true, NOW, TAKEOVER))
                .isFalse();
        assertThat(AfterImports.due(before, AfterImportAction.DELETE, false, NOW, TAKEOVER))
                .isFalse();
    }

    @Test
    void noActionIsNeverDueNorADoneOrFailedOne() {
        assertThat(AfterImports.due(
                        delivered(NOW.minusSeconds(600), null), AfterImportAction.NONE, true, NOW, TAKEOVER))
                .isFalse();
        for (LedgerEntry.ActionState state :
                new LedgerEntry.ActionState[] {LedgerEntry.ActionState.DONE, LedgerEntry.ActionState.FAILED}) {
            LedgerEntry entry = delivered(
                    NOW.minusSeconds(600),
                    new LedgerEntry.AfterImport("move", state, NOW.minusSeconds(600), null, null, 1, null));
            assertThat(AfterImports.due(entry, AfterImportAction.MOVE, true, NOW, TAKEOVER))
                    .as("%s", state)
                    .isFalse();
        }
    }

    @Test
    void aPendingRetryIsDueAtItsNextAttemptOnItsReplicaAndAfterTheTakeoverElsewhere() {
        LedgerEntry waiting = delivered(
                NOW.minusSeconds(600),
                new LedgerEntry.AfterImport(
                        "tag",
                        LedgerEntry.ActionState.PENDING,
                        NOW.minusSeconds(20),
                        "HTTP 503",
                        null,
                        2,
                        NOW.plusSeconds(5)));
        assertThat(AfterImports.due(waiting, AfterImportAction.TAG, true, NOW, TAKEOVER))
                .isFalse();
        assertThat(AfterImports.due(waiting, AfterImportAction.TAG, true, NOW.plusSeconds(5), TAKEOVER))
                .isTrue();
        assertThat(AfterImports.due(waiting, AfterImportAction.TAG, false, NOW.plusSeconds(5), TAKEOVER))
                .isFalse();
        assertThat(AfterImports.due(waiting, AfterImportAction.TAG, false, NOW.plusSeconds(66), TAKEOVER))
                .isTrue();
    }

    @Test
    void onlyAMoveWaitsForACopyTheOwnerMayStillHaveRunningBeforeAnotherReplicaTakesItOver() {
        Duration passes = Duration.ofSeconds(45);
        Duration pass = Duration.ofSeconds(15);
        Duration copyTimeout = Duration.ofMinutes(1);
        assertThat(AfterImports.takeover(AfterImportAction.TAG, passes, copyTimeout, pass))
                .isEqualTo(passes);
        assertThat(AfterImports.takeover(AfterImportAction.DELETE, passes, copyTimeout, pass))
                .isEqualTo(passes);
        assertThat(AfterImports.takeover(AfterImportAction.MOVE, passes, copyTimeout, pass))
                .isEqualTo(Duration.ofSeconds(75));
        // a copy timeout shorter than the passes: the passes still bound it
        assertThat(AfterImports.takeover(AfterImportAction.MOVE, passes, Duration.ofSeconds(5), pass))
                .isEqualTo(passes);
    }

    @Test
    void aFailingAttemptShowsItsErrorAndIsRetriedWithBackoffAndAPermanentRefusalStops() {
        ImporterConfig.AfterImport config = TestConfig.load(Map.of()).afterImport();
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);

        LedgerEntry.AfterImport busy = AfterImports.attempt(
                () -> {
                    throw StorageAnswers.refusal(503, "ServerBusy");
                },
                AfterImportAction.DELETE,
                3,
                clock,
                config);
        assertThat(busy)
                .isEqualTo(new LedgerEntry.AfterImport(
                        "delete",
                        LedgerEntry.ActionState.PENDING,
                        NOW,
                        "Blob Storage answered HTTP 503 ServerBusy; retried",
                        null,
                        3,
                        NOW.plusSeconds(40)));

        LedgerEntry.AfterImport slowCopy = AfterImports.attempt(
                () -> {
                    throw new IllegalStateException("the copy to processed/a.json is PENDING after 60 s");
                },
                AfterImportAction.MOVE,
                1,
                clock,
                config);
        assertThat(slowCopy.state()).isEqualTo(LedgerEntry.ActionState.PENDING);
        assertThat(slowCopy.nextAttemptAt()).isEqualTo(NOW.plusSeconds(10));

        LedgerEntry.AfterImport refused = AfterImports.attempt(
                () -> {
                    throw StorageAnswers.refusal(409, "BlobImmutableDueToLegalHold");
                },
                AfterImportAction.DELETE,
                1,
                clock,
                config);
        assertThat(refused.state()).isEqualTo(LedgerEntry.ActionState.FAILED);
        assertThat(refused.error()).startsWith("an immutability policy or legal hold protects the blob");
        assertThat(refused.nextAttemptAt()).isNull();
        assertThat(AfterImports.due(
                        delivered(NOW, refused), AfterImportAction.DELETE, true, NOW.plusSeconds(3600), TAKEOVER))
                .isFalse();
    }

    @Test
    void aDoneAttemptRecordsWhereAMovedBlobWent() {
        LedgerEntry.AfterImport done = AfterImports.attempt(
                () -> BlobActions.Result.done("processed/stores.csv"),
                AfterImportAction.MOVE,
                2,
                Clock.fixed(NOW, ZoneOffset.UTC),
                TestConfig.load(Map.of()).afterImport());
        assertThat(done)
                .isEqualTo(new LedgerEntry.AfterImport(
                        "move", LedgerEntry.ActionState.DONE, NOW, null, "processed/stores.csv", 2, null));
    }

    private static LedgerEntry.AfterImport pending(Instant at) {
        return new LedgerEntry.AfterImport("tag", LedgerEntry.ActionState.PENDING, at, null);
    }

    private static LedgerEntry delivered(Instant at, LedgerEntry.AfterImport action) {
        return new LedgerEntry(
                        LedgerEntry.SCHEMA_VERSION,
                        "offline-stores",
                        "stores.csv",
                        "0x8DC1",
                        LedgerEntry.State.IMPORTED,
                        "run-1",
                        3,
                        null,
                        at,
                        null,
                        null,
                        null,
                        null,
                        action)
                .delivered(3, 0, 0, at);
    }
}
