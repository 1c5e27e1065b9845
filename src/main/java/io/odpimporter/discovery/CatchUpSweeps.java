package io.odpimporter.discovery;

import io.odpimporter.activity.ActivityLog;
import io.odpimporter.domain.ActivityEntry;
import io.odpimporter.logging.RunMdc;
import io.odpimporter.runs.CatchUp;
import io.odpimporter.runs.RunIds;
import io.odpimporter.runs.RunRegistry;
import io.odpimporter.state.SweepLock;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.List;

/**
 * Starts the catch-up sweeps of interrupted sweeps, on every replica, without a trigger: each run the reconciler
 * closed as interrupted ({@link RunRegistry}) is continued by the sweep {@link RunIds#catchUpOf} names, with
 * its prefix, tracker id and force flag, skipping the versions it published. Replicas seeing the same interrupted
 * run start its catch-up once: the lock grants one of them the derived run id, and a replica that gets the lock
 * after the catch-up ran finds its STARTED and stands down ({@link SweepService#start}). One at a time: while a
 * sweep holds the lock, the catch-up waits for the next pass.
 */
@ApplicationScoped
public class CatchUpSweeps {

    private static final Logger LOG = Logger.getLogger(CatchUpSweeps.class);

    private final SweepService sweeps;
    private final RunRegistry runs;
    private final SweepLock lock;
    private final ActivityLog activity;

    public CatchUpSweeps(SweepService sweeps, RunRegistry runs, SweepLock lock, ActivityLog activity) {
        this.sweeps = sweeps;
        this.runs = runs;
        this.lock = lock;
        this.activity = activity;
    }

    @Scheduled(
            every = "${importer.runs.reconcile-every}",
            delayed = "2s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void startDue() {
        List<CatchUp.Due> due = runs.catchUpsDue();
        if (due.isEmpty() || lock.liveHolder().isPresent()) {
            return;
        }
        CatchUp.Due next = due.get(0);
        try {
            SweepService.Started started = sweeps.start(SweepRequest.catchUp(next));
            if (started.accepted()) {
                started(next);
            } else {
                LOG.debugf(
                        "Catch-up run %s of run %s not started here: run %s %s",
                        next.catchUpRunId(),
                        next.runId(),
                        started.runningRunId(),
                        started.alreadyDone() ? "has run" : "holds the lock");
            }
        } catch (RuntimeException e) {
            LOG.warnf(
                    "Could not start catch-up run %s of interrupted run %s, will try again: %s",
                    next.catchUpRunId(), next.runId(), e.getMessage());
        }
    }

    private void started(CatchUp.Due due) {
        String summary = "Run " + due.runId() + " was interrupted after " + due.files() + " file(s) (its replica "
                + "stopped); catch-up run " + due.catchUpRunId() + " continues it with its prefix, tracker id and "
                + "force flag, without the versions it published";
        try (RunMdc ignored = RunMdc.of(due.catchUpRunId())) {
            LOG.infof("%s", summary);
        }
        activity.record(new ActivityEntry(
                ActivityEntry.SCHEMA_VERSION,
                "catch-up/" + due.catchUpRunId(),
                Instant.now(),
                ActivityEntry.Level.WARN,
                "import",
                "Interrupted sweep continued",
                summary,
                ActivityLog.details(
                        "runId",
                        due.catchUpRunId(),
                        "interruptedRunId",
                        due.runId(),
                        "filesPublishedBefore",
                        due.files(),
                        "prefix",
                        due.prefix(),
                        "trackerId",
                        due.trackerId(),
                        "force",
                        due.force()),
                due.catchUpRunId()));
    }
}
