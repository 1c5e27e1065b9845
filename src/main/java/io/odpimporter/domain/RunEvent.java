package io.odpimporter.domain;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Value of the runs topic (compacted): one step of a run, one record per kind. Every replica reads all run events and
 * aggregates them into runs ({@code io.odpimporter.runs.RunRegistry}). Each event has a deterministic key
 * ({@link #key()}), so a redelivered step overwrites its own event instead of adding one, and counts are of distinct
 * (blob, ETag, record index).
 *
 * <p>On the topic every kind is one flat JSON object of the same 20 fields (nulls, 0 and false included), as before
 * the kinds had types of their own ({@link RunEventJson} maps them); an event of a kind this code does not know is
 * refused as unreadable (an unknown {@code type}), which the run view logs once as a warning and skips. So a kind is
 * added only once every replica reads it (TIE was added later: older replicas skip it).
 */
@JsonSerialize(using = RunEventJson.Writer.class)
@JsonDeserialize(using = RunEventJson.Reader.class)
public sealed interface RunEvent {

    /** The {@code schemaVersion} every run event is written with. */
    int SCHEMA_VERSION = 1;

    /** Kinds of run events: the {@code type} on the topic. */
    enum Type {
        STARTED,
        FILE_DISCOVERED,
        SWEEP_FINISHED,
        FILE_DONE,
        ACCEPTED,
        REJECTED,
        COMPLETED,
        CANCEL_REQUESTED,
        TIE
    }

    /** @return the run */
    String runId();

    /** @return when it happened */
    Instant at();

    /** @return the kind */
    Type type();

    /** @return the compaction key: one per run step ({@code <runId>/<TYPE>[/<file>[/<part>]]}) */
    String key();

    /**
     * The run began.
     *
     * @param trigger      what started it
     * @param trackerId    optional caller-supplied id
     * @param force        re-import versions already in the ledger
     * @param prefix       blob name prefix swept
     * @param owner        instance that runs the sweep ({@code event-grid} for a webhook window)
     * @param scheduledFor a scheduled sweep (and its catch-up): the cron moment it is for; else null
     * @param requestedBy  optional: who asked (the operator's name) for a manual sweep, a backfill, a forced run or a
     *                     re-import; absent (null) by default
     * @param modifiedFrom optional: a backfill imports only blobs last modified at or after this; absent by default
     * @param modifiedTo   optional: a backfill imports only blobs last modified before this; absent by default
     * @param reimport     optional: a re-import run (trigger REPLAY) of this one blob version
     *                     ({@code container/name@etag}); absent by default
     * @param dryRun       optional: {@code true} for a dry run (nothing sent, recorded or moved; docs/architecture.md,
     *                     "Dry run"); absent (null) for every other run
     */
    record Started(
            String runId,
            Instant at,
            Trigger trigger,
            String trackerId,
            boolean force,
            String prefix,
            String owner,
            Instant scheduledFor,
            @JsonInclude(JsonInclude.Include.NON_NULL) String requestedBy,
            @JsonInclude(JsonInclude.Include.NON_NULL) Instant modifiedFrom,
            @JsonInclude(JsonInclude.Include.NON_NULL) Instant modifiedTo,
            @JsonInclude(JsonInclude.Include.NON_NULL) String reimport,
            @JsonInclude(JsonInclude.Include.NON_NULL) Boolean dryRun)
            implements RunEvent {

        /** A STARTED event of a run that is not a dry run. */
        public Started(
                String runId,
                Instant at,
                Trigger trigger,
                String trackerId,
                boolean force,
                String prefix,
                String owner,
                Instant scheduledFor,
                String requestedBy,
                Instant modifiedFrom,
                Instant modifiedTo,
                String reimport) {
            this(
                    runId,
                    at,
                    trigger,
                    trackerId,
                    force,
                    prefix,
                    owner,
                    scheduledFor,
                    requestedBy,
                    modifiedFrom,
                    modifiedTo,
                    reimport,
                    null);
        }

        /** A STARTED event without the optional fields (what every run wrote before backfills and re-imports). */
        public Started(
                String runId,
                Instant at,
                Trigger trigger,
                String trackerId,
                boolean force,
                String prefix,
                String owner,
                Instant scheduledFor) {
            this(runId, at, trigger, trackerId, force, prefix, owner, scheduledFor, null, null, null, null);
        }

        /** @return this event with who asked, the backfill range and the re-imported version (each may be null) */
        public Started with(String user, Instant from, Instant to, String reimportOf) {
            return new Started(
                    runId,
                    at,
                    trigger,
                    trackerId,
                    force,
                    prefix,
                    owner,
                    scheduledFor,
                    user,
                    from,
                    to,
                    reimportOf,
                    dryRun);
        }

        /** @return this event marked as a dry run's */
        public Started asDryRun() {
            return new Started(
                    runId,
                    at,
                    trigger,
                    trackerId,
                    force,
                    prefix,
                    owner,
                    scheduledFor,
                    requestedBy,
                    modifiedFrom,
                    modifiedTo,
                    reimport,
                    Boolean.TRUE);
        }

        /** @return whether it starts a dry run */
        public boolean isDryRun() {
            return Boolean.TRUE.equals(dryRun);
        }

        @Override
        public Type type() {
            return Type.STARTED;
        }

        @Override
        public String key() {
            return runId + "/" + Type.STARTED;
        }
    }

    /**
     * A file's event is in the files topic.
     *
     * @param file     {@code container/name@etag}
     * @param blobName the blob name
     */
    record Discovered(String runId, Instant at, String file, String blobName) implements RunEvent {
        @Override
        public Type type() {
            return Type.FILE_DISCOVERED;
        }

        @Override
        public String key() {
            return runId + "/" + Type.FILE_DISCOVERED + "/" + file;
        }
    }

    /**
     * Discovery ended.
     *
     * @param files   files discovered
     * @param error   why the sweep failed, else null
     * @param outcome how it ended
     */
    record SweepFinished(String runId, Instant at, long files, String error, SweepOutcome outcome) implements RunEvent {
        @Override
        public Type type() {
            return Type.SWEEP_FINISHED;
        }

        @Override
        public String key() {
            return runId + "/" + Type.SWEEP_FINISHED;
        }
    }

    /**
     * A file was read to its end (or failed, or was skipped).
     *
     * @param file       {@code container/name@etag}
     * @param blobName   the blob name
     * @param status     IMPORTED, FAILED or SKIPPED
     * @param total      records read from the file
     * @param emitted    records emitted to the stores topic
     * @param rejected   record indices parked, or null (they are in REJECTED events)
     * @param error      FAILED: why; SKIPPED: why it was skipped; else null
     * @param duplicates records whose primary key an earlier record of the file already had (the last one wins, as
     *                   an upsert would); 0 in events written before this field existed
     * @param format     the format the file was read as; null if unknown (skipped before it was opened, or written
     *                   before formats were recorded)
     * @param rule       the rule the file was imported with; null for the default rule of an empty configuration, a
     *                   file no rule matched, and events written before rules were recorded
     * @param report     optional: what ODP would make of the file's records (a dry run's file, or a file its rule's
     *                   error budget stopped or failed); absent (null) otherwise
     */
    record FileDone(
            String runId,
            Instant at,
            String file,
            String blobName,
            FileStatus status,
            long total,
            long emitted,
            List<Long> rejected,
            String error,
            long duplicates,
            FileFormat format,
            RuleRef rule,
            @JsonInclude(JsonInclude.Include.NON_NULL) FileReport report)
            implements RunEvent {

        /** A file's end without a report. */
        public FileDone(
                String runId,
                Instant at,
                String file,
                String blobName,
                FileStatus status,
                long total,
                long emitted,
                List<Long> rejected,
                String error,
                long duplicates,
                FileFormat format,
                RuleRef rule) {
            this(runId, at, file, blobName, status, total, emitted, rejected, error, duplicates, format, rule, null);
        }

        /** A file's end without its rule (the default rule, or as written before rules were recorded). */
        public FileDone(
                String runId,
                Instant at,
                String file,
                String blobName,
                FileStatus status,
                long total,
                long emitted,
                List<Long> rejected,
                String error,
                long duplicates,
                FileFormat format) {
            this(runId, at, file, blobName, status, total, emitted, rejected, error, duplicates, format, null);
        }

        /** A file's end without its format (unknown, or as written before formats were recorded). */
        public FileDone(
                String runId,
                Instant at,
                String file,
                String blobName,
                FileStatus status,
                long total,
                long emitted,
                List<Long> rejected,
                String error,
                long duplicates) {
            this(runId, at, file, blobName, status, total, emitted, rejected, error, duplicates, null, null);
        }

        @Override
        public Type type() {
            return Type.FILE_DONE;
        }

        @Override
        public String key() {
            return runId + "/" + Type.FILE_DONE + "/" + file;
        }
    }

    /**
     * ODP accepted records of a file.
     *
     * @param file    {@code container/name@etag}
     * @param part    distinguishes events of one file ({@code partition-offset-hash})
     * @param indices the records' indices
     */
    record Accepted(String runId, Instant at, String file, String part, List<Long> indices) implements RunEvent {
        @Override
        public Type type() {
            return Type.ACCEPTED;
        }

        @Override
        public String key() {
            return runId + "/" + Type.ACCEPTED + "/" + file + "/" + part;
        }
    }

    /**
     * Records of a file were parked.
     *
     * @param file    {@code container/name@etag}
     * @param part    distinguishes events of one file
     * @param indices the records' indices
     * @param error   the first one's position and reason
     */
    record Rejected(String runId, Instant at, String file, String part, List<Long> indices, String error)
            implements RunEvent {
        @Override
        public Type type() {
            return Type.REJECTED;
        }

        @Override
        public String key() {
            return runId + "/" + Type.REJECTED + "/" + file + "/" + part;
        }
    }

    /**
     * The run ended (the first one in the log counts).
     *
     * @param status   COMPLETE, CANCELLED or ERROR
     * @param accepted records ODP accepted
     * @param error    why it failed, else null
     * @param writer   instance that wrote it (and logs the run's end)
     */
    record Completed(String runId, Instant at, RunStatus status, long accepted, String error, String writer)
            implements RunEvent {
        @Override
        public Type type() {
            return Type.COMPLETED;
        }

        @Override
        public String key() {
            return runId + "/" + Type.COMPLETED;
        }
    }

    /**
     * Someone asked to stop the run's discovery.
     *
     * @param user who asked
     */
    record CancelRequested(String runId, Instant at, String user) implements RunEvent {
        @Override
        public Type type() {
            return Type.CANCEL_REQUESTED;
        }

        @Override
        public String key() {
            return runId + "/" + Type.CANCEL_REQUESTED;
        }
    }

    /**
     * The state of a tie group: rewritten (same key) each time a file joins it.
     *
     * @param group files of one Last-Modified second that share primary keys
     */
    record Tie(String runId, Instant at, TieGroup group) implements RunEvent {
        public Tie {
            Objects.requireNonNull(group, "a TIE event carries its group");
        }

        @Override
        public Type type() {
            return Type.TIE;
        }

        /** @return the group's {@code container@second} */
        public String file() {
            return group.container() + "@" + group.lastModified();
        }

        @Override
        public String key() {
            return runId + "/" + Type.TIE + "/" + file();
        }
    }

    static Started started(
            String runId, Trigger trigger, String trackerId, boolean force, String prefix, String owner) {
        return started(runId, trigger, trackerId, force, prefix, owner, null);
    }

    static Started started(
            String runId,
            Trigger trigger,
            String trackerId,
            boolean force,
            String prefix,
            String owner,
            Instant scheduledFor) {
        return new Started(runId, Instant.now(), trigger, trackerId, force, prefix, owner, scheduledFor);
    }

    static Discovered fileDiscovered(String runId, String file, String blobName) {
        return new Discovered(runId, Instant.now(), file, blobName);
    }

    /** @return the end of discovery after {@code files} files; {@code error} if it failed, else null */
    static SweepFinished sweepFinished(String runId, long files, String error) {
        return new SweepFinished(runId, Instant.now(), files, error, SweepOutcome.FINISHED);
    }

    /** @return the end of discovery after a cancel request: {@code files} discovered before it stopped */
    static SweepFinished sweepCancelled(String runId, long files) {
        return new SweepFinished(runId, Instant.now(), files, null, SweepOutcome.CANCELLED);
    }

    /** @return the end of a sweep whose replica stopped after {@code files} files; a catch-up sweep continues it */
    static SweepFinished sweepInterrupted(String runId, long files, String error) {
        return new SweepFinished(runId, Instant.now(), files, error, SweepOutcome.INTERRUPTED);
    }

    /** @return a request to stop the run's discovery, by {@code user} */
    static CancelRequested cancelRequested(String runId, String user) {
        return new CancelRequested(runId, Instant.now(), user);
    }

    static FileDone fileDone(
            String runId,
            String file,
            String blobName,
            FileStatus status,
            long total,
            long emitted,
            List<Long> rejected,
            String error,
            long duplicates) {
        return fileDone(runId, file, blobName, status, total, emitted, rejected, error, duplicates, null);
    }

    /** @param format the format the file was read as, null if unknown */
    static FileDone fileDone(
            String runId,
            String file,
            String blobName,
            FileStatus status,
            long total,
            long emitted,
            List<Long> rejected,
            String error,
            long duplicates,
            FileFormat format) {
        return fileDone(runId, file, blobName, status, total, emitted, rejected, error, duplicates, format, null);
    }

    /**
     * @param format the format the file was read as, null if unknown
     * @param rule   the rule the file was imported with, null for the default rule (then not written)
     */
    static FileDone fileDone(
            String runId,
            String file,
            String blobName,
            FileStatus status,
            long total,
            long emitted,
            List<Long> rejected,
            String error,
            long duplicates,
            FileFormat format,
            RuleRef rule) {
        return new FileDone(
                runId,
                Instant.now(),
                file,
                blobName,
                status,
                total,
                emitted,
                rejected,
                error,
                duplicates,
                format,
                rule);
    }

    /**
     * @param rule   the rule the file was imported with, null for the default rule (then not written)
     * @param report what ODP would make of the file's records, null for none (then not written)
     */
    static FileDone fileDone(
            String runId,
            String file,
            String blobName,
            FileStatus status,
            long total,
            long emitted,
            String error,
            long duplicates,
            FileFormat format,
            RuleRef rule,
            FileReport report) {
        return new FileDone(
                runId,
                Instant.now(),
                file,
                blobName,
                status,
                total,
                emitted,
                null,
                error,
                duplicates,
                format,
                rule,
                report);
    }

    static Accepted accepted(String runId, String file, String part, List<Long> indices) {
        return new Accepted(runId, Instant.now(), file, part, indices);
    }

    static Rejected rejected(String runId, String file, String part, List<Long> indices, String error) {
        return new Rejected(runId, Instant.now(), file, part, indices, error);
    }

    /** @return the state of a tie group: rewritten (same key) each time a file joins it */
    static Tie tie(String runId, TieGroup group) {
        return new Tie(runId, Instant.now(), group);
    }

    static Completed completed(String runId, RunStatus status, long accepted, String error, String writer) {
        return new Completed(runId, Instant.now(), status, accepted, error, writer);
    }
}
