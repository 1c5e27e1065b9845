package io.odpimporter.discovery;

import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.ScheduledExecution;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * Runs the nightly catch-up sweep: cron {@code importer.sweep.cron} (Quartz style with a seconds field,
 * default {@code 0 0 6 * * ?}) in time zone {@code importer.sweep.time-zone} (default UTC). Every replica's
 * scheduler fires; the sweep lock lets exactly one of them sweep.
 */
@ApplicationScoped
public class SweepScheduler {

    private static final Logger LOG = Logger.getLogger(SweepScheduler.class);
    /** Identity of the scheduled job. */
    public static final String JOB = "offline-store-import-sweep";

    private final SweepService sweeps;

    public SweepScheduler(SweepService sweeps) {
        this.sweeps = sweeps;
    }

    @Scheduled(identity = JOB, cron = "${importer.sweep.cron}", timeZone = "${importer.sweep.time-zone}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            // a replica busy (GC, start-up) at the cron moment still sweeps within a minute, instead of skipping
            // the night (the default grace is 1 s); the run records the moment, so replicas agree on it
            overdueGracePeriod = "1m")
    void scheduledSweep(ScheduledExecution execution) {
        try {
            SweepService.Started started = sweeps.start(SweepRequest.scheduled(execution.getScheduledFireTime()));
            if (!started.accepted()) {
                LOG.infof("Scheduled sweep for %s skipped: run %s %s", execution.getScheduledFireTime(),
                        started.runningRunId(), started.alreadyDone() ? "already swept at that moment"
                                : "is sweeping");
            }
        } catch (RuntimeException e) {
            LOG.errorf("Scheduled sweep could not start: %s", e.getMessage());
        }
    }
}
