package io.odpimporter.runs;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Catch-up sweeps: a sweep whose replica stopped (its lock expired) is closed as ERROR and continued by a catch-up
 * sweep that any replica starts by itself. The catch-up's run id is derived from the interrupted run's, so every
 * replica that sees the interruption names the same run, and the sweep lock plus the run's STARTED event let only
 * one of them start it.
 */
public final class CatchUp {

    /** Runs interrupted longer ago than this are not caught up (by then a scheduled sweep has covered them). */
    static final Duration WITHIN = Duration.ofDays(1);

    private CatchUp() {}

    /**
     * A sweep to continue.
     *
     * @param runId        the interrupted run
     * @param catchUpRunId the run that continues it ({@link RunIds#catchUpOf})
     * @param trackerId    the interrupted run's tracker id (the catch-up carries it)
     * @param force        its force flag
     * @param prefix       its prefix (the configured one included)
     * @param scheduledFor its cron moment, if a scheduled sweep
     * @param files        how many files it published
     * @param modifiedFrom its backfill range's start, or null (the catch-up keeps the range)
     * @param modifiedTo   its backfill range's end, or null
     * @param requestedBy  who asked for it, or null (the catch-up records them too)
     */
    public record Due(
            String runId,
            String catchUpRunId,
            String trackerId,
            boolean force,
            String prefix,
            Instant scheduledFor,
            int files,
            Instant modifiedFrom,
            Instant modifiedTo,
            String requestedBy) {

        /** A catch-up of a sweep without a backfill range and without who asked. */
        public Due(
                String runId,
                String catchUpRunId,
                String trackerId,
                boolean force,
                String prefix,
                Instant scheduledFor,
                int files) {
            this(runId, catchUpRunId, trackerId, force, prefix, scheduledFor, files, null, null, null);
        }
    }

    /**
     * @param now        this replica's clock
     * @param lease      {@code importer.sweep.lock-lease}
     * @param liveHolder the sweep lock's holder unless it has been silent for longer than the lease and the margin
     * @param heldHere   whether this replica holds the run's lock (then it is sweeping, whatever its records say)
     * @return whether {@code run} is a sweep whose replica stopped before it finished: a sweep (not a replay or a
     *         webhook run, which hold no lock) that is not finished, started more than a lease ago (so its lock's
     *         ACQUIRE, written before its start, is in the lock view), whose lock is neither held here nor alive
     */
    static boolean interrupted(Run run, Instant now, Duration lease, Optional<String> liveHolder, boolean heldHere) {
        return run.created() != null
                && !run.completed()
                && !run.sweepFinished()
                && run.sweep()
                && run.created().plus(lease).isBefore(now)
                && !heldHere
                && !liveHolder.filter(run.id()::equals).isPresent();
    }

    /**
     * @param silentFor how long its lock had no heartbeat at least (lease plus margin)
     * @return why an interrupted sweep's run ends ERROR, with what follows it
     */
    static String reason(Run run, Duration silentFor) {
        String interrupted = "The sweep was interrupted after " + run.fileCount() + " file(s) published (its replica "
                + "stopped: no lock heartbeat for over " + silentFor.toSeconds() + " s)";
        return run.cancelRequested()
                ? interrupted + "; it had been cancelled by " + run.cancelledBy() + ", so no catch-up sweep follows"
                : interrupted + "; catch-up run " + RunIds.catchUpOf(run.id()) + " continues it";
    }

    /**
     * @param known whether a run id has been started (or was dropped)
     * @return the catch-up {@code run} needs: it was closed as interrupted within {@link #WITHIN}, was not
     *         cancelled, and its catch-up run has not been started yet
     */
    static Optional<Due> due(Run run, Instant now, Predicate<String> known) {
        if (run.interruptedAt() == null
                || run.cancelRequested()
                || run.interruptedAt().plus(WITHIN).isBefore(now)) {
            return Optional.empty();
        }
        String next = RunIds.catchUpOf(run.id());
        if (known.test(next)) {
            return Optional.empty();
        }
        return Optional.of(new Due(
                run.id(),
                next,
                run.trackerId(),
                run.force(),
                run.prefix(),
                run.scheduledFor(),
                run.fileCount(),
                run.modifiedFrom(),
                run.modifiedTo(),
                run.requestedBy()));
    }
}
