package io.odpimporter.discovery;

import io.odpimporter.domain.Trigger;
import io.odpimporter.runs.CatchUp;

import java.time.Instant;

/**
 * What to sweep.
 *
 * @param trigger      SCHEDULE, MANUAL or CATCH_UP
 * @param trackerId    optional caller-supplied id, shown with the run
 * @param force        publish blob versions even if the ledger has them (re-import)
 * @param prefix       extra blob name prefix, inside the configured one; empty for all
 * @param scheduledFor SCHEDULE: the cron moment this sweep is for; CATCH_UP: the interrupted run's; else null
 * @param catchUpOf    CATCH_UP: the interrupted run this sweep continues (its run id is derived from it, and it
 *                     skips the blob versions that run published); else null
 * @param modifiedFrom a backfill: only blobs last modified at or after this; else null (and
 *                     {@code importer.sweep.start-after} applies)
 * @param modifiedTo   a backfill: only blobs last modified before this; else null
 * @param requestedBy  who asked (the operator's name), recorded on the run; null for the schedule and catch-ups of
 *                     runs nobody asked for
 */
public record SweepRequest(
        Trigger trigger,
        String trackerId,
        boolean force,
        String prefix,
        Instant scheduledFor,
        String catchUpOf,
        Instant modifiedFrom,
        Instant modifiedTo,
        String requestedBy) {

    /** A request without a backfill range and without who asked. */
    public SweepRequest(
            Trigger trigger, String trackerId, boolean force, String prefix, Instant scheduledFor, String catchUpOf) {
        this(trigger, trackerId, force, prefix, scheduledFor, catchUpOf, null, null, null);
    }

    /** A manual (REST) trigger. */
    public static SweepRequest manual(String trackerId, boolean force, String prefix) {
        return new SweepRequest(Trigger.MANUAL, trackerId, force, prefix, null, null);
    }

    /**
     * A manual (REST) trigger with a backfill range (either bound may be null) and who asked.
     *
     * @param modifiedFrom only blobs last modified at or after this, even before {@code importer.sweep.start-after}
     * @param modifiedTo   only blobs last modified before this
     */
    public static SweepRequest manual(
            String trackerId,
            boolean force,
            String prefix,
            Instant modifiedFrom,
            Instant modifiedTo,
            String requestedBy) {
        return new SweepRequest(
                Trigger.MANUAL, trackerId, force, prefix, null, null, modifiedFrom, modifiedTo, requestedBy);
    }

    /** The scheduled sweep for the cron moment {@code scheduledFor}. */
    public static SweepRequest scheduled(Instant scheduledFor) {
        return new SweepRequest(Trigger.SCHEDULE, null, false, "", scheduledFor, null);
    }

    /** The catch-up of an interrupted sweep: its prefix, tracker id, force flag, range, requester and cron moment. */
    public static SweepRequest catchUp(CatchUp.Due due) {
        return new SweepRequest(
                Trigger.CATCH_UP,
                due.trackerId(),
                due.force(),
                due.prefix() == null ? "" : due.prefix(),
                due.scheduledFor(),
                due.runId(),
                due.modifiedFrom(),
                due.modifiedTo(),
                due.requestedBy());
    }

    /** @return whether this is a backfill: a sweep with a Last-Modified range */
    public boolean backfill() {
        return modifiedFrom != null || modifiedTo != null;
    }
}
