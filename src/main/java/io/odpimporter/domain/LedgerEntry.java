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
 *                      is durably in the stores topic or parked), DELIVERED (every record accepted by ODP or
 *                      parked, with the counts), FAILED (see {@code error})
 * @param runId         the run that set this state
 * @param records       records read from the file (IMPORTED and FAILED), else 0
 * @param error         why it FAILED, else null
 * @param updatedAt     when the state was set
 * @param rule          the rule that matched the blob (name@fingerprint), so a later
 *                      configuration change never reinterprets it; absent (null) by default
 * @param accepted      DELIVERED: records ODP accepted; absent (null) otherwise
 * @param rejected      DELIVERED: records ODP refused, parked; absent otherwise
 * @param parked        DELIVERED: records parked in all (refused by ODP or invalid); absent otherwise
 * @param afterImport   the after-import action of a DELIVERED or FAILED version (tag, move, delete); absent when
 *                      there is none
 * @param lastModified  optional: the blob's Last-Modified (for the files API's time filters); absent by default
 * @param format        optional: the format the file was read as (IMPORTED, DELIVERED, FAILED); absent by default
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
        @JsonInclude(JsonInclude.Include.NON_NULL) AfterImport afterImport,
        @JsonInclude(JsonInclude.Include.NON_NULL) Instant lastModified,
        @JsonInclude(JsonInclude.Include.NON_NULL) FileFormat format) {

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
                null,
                null,
                null);
    }

    /**
     * The same entry as the canonical constructor without {@code lastModified} and {@code format} (what writers before
     * the files API wrote).
     */
    public LedgerEntry(
            int schemaVersion,
            String container,
            String blobName,
            String etag,
            State state,
            String runId,
            long records,
            String error,
            Instant updatedAt,
            RuleRef rule,
            Long accepted,
            Long rejected,
            Long parked,
            AfterImport afterImport) {
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
                rule,
                accepted,
                rejected,
                parked,
                afterImport,
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
         * {@code parked} counts. Like IMPORTED, the version is done: neither the sweep, nor the webhook, nor the
         * importer imports it again. Read since the release of the rules (issue [2/7] made room for it), written since
         * the files API's: every replica that may still run reads it.
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

    /** @return this entry in another state, by another run, at {@code at}, its other fields kept */
    public LedgerEntry withState(State newState, String newRunId, Instant at) {
        return new LedgerEntry(
                schemaVersion,
                container,
                blobName,
                etag,
                newState,
                newRunId,
                records,
                error,
                at,
                rule,
                accepted,
                rejected,
                parked,
                afterImport,
                lastModified,
                format);
    }

    /**
     * @return this entry DELIVERED with its counts (the run, records, rule, format and Last-Modified kept); the
     *         after-import action, if any, is set by its own writer
     */
    public LedgerEntry delivered(long acceptedCount, long rejectedCount, long parkedCount, Instant at) {
        return new LedgerEntry(
                SCHEMA_VERSION,
                container,
                blobName,
                etag,
                State.DELIVERED,
                runId,
                records,
                error,
                at,
                rule,
                acceptedCount,
                rejectedCount,
                parkedCount,
                afterImport,
                lastModified,
                format);
    }

    /** @return this entry with its after-import action's new state (everything else kept, {@code updatedAt} too) */
    public LedgerEntry withAfterImport(AfterImport action) {
        return new LedgerEntry(
                schemaVersion,
                container,
                blobName,
                etag,
                state,
                runId,
                records,
                error,
                updatedAt,
                rule,
                accepted,
                rejected,
                parked,
                action,
                lastModified,
                format);
    }

    /** @return this entry with the blob's Last-Modified and the format it was read as (either may be null) */
    public LedgerEntry withBlob(Instant blobLastModified, FileFormat readAs) {
        return new LedgerEntry(
                schemaVersion,
                container,
                blobName,
                etag,
                state,
                runId,
                records,
                error,
                updatedAt,
                rule,
                accepted,
                rejected,
                parked,
                afterImport,
                blobLastModified,
                readAs);
    }

    /**
     * The after-import action on a version (tag, move or delete the blob once DELIVERED or FAILED), written by the
     * reconcile pass that does it (docs/operations.md, "After the import").
     *
     * @param action        what is done, as configured: {@code tag}, {@code move} or {@code delete} (a string on the
     *                      wire, so a later action is no unknown enum value to an older replica)
     * @param state         where it stands
     * @param at            when it reached that state
     * @param error         the last attempt's failure (PENDING: retried at {@code nextAttemptAt}; FAILED: permanent),
     *                      else null
     * @param destination   {@code move}: the blob name it was copied to (the source is deleted once the copy
     *                      succeeded); else null
     * @param attempts      attempts so far; null before the first
     * @param nextAttemptAt PENDING after a failure: not tried again before this; else null
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record AfterImport(
            String action,
            ActionState state,
            Instant at,
            String error,
            String destination,
            Integer attempts,
            Instant nextAttemptAt) {

        /** An action state without destination and attempts. */
        public AfterImport(String action, ActionState state, Instant at, String error) {
            this(action, state, at, error, null, null, null);
        }
    }

    /** Where an after-import action stands. */
    public enum ActionState {
        /** To do, or failed for a reason that may pass (retried with backoff): {@code error} says the last. */
        PENDING,
        /** Done (an action found already done counts). */
        DONE,
        /** Refused for good (403, a lease, an immutability policy or legal hold): not retried; {@code error} says why. */
        FAILED
    }
}
