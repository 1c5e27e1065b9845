package io.odpimporter.discovery;

import io.odpimporter.domain.BlobVersion;
import io.odpimporter.domain.LedgerEntry;
import io.odpimporter.domain.RunStatus;
import io.odpimporter.domain.Trigger;
import io.odpimporter.runs.CatchUp;
import io.odpimporter.runs.RunSummary;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which runs count as having swept a cron moment, so a replica's scheduled sweep stands down; which blob versions a
 * sweep publishes; what a catch-up sweep carries.
 */
class SweepServiceTest {

    static final Instant MOMENT = Instant.parse("2026-11-29T06:00:00Z");

    @Test
    void aScheduledRunForTheSameMomentOnAnotherReplicaSweptIt() {
        assertThat(swept(run(Trigger.SCHEDULE, MOMENT.plusMillis(900), MOMENT), MOMENT))
                .isTrue();
    }

    @Test
    void aScheduledRunOfAnEarlierMomentThatStartedLateDidNot() {
        // a cron every 2 s: the 05:59:58 sweep fired 1.5 s late
        assertThat(swept(run(Trigger.SCHEDULE, MOMENT.minusMillis(500), MOMENT.minusSeconds(2)), MOMENT))
                .isFalse();
    }

    @Test
    void aManualRunStartedAtTheMomentLessOneSecondOfClockSkewSweptIt() {
        assertThat(swept(run(Trigger.MANUAL, MOMENT.minusMillis(999), null), MOMENT))
                .isTrue();
        assertThat(swept(run(Trigger.MANUAL, MOMENT.plusSeconds(30), null), MOMENT))
                .isTrue();
        assertThat(swept(run(Trigger.MANUAL, MOMENT.minusMillis(1001), null), MOMENT))
                .isFalse();
    }

    @Test
    void aRunOfAnotherPrefixOrThatEndedInErrorDidNot() {
        RunSummary narrower = new RunSummary(
                "run-2",
                Trigger.MANUAL,
                null,
                RunStatus.COMPLETE,
                false,
                "2026/11/",
                MOMENT,
                MOMENT,
                null,
                0L,
                0,
                0,
                0,
                0,
                0,
                0,
                0,
                0,
                null,
                null,
                null,
                null,
                null,
                null);
        assertThat(SweepService.sweptTheMoment(narrower, MOMENT, "")).isFalse();
        assertThat(SweepService.sweptTheMoment(narrower, MOMENT, "2026/11/")).isTrue();
        RunSummary failed = new RunSummary(
                "run-3",
                Trigger.SCHEDULE,
                null,
                RunStatus.ERROR,
                false,
                "",
                MOMENT,
                MOMENT,
                MOMENT,
                0L,
                0,
                0,
                0,
                0,
                0,
                0,
                0,
                0,
                "Blob Storage refused the listing: HTTP 503",
                MOMENT,
                null,
                null,
                null,
                null);
        assertThat(SweepService.sweptTheMoment(failed, MOMENT, "")).isFalse();
    }

    @Test
    void aReplayIsNotASweep() {
        assertThat(swept(run(Trigger.REPLAY, MOMENT.plusSeconds(1), null), MOMENT))
                .isFalse();
    }

    @Test
    void theCatchUpOfARunThatSweptTheMomentSweptItToo() {
        RunSummary scheduled = new RunSummary(
                "run-1-catchup1",
                Trigger.CATCH_UP,
                null,
                RunStatus.RUNNING,
                false,
                "",
                MOMENT.plusSeconds(90),
                MOMENT.plusSeconds(90),
                null,
                0L,
                0,
                0,
                0,
                0,
                0,
                0,
                0,
                0,
                null,
                MOMENT,
                null,
                null,
                null,
                null);
        assertThat(swept(scheduled, MOMENT)).isTrue();
        assertThat(swept(run(Trigger.CATCH_UP, MOMENT.plusSeconds(30), null), MOMENT))
                .isTrue();
    }

    @Test
    void aCatchUpRequestCarriesTheInterruptedRunsPrefixTrackerIdForceAndMoment() {
        CatchUp.Due due = new CatchUp.Due("run-1", "run-1-catchup1", "ticket-7", true, "stores/2026/", MOMENT, 12);

        SweepRequest request = SweepRequest.catchUp(due);

        assertThat(request)
                .isEqualTo(new SweepRequest(Trigger.CATCH_UP, "ticket-7", true, "stores/2026/", MOMENT, "run-1"));
    }

    @Test
    void aCatchUpRequestKeepsTheBackfillRangeAndWhoAsked() {
        Instant from = Instant.parse("2026-11-01T00:00:00Z");
        Instant to = Instant.parse("2026-11-08T00:00:00Z");
        CatchUp.Due due =
                new CatchUp.Due("run-1", "run-1-catchup1", null, true, "stores/", null, 12, from, to, "alice");

        SweepRequest request = SweepRequest.catchUp(due);

        assertThat(request)
                .isEqualTo(new SweepRequest(Trigger.CATCH_UP, null, true, "stores/", null, "run-1", from, to, "alice"));
        assertThat(request.backfill()).isTrue();
    }

    @Test
    void aBackfillStartedAfterTheMomentDidNotSweepIt() {
        RunSummary plain = run(Trigger.MANUAL, MOMENT.plusSeconds(30), null);
        RunSummary backfill = new RunSummary(
                plain.id(),
                plain.trigger(),
                null,
                plain.status(),
                false,
                "",
                plain.created(),
                plain.updated(),
                null,
                0L,
                0,
                0,
                0,
                0,
                0,
                0,
                0,
                0,
                null,
                null,
                null,
                null,
                null,
                null,
                "alice",
                null,
                Instant.parse("2026-11-01T00:00:00Z"),
                null,
                RunSummary.OVERWRITE_WARNING);
        assertThat(swept(plain, MOMENT)).isTrue();
        assertThat(swept(backfill, MOMENT)).isFalse();
    }

    static final BlobVersion V1 = new BlobVersion("offline-stores", "a.json", "0x1");
    static final BlobVersion V2 = new BlobVersion("offline-stores", "b.json", "0x2");
    static final BlobVersion V3 = new BlobVersion("offline-stores", "c.json", "0x3");

    @Test
    void aCatchUpSkipsTheVersionsTheInterruptedRunPublishedEvenWithForce() {
        // run-1 named V1 in its run events; its ledger entry says it published V2; V3 is new
        AlreadyPublished skip = new AlreadyPublished(List.of("run-1"), Set.of(V1.key()));
        Optional<LedgerEntry> v2 = Optional.of(entry("b.json", LedgerEntry.State.IN_PROGRESS, "run-1"));
        for (boolean force : new boolean[] {false, true}) {
            assertThat(publishes(V1, Optional.empty(), force, skip))
                    .as("force=%s", force)
                    .isFalse();
            assertThat(publishes(V2, v2, force, skip)).as("force=%s", force).isFalse();
            assertThat(publishes(V3, Optional.empty(), force, skip))
                    .as("force=%s", force)
                    .isTrue();
        }
        // imported since by run-1: still its own
        assertThat(publishes(V2, Optional.of(entry("b.json", LedgerEntry.State.IMPORTED, "run-1")), true, skip))
                .isFalse();
        // imported by another run: re-imported with force only, as any sweep does
        Optional<LedgerEntry> other = Optional.of(entry("c.json", LedgerEntry.State.IMPORTED, "run-0"));
        assertThat(publishes(V3, other, false, skip)).isFalse();
        assertThat(publishes(V3, other, true, skip)).isTrue();
    }

    @Test
    void aSweepPublishesVersionsNewToTheLedgerStaleOrForced() {
        Optional<LedgerEntry> imported = Optional.of(entry("a.json", LedgerEntry.State.IMPORTED, "run-0"));
        assertThat(SweepService.toPublish(V1, Optional.empty(), false, AlreadyPublished.NONE, e -> false))
                .isTrue();
        assertThat(SweepService.toPublish(V1, imported, false, AlreadyPublished.NONE, e -> false))
                .isFalse();
        assertThat(SweepService.toPublish(V1, imported, true, AlreadyPublished.NONE, e -> false))
                .isTrue();
        assertThat(SweepService.toPublish(V1, imported, false, AlreadyPublished.NONE, e -> true))
                .isTrue();
    }

    @Test
    void aDeliveredVersionIsDoneLikeAnImportedOne() {
        // DELIVERED is read, not written yet: a replica reading it must not import the version again
        Optional<LedgerEntry> delivered = Optional.of(new LedgerEntry(
                LedgerEntry.SCHEMA_VERSION,
                "offline-stores",
                "a.json",
                "0x1",
                LedgerEntry.State.DELIVERED,
                "run-0",
                3,
                null,
                MOMENT,
                null,
                2L,
                1L,
                1L,
                null));
        assertThat(SweepService.toPublish(V1, delivered, false, AlreadyPublished.NONE, e -> false))
                .isFalse();
        assertThat(SweepService.toPublish(V1, delivered, true, AlreadyPublished.NONE, e -> false))
                .isTrue();
    }

    private static boolean publishes(
            BlobVersion version, Optional<LedgerEntry> entry, boolean force, AlreadyPublished skip) {
        return SweepService.toPublish(version, entry, force, skip, e -> false);
    }

    private static LedgerEntry entry(String blob, LedgerEntry.State state, String runId) {
        return new LedgerEntry(
                LedgerEntry.SCHEMA_VERSION, "offline-stores", blob, "0x0", state, runId, 0, null, MOMENT);
    }

    @Test
    void aDryRunNeverSweepsACronMoment() {
        RunSummary manual = run(Trigger.MANUAL, MOMENT.plusSeconds(5), null);
        assertThat(swept(manual, MOMENT)).isTrue();
        RunSummary dry = new RunSummary(
                manual.id(),
                manual.trigger(),
                null,
                manual.status(),
                false,
                "",
                manual.created(),
                manual.created(),
                null,
                0L,
                0,
                0,
                0,
                0,
                0,
                0,
                0,
                0,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                true);
        assertThat(swept(dry, MOMENT)).isFalse();
    }

    private static boolean swept(RunSummary run, Instant moment) {
        return SweepService.sweptTheMoment(run, moment, "");
    }

    private static RunSummary run(Trigger trigger, Instant created, Instant scheduledFor) {
        return new RunSummary(
                "run-1",
                trigger,
                null,
                RunStatus.RUNNING,
                false,
                "",
                created,
                created,
                null,
                0L,
                0,
                0,
                0,
                0,
                0,
                0,
                0,
                0,
                null,
                scheduledFor,
                null,
                null,
                null,
                null);
    }
}
