package io.odpimporter.domain;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;

/**
 * Value of the files topic (key = blob name): one blob version to import. Rolling upgrades: see
 * {@link io.odpimporter.domain the package's rules}.
 *
 * @param schemaVersion  payload schema version, {@link #SCHEMA_VERSION}
 * @param account        storage account name
 * @param container      container name
 * @param blobName       blob name, decoded (may contain '/', spaces, non-ASCII)
 * @param etag           the blob version's ETag, without quotes; the importer reads with it as If-Match
 * @param lastModified   the blob's Last-Modified (1 s precision); for EVENT_GRID, the event's eventTime (null if absent)
 * @param contentLength  size in bytes
 * @param source         what discovered it
 * @param runId          the run this file belongs to
 * @param discoveredAt   when it was discovered
 * @param force          import even if the ledger says this version is already imported
 * @param versionId      SWEEP: the blob version id where blob versioning is on (the write time, sub-second), which
 *                       ordered it among blobs of the same Last-Modified second; else null. Optional: events written
 *                       before it existed have none, and older replicas ignore it (unknown JSON fields are ignored)
 * @param rule           the rule that matched the blob (name@fingerprint); absent (null) by
 *                       default, and then not written
 */
public record FileDiscovered(
        int schemaVersion,
        String account,
        String container,
        String blobName,
        String etag,
        Instant lastModified,
        long contentLength,
        Source source,
        String runId,
        Instant discoveredAt,
        boolean force,
        String versionId,
        @JsonInclude(JsonInclude.Include.NON_NULL) RuleRef rule) {

    public static final int SCHEMA_VERSION = 1;

    /** An event without a rule: what every writer writes today. */
    public FileDiscovered(
            int schemaVersion,
            String account,
            String container,
            String blobName,
            String etag,
            Instant lastModified,
            long contentLength,
            Source source,
            String runId,
            Instant discoveredAt,
            boolean force,
            String versionId) {
        this(
                schemaVersion,
                account,
                container,
                blobName,
                etag,
                lastModified,
                contentLength,
                source,
                runId,
                discoveredAt,
                force,
                versionId,
                null);
    }

    /** An event without a version id (Event Grid, replays, unversioned accounts). */
    public FileDiscovered(
            int schemaVersion,
            String account,
            String container,
            String blobName,
            String etag,
            Instant lastModified,
            long contentLength,
            Source source,
            String runId,
            Instant discoveredAt,
            boolean force) {
        this(
                schemaVersion,
                account,
                container,
                blobName,
                etag,
                lastModified,
                contentLength,
                source,
                runId,
                discoveredAt,
                force,
                null);
    }

    /** What discovered a file. */
    public enum Source {
        SWEEP,
        EVENT_GRID,
        MANUAL
    }

    /** @return this event with the rule that matched the blob (null: the default rule, not written) */
    public FileDiscovered withRule(RuleRef matched) {
        return new FileDiscovered(
                schemaVersion,
                account,
                container,
                blobName,
                etag,
                lastModified,
                contentLength,
                source,
                runId,
                discoveredAt,
                force,
                versionId,
                matched);
    }

    /** @return the blob version to import: its key is the ledger's and the progress marks' */
    public BlobVersion version() {
        return new BlobVersion(container, blobName, etag);
    }
}
