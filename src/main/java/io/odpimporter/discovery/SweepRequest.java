package io.odpimporter.discovery;

/**
 * What to sweep.
 *
 * @param trigger   SCHEDULE or MANUAL
 * @param trackerId optional caller-supplied id, shown with the run
 * @param force     publish blob versions even if the ledger has them (re-import)
 * @param prefix    extra blob name prefix, inside the configured one; empty for all
 * @param scheduledFor SCHEDULE: the cron moment this sweep is for; null for a manual trigger
 */
public record SweepRequest(String trigger, String trackerId, boolean force, String prefix,
                           java.time.Instant scheduledFor) {

    /** A manual (REST) trigger. */
    public static SweepRequest manual(String trackerId, boolean force, String prefix) {
        return new SweepRequest(MANUAL, trackerId, force, prefix, null);
    }

    /** The scheduled sweep for the cron moment {@code scheduledFor}. */
    public static SweepRequest scheduled(java.time.Instant scheduledFor) {
        return new SweepRequest(SCHEDULE, null, false, "", scheduledFor);
    }

    public static final String SCHEDULE = "SCHEDULE";
    public static final String MANUAL = "MANUAL";
}
