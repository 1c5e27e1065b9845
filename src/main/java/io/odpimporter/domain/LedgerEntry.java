package io.odpimporter.domain;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;

/**
 * Value of the ledger topic (compacted, key = {@link BlobVersion#key()}): what happened to one blob version.
 * Rolling upgrades: see {@link io.odpimporter.domain the package's rules}.
 *
 * @param schemaVersion {@link #SCHEMA_VERSION}
 * @param container     container name
 * @param blobName      blob name
 * @param etag          ETag without quotes
 * @param state         IN_PROGRESS (discovered, its file event is in the files topic), IMPORTED (every record
 *                      is durably in the stores topic or parked), FAILED (see {@code error}); DELIVERED is read but
 *                      not written yet ({@link State#DELIVERED})
 * @param runId         the run that set this state
 * @param records       records read from the file (IMPORTED and FAILED), else 0
 * @param error         why it FAILED, else null
 * @param updatedAt     when the state was set
 * @param rule          the rule that matched the blob (name@fingerprint), so a later
 *                      configuration change never reinterprets it; absent (null) by default
 * @param accepted      optional, not written yet (DELIVERED): records ODP accepted; absent (null) by default
 * @param rejected      optional, not written yet (DELIVERED): records ODP refused, parked; absent by default
 * @param parked        optional, not written yet (DELIVERED): records parked in all (refused by ODP or invalid);
 *                      absent by default
 * @param afterImport   optional, not written yet: the state of the after-import action; absent by default
 */
public record LedgerEntry(
        int schemaVersion,
        String container,
        String blobName,
        String etag,
        State state,
        String runId,
        long records,
        String error,
        Instant updatedAt,
        @JsonInclude(JsonInclude.Include.NON_NULL) RuleRef rule,
        @JsonInclude(JsonInclude.Include.NON_NULL) Long accepted,
        @JsonInclude(JsonInclude.Include.NON_NULL) Long rejected,
        @JsonInclude(JsonInclude.Include.NON_NULL) Long parked,
        @JsonInclude(JsonInclude.Include.NON_NULL) AfterImport afterImport) {

    public static final int SCHEMA_VERSION = 1;

    /** An entry without the optional fields: what every writer writes today. */
    public LedgerEntry(
            int schemaVersion,
            String container,
            String blobName,
            String etag,
            State state,
            String runId,
            long records,
            String error,
            Instant updatedAt) {
        this(
                schemaVersion,
                container,
                blobName,
                etag,
                state,
                runId,
                records,
                error,
                updatedAt,
                null,
                null,
                null,
                null,
                null);
    }

    /** An entry of {@code version} without the optional fields. */
    public LedgerEntry(BlobVersion version, State state, String runId, long records, String error, Instant updatedAt) {
        this(
                SCHEMA_VERSION,
                version.container(),
                version.blobName(),
                version.etag(),
                state,
                runId,
                records,
                error,
                updatedAt);
    }

    /** State of a blob version. */
    public enum State {
        IN_PROGRESS,
        IMPORTED,
        FAILED,
        /**
         * Every record of the version accepted by ODP or parked, with {@code accepted}, {@code rejected} and
         * {@code parked} counts. <b>Read since this release, written by none</b>: a replica of an older release
         * refuses a ledger value with a state it does not know (it skips it, and once compaction removed the version's
         * earlier entry it would import the version again). Introduced in two releases: this one reads it (like
         * IMPORTED, the version is done: neither the sweep, nor the webhook, nor the importer imports it again); only
         * a later release, once no replica older than this one runs, may write it.
         */
        DELIVERED
    }

    /** @return the blob version this entry is about */
    public BlobVersion version() {
        return new BlobVersion(container, blobName, etag);
    }

    /** @return the compaction key: {@link BlobVersion#key()} */
    public String key() {
        return version().key();
    }

    /**
     * The after-import action on a version (tag, move or delete the blob once DELIVERED or FAILED): optional, not
     * written yet.
     *
     * @param action what is done, as configured (e.g. {@code tag}, {@code move}, {@code delete})
     * @param state  where it stands
     * @param at     when it reached that state
     * @param error  why it FAILED, else null
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record AfterImport(String action, ActionState state, Instant at, String error) {}

    /** Where an after-import action stands. */
    public enum ActionState {
        PENDING,
        DONE,
        FAILED
    }
}
