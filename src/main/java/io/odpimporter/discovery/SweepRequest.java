package io.odpimporter.discovery;

/**
 * What to sweep.
 *
 * @param trigger   SCHEDULE or MANUAL
 * @param trackerId optional caller-supplied id, shown with the run
 * @param force     publish blob versions even if the ledger has them (re-import)
 * @param prefix    extra blob name prefix, inside the configured one; empty for all
 */
public record SweepRequest(String trigger, String trackerId, boolean force, String prefix) {
    public static final String SCHEDULE = "SCHEDULE";
    public static final String MANUAL = "MANUAL";
}
