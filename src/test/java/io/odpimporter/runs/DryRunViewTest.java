package io.odpimporter.runs;

import io.odpimporter.domain.FileReport;
import io.odpimporter.domain.FileStatus;
import io.odpimporter.domain.RunEvent;
import io.odpimporter.domain.RunStatus;
import io.odpimporter.domain.Trigger;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How the runs view treats a dry run (docs/architecture.md, "Dry run"): listed and marked, its reports shown, never a
 * sweep (not interrupted, not caught up), its files never delivered, ended ERROR when its owner is gone.
 */
class DryRunViewTest {

    private static final String ID = "run-20261205T120000Z-1a2b3c4d";
    private static final Duration SILENCE = Duration.ofSeconds(70);
    private static final String FILE = "offline-stores/orders/a.csv@0x1";

    private static Run dryRun(Instant created) {
        Run run = new Run(ID);
        run.apply(new RunEvent.Started(ID, created, Trigger.MANUAL, null, false, "orders/", "replica-a", null)
                .asDryRun());
        return run;
    }

    private static RunEvent.FileDone done(long total, FileReport report) {
        return new RunEvent.FileDone(
                ID,
                Instant.now(),
                FILE,
                "orders/a.csv",
                FileStatus.IMPORTED,
                total,
                0,
                null,
                null,
                0,
                null,
                null,
                report);
    }

    @Test
    void aDryRunIsListedAsOneWithEachFilesReport() {
        Run run = dryRun(Instant.now());
        FileReport report = new FileReport(3, 2, List.of(), null);
        run.apply(done(3, report));
        RunSummary summary = run.summary(true);
        assertThat(summary.dryRun()).isTrue();
        assertThat(summary.fileList())
                .singleElement()
                .extracting(RunSummary.FileSummary::report)
                .isEqualTo(report);
        // any other run has no dryRun field at all
        Run sweep = new Run("run-2");
        sweep.apply(new RunEvent.Started("run-2", Instant.now(), Trigger.MANUAL, null, false, "", "replica-a", null));
        assertThat(sweep.summary(false).dryRun()).isNull();
    }

    @Test
    void aForcedDryRunCarriesNoOverwriteWarningItOverwritesNothing() {
        Run run = new Run(ID);
        run.apply(
                new RunEvent.Started(ID, Instant.now(), Trigger.MANUAL, null, true, "", "replica-a", null).asDryRun());
        assertThat(run.summary(false).warning()).isNull();
    }

    @Test
    void aDryRunIsNoSweepSoNeverJudgedInterruptedNorCaughtUp() {
        Instant now = Instant.now();
        Run run = dryRun(now.minusSeconds(600));
        assertThat(run.sweep()).isFalse();
        assertThat(CatchUp.interrupted(run, now, Duration.ofSeconds(60), Optional.empty(), false))
                .isFalse();
    }

    @Test
    void aDryRunsFilesAreNeverDeliveredNotEvenAnEmptyOne() {
        Run run = dryRun(Instant.now());
        run.apply(done(0, new FileReport(0, 0, List.of(), null)));
        assertThat(run.delivery(FILE)).isEmpty();
        assertThat(run.firstDelivery(FILE)).isEmpty();
    }

    @Test
    void anotherReplicaEndsADryRunSilentForLongerThanTheLeaseAndMargin() {
        Instant now = Instant.now();
        Run run = dryRun(now.minusSeconds(300));
        run.apply(new RunEvent.Discovered(ID, now.minusSeconds(60), FILE, "orders/a.csv"));
        assertThat(DryRunOwner.gone(run, now, "replica-b", false, SILENCE)).isEmpty();
        assertThat(DryRunOwner.gone(run, now.plusSeconds(11), "replica-b", false, SILENCE))
                .hasValueSatisfying(why -> assertThat(why).contains("replica-a").contains("70 s"));
    }

    @Test
    void itsOwnerEndsADryRunItDoesNotRunAtOnce() {
        Instant now = Instant.now();
        Run run = dryRun(now);
        assertThat(DryRunOwner.gone(run, now, "replica-a", true, SILENCE)).isEmpty();
        assertThat(DryRunOwner.gone(run, now, "replica-a", false, SILENCE))
                .hasValueSatisfying(why -> assertThat(why).contains("restarted"));
    }

    @Test
    void completedDryRunsAndOtherRunsAreLeftAlone() {
        Instant now = Instant.now();
        Run ended = dryRun(now.minusSeconds(600));
        ended.apply(RunEvent.completed(ID, RunStatus.COMPLETE, 0, null, "replica-a"));
        assertThat(DryRunOwner.gone(ended, now, "replica-b", false, SILENCE)).isEmpty();
        Run sweep = new Run("run-2");
        sweep.apply(new RunEvent.Started("run-2", now.minusSeconds(600), Trigger.MANUAL, null, false, "", "x", null));
        assertThat(DryRunOwner.gone(sweep, now, "replica-b", false, SILENCE)).isEmpty();
    }
}
