package io.odpimporter.discovery;

import io.odpimporter.config.ImporterConfig;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.ScheduledExecution;
import io.quarkus.scheduler.Scheduler;
import io.quarkus.scheduler.Trigger;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.ZoneId;
import java.time.ZonedDateTime;

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

    /**
     * The sweep's schedule as configured, and when the scheduler fires next.
     *
     * @param cron     {@code importer.sweep.cron}, {@code off} when disabled
     * @param timeZone {@code importer.sweep.time-zone}
     * @param next     the scheduler's next fire time in that zone; null when the sweep is off
     */
    public record Schedule(String cron, String timeZone, ZonedDateTime next) {}

    private final SweepService sweeps;
    private final Scheduler scheduler;
    private final ImporterConfig config;

    public SweepScheduler(SweepService sweeps, Scheduler scheduler, ImporterConfig config) {
        this.sweeps = sweeps;
        this.scheduler = scheduler;
        this.config = config;
    }

    /** @return the schedule, its next time as the scheduler has it (none when {@code cron} is off) */
    public Schedule schedule() {
        ImporterConfig.Sweep sweep = config.sweep();
        Trigger trigger = sweep.scheduled() ? scheduler.getScheduledJob(JOB) : null;
        ZonedDateTime next = trigger == null || trigger.getNextFireTime() == null
                ? null
                : trigger.getNextFireTime().atZone(ZoneId.of(sweep.timeZone()));
        return new Schedule(sweep.cron(), sweep.timeZone(), next);
    }

    @Scheduled(
            identity = JOB,
            cron = "${importer.sweep.cron}",
            timeZone = "${importer.sweep.time-zone}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            // a replica busy (GC, start-up) at the cron moment still sweeps within a minute, instead of skipping
            // the night (the default grace is 1 s); the run records the moment, so replicas agree on it
            overdueGracePeriod = "1m")
    void scheduledSweep(ScheduledExecution execution) {
        try {
            SweepService.Started started = sweeps.start(SweepRequest.scheduled(execution.getScheduledFireTime()));
            if (!started.accepted()) {
                LOG.infof(
                        "Scheduled sweep for %s skipped: run %s %s",
                        execution.getScheduledFireTime(),
                        started.runningRunId(),
                        started.alreadyDone() ? "already swept at that moment" : "is sweeping");
            }
        } catch (RuntimeException e) {
            LOG.errorf("Scheduled sweep could not start: %s", e.getMessage());
        }
    }
}
