package io.odpimporter.runs;

import io.odpimporter.domain.RunEvent;
import io.odpimporter.domain.RunStatus;
import io.odpimporter.domain.Trigger;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Which sweeps are interrupted, how their runs end, and which catch-up each one gets. */
class CatchUpTest {

    private static final Duration LEASE = Duration.ofSeconds(60);
    private static final String Y = "run-20261204T134031Z-1a2b3c4d";

    @Test
    void aSweepWhoseLockIsNoLongerLiveByTheWallClockIsInterrupted() {
        Instant now = Instant.now();
        Run run = sweep(Y, Trigger.MANUAL, now.minusSeconds(120));
        // its holder silent beyond lease and margin: SweepLock.liveHolder() is empty, or names another run
        assertThat(CatchUp.interrupted(run, now, LEASE, Optional.empty(), false))
                .isTrue();
        assertThat(CatchUp.interrupted(run, now, LEASE, Optional.of("run-other"), false))
                .isTrue();
        // its lock still live, or held by this very replica (which is sweeping it): not interrupted
        assertThat(CatchUp.interrupted(run, now, LEASE, Optional.of(Y), false)).isFalse();
        assertThat(CatchUp.interrupted(run, now, LEASE, Optional.empty(), true)).isFalse();
        // younger than a lease: its ACQUIRE may not be in the lock view yet
        assertThat(CatchUp.interrupted(
                        sweep(Y, Trigger.MANUAL, now.minusSeconds(30)), now, LEASE, Optional.empty(), false))
                .isFalse();
        // a catch-up sweep holds the lock like any sweep: it can be interrupted too
        assertThat(CatchUp.interrupted(
                        sweep(Y + "-catchup1", Trigger.CATCH_UP, now.minusSeconds(120)),
                        now,
                        LEASE,
                        Optional.empty(),
                        false))
                .isTrue();
    }

    @Test
    void replaysWebhookRunsAndFinishedSweepsAreNeverInterrupted() {
        Instant now = Instant.now();
        assertThat(CatchUp.interrupted(
                        sweep(Y, Trigger.REPLAY, now.minusSeconds(120)), now, LEASE, Optional.empty(), false))
                .isFalse();
        assertThat(CatchUp.interrupted(
                        sweep(Y, Trigger.EVENT_GRID, now.minusSeconds(120)), now, LEASE, Optional.empty(), false))
                .isFalse();
        Run finished = sweep(Y, Trigger.MANUAL, now.minusSeconds(120));
        finished.apply(RunEvent.sweepFinished(Y, 3, null));
        assertThat(CatchUp.interrupted(finished, now, LEASE, Optional.empty(), false))
                .isFalse();
    }

    @Test
    void theInterruptedRunsReasonSaysHowManyFilesItPublishedAndWhichRunContinuesIt() {
        Run run = sweep(Y, Trigger.MANUAL, Instant.now().minusSeconds(120));
        discovered(run, 3);
        assertThat(CatchUp.reason(run, Duration.ofSeconds(70)))
                .isEqualTo("The sweep was interrupted after 3 file(s) "
                        + "published (its replica stopped: no lock heartbeat for over 70 s); catch-up run " + Y
                        + "-catchup1 continues it");
        run.apply(RunEvent.cancelRequested(Y, "alice"));
        assertThat(CatchUp.reason(run, Duration.ofSeconds(70)))
                .endsWith("; it had been cancelled by alice, so no catch-up sweep follows");
    }

    @Test
    void anInterruptedRunIsDueForACatchUpCarryingItsPrefixTrackerIdForceAndMoment() {
        Instant now = Instant.now();
        Instant moment = Instant.parse("2026-12-04T06:00:00Z");
        Run run = new Run(Y);
        run.apply(RunEvent.started(Y, Trigger.SCHEDULE, "ticket-7", true, "stores/2026/", "replica-a", moment));
        discovered(run, 2);
        run.apply(RunEvent.sweepInterrupted(Y, 2, "interrupted"));

        CatchUp.Due due = CatchUp.due(run, now, id -> false).orElseThrow();

        assertThat(due).isEqualTo(new CatchUp.Due(Y, Y + "-catchup1", "ticket-7", true, "stores/2026/", moment, 2));
        assertThat(run.summary(false).status()).isEqualTo(RunStatus.ERROR);
    }

    @Test
    void anInterruptedBackfillIsDueForACatchUpKeepingItsRangeAndWhoAsked() {
        Instant now = Instant.now();
        Instant from = Instant.parse("2026-11-01T00:00:00Z");
        Instant to = Instant.parse("2026-11-08T00:00:00Z");
        Run run = new Run(Y);
        run.apply(RunEvent.started(Y, Trigger.MANUAL, null, true, "stores/", "replica-a", null)
                .with("alice", from, to, null));
        discovered(run, 2);
        run.apply(RunEvent.sweepInterrupted(Y, 2, "interrupted"));

        CatchUp.Due due = CatchUp.due(run, now, id -> false).orElseThrow();

        assertThat(due)
                .isEqualTo(new CatchUp.Due(Y, Y + "-catchup1", null, true, "stores/", null, 2, from, to, "alice"));
        RunSummary summary = run.summary(false);
        assertThat(summary.requestedBy()).isEqualTo("alice");
        assertThat(summary.modifiedFrom()).isEqualTo(from);
        assertThat(summary.modifiedTo()).isEqualTo(to);
        assertThat(summary.warning()).isEqualTo(RunSummary.OVERWRITE_WARNING);
        // the catch-up's own STARTED carries them too, so its catch-up keeps them as well
        Run catchUp = new Run(Y + "-catchup1");
        catchUp.apply(RunEvent.started(Y + "-catchup1", Trigger.CATCH_UP, null, true, "stores/", "replica-b", null)
                .with("alice", from, to, null));
        assertThat(catchUp.summary(false).modifiedFrom()).isEqualTo(from);
    }

    @Test
    void aPlainSweepHasNeitherRangeNorWarning() {
        RunSummary summary = sweep(Y, Trigger.SCHEDULE, Instant.now()).summary(false);
        assertThat(summary.requestedBy()).isNull();
        assertThat(summary.modifiedFrom()).isNull();
        assertThat(summary.warning()).isNull();
    }

    @Test
    void noCatchUpOnceItStartedForACancelledRunOrADayLater() {
        Instant now = Instant.now();
        Run run = interrupted(Y);
        // started (by this or another replica): its STARTED is in the runs view
        assertThat(CatchUp.due(run, now, Set.of(Y + "-catchup1")::contains)).isEmpty();
        // a day after the interruption the scheduled sweep has covered it
        assertThat(CatchUp.due(run, now.plus(Duration.ofDays(1)).plusSeconds(1), id -> false))
                .isEmpty();
        // a run closed without INTERRUPTED (cancelled, or an older replica's close) gets none
        Run closed = sweep(Y, Trigger.MANUAL, now.minusSeconds(120));
        closed.apply(RunEvent.sweepFinished(Y, 0, "The sweep was interrupted after 0 file(s)"));
        assertThat(CatchUp.due(closed, now, id -> false)).isEmpty();
        // a cancel request that arrived right after the interruption
        Run cancelled = interrupted(Y);
        cancelled.apply(RunEvent.cancelRequested(Y, "alice"));
        assertThat(CatchUp.due(cancelled, now, id -> false)).isEmpty();
    }

    private static Run interrupted(String id) {
        Run run = sweep(id, Trigger.MANUAL, Instant.now().minusSeconds(120));
        run.apply(RunEvent.sweepInterrupted(id, 0, "interrupted"));
        return run;
    }

    private static Run sweep(String id, Trigger trigger, Instant created) {
        Run run = new Run(id);
        run.apply(new RunEvent.Started(id, created, trigger, null, false, "", "replica-a", null));
        return run;
    }

    private static void discovered(Run run, int files) {
        for (int i = 0; i < files; i++) {
            run.apply(RunEvent.fileDiscovered(run.id(), "offline-stores/s" + i + ".json@0x" + i, "s" + i + ".json"));
        }
    }
}
