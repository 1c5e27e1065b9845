package io.odpimporter.domain;

/**
 * What started a run: the {@code trigger} of its STARTED run event and of the runs API (the names are the wire and
 * API spellings).
 */
public enum Trigger {
    /** The cron sweep ({@code importer.sweep.cron}). */
    SCHEDULE,
    /** A sweep asked for through the REST API. */
    MANUAL,
    /** The sweep that continues an interrupted one. */
    CATCH_UP,
    /** The Event Grid webhook's files of one window ({@code importer.webhook.run-window}). */
    EVENT_GRID,
    /** A replay of what a run parked in the dead-letter topic. */
    REPLAY;

    /**
     * @return whether a run of this trigger is a sweep: it lists the container under the sweep lock, can be
     *         cancelled, and is continued by a catch-up sweep if its replica stops (EVENT_GRID and REPLAY runs hold no
     *         lock)
     */
    public boolean sweep() {
        return this == SCHEDULE || this == MANUAL || this == CATCH_UP;
    }

    /**
     * The one mapping from a run's trigger to the {@link FileDiscovered.Source} its file events carry: the three
     * sweeps write SWEEP, the webhook EVENT_GRID, and a replay MANUAL (a file imported again by hand). The source
     * keeps its three wire values: a replica that does not know a new one (e.g. REPLAY) would refuse the event.
     *
     * @return the source of the file events a run of this trigger publishes
     */
    public FileDiscovered.Source source() {
        return switch (this) {
            case SCHEDULE, MANUAL, CATCH_UP -> FileDiscovered.Source.SWEEP;
            case EVENT_GRID -> FileDiscovered.Source.EVENT_GRID;
            case REPLAY -> FileDiscovered.Source.MANUAL;
        };
    }
}
