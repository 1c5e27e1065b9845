package io.odpimporter.domain;

/**
 * Where a run is: RUNNING until it ends, then how it ended (the {@code status} of its COMPLETED run event and of the
 * runs API; the names are the wire and API spellings).
 */
public enum RunStatus {
    /** Not ended yet (never written in a run event). */
    RUNNING,
    /** Every file done, every record accepted by ODP or parked. */
    COMPLETE,
    /** Discovery stopped on a cancel request; the files it discovered are done. */
    CANCELLED,
    /** The sweep failed or was interrupted. */
    ERROR
}
