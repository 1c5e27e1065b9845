package io.odpimporter.domain;

import java.time.Instant;

/**
 * Value of the ledger topic (compacted, key = {@code container/name@etag}): what happened to one blob version.
 *
 * @param schemaVersion {@link #SCHEMA_VERSION}
 * @param container     container name
 * @param blobName      blob name
 * @param etag          ETag without quotes
 * @param state         IN_PROGRESS (discovered, its file event is in the files topic), IMPORTED (every record
 *                      is durably in the stores topic or parked), FAILED (see {@code error})
 * @param runId         the run that set this state
 * @param records       records read from the file (IMPORTED and FAILED), else 0
 * @param error         why it FAILED, else null
 * @param updatedAt     when the state was set
 */
public record LedgerEntry(int schemaVersion, String container, String blobName, String etag, State state,
                          String runId, long records, String error, Instant updatedAt) {

    public static final int SCHEMA_VERSION = 1;

    /** State of a blob version. */
    public enum State { IN_PROGRESS, IMPORTED, FAILED }

    public String key() {
        return BlobVersion.key(container, blobName, etag);
    }
}
