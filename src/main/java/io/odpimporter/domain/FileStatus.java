package io.odpimporter.domain;

/**
 * Where a file of a run is: PENDING until its FILE_DONE run event, then that event's {@code status} (the names are
 * the wire and API spellings).
 */
public enum FileStatus {
    /** Discovered, not done yet (never written in a run event). */
    PENDING,
    /** Every record reached the stores topic or was parked. */
    IMPORTED,
    /** The file could not be read to the end (it is parked as FAILED_FILE). */
    FAILED,
    /** Already imported (ledger), deleted, or replaced by a newer version. */
    SKIPPED
}
