package io.odpimporter.domain;

import java.time.Instant;
import java.util.List;

/**
 * Value of the runs topic (compacted). Every replica reads all run events and aggregates them into runs
 * ({@code io.odpimporter.runs.RunRegistry}). Each event has a deterministic key ({@link #key()}), so a
 * redelivered step overwrites its own event instead of adding one, and counts are of distinct
 * (blob, ETag, record index).
 *
 * @param schemaVersion {@link #SCHEMA_VERSION}
 * @param type          what happened
 * @param runId         the run
 * @param at            when
 * @param trigger       STARTED: SCHEDULE, MANUAL, CATCH_UP, EVENT_GRID or REPLAY
 * @param trackerId     STARTED: optional caller-supplied id
 * @param force         STARTED: re-import versions already in the ledger
 * @param prefix        STARTED: blob name prefix swept
 * @param owner         STARTED: instance that runs the sweep; COMPLETED: instance that wrote it;
 *                      CANCEL_REQUESTED: the user who asked
 * @param file          file events: {@code container/name@etag}
 * @param blobName      file events: the blob name
 * @param status        FILE_DONE: IMPORTED, FAILED or SKIPPED; COMPLETED: COMPLETE, CANCELLED or ERROR;
 *                      SWEEP_FINISHED: CANCELLED if discovery stopped on a cancel request, INTERRUPTED if its
 *                      replica stopped and a catch-up sweep continues it, else null
 * @param total         FILE_DONE: records read from the file; SWEEP_FINISHED: files discovered
 * @param emitted       FILE_DONE: records emitted to the stores topic
 * @param indices       ACCEPTED/REJECTED/FILE_DONE: record indices accepted by ODP or parked
 * @param error         FILE_DONE, SWEEP_FINISHED, COMPLETED: the failure, else null
 * @param part          ACCEPTED/REJECTED: distinguishes events of one file ({@code partition-offset})
 * @param duplicates    FILE_DONE: records whose primary key an earlier record of the file already had (the last
 *                      one wins, as an upsert would); 0 in events written before this field existed
 * @param scheduledFor  STARTED by the scheduler: the cron moment the sweep is for; else null
 * @param tie           TIE: files of one Last-Modified second that share primary keys ({@code file} is
 *                      {@code container@second}); else null. An optional field and a kind added later: a replica
 *                      older than them ignores the field, and refuses a TIE event as unreadable (Payloads.read: an
 *                      unknown enum value), which its run view logs once as a warning and skips
 */
public record RunEvent(int schemaVersion, Type type, String runId, Instant at, String trigger, String trackerId,
                       boolean force, String prefix, String owner, String file, String blobName, String status,
                       long total, long emitted, List<Long> indices, String error, String part,
                       long duplicates, Instant scheduledFor, TieGroup tie) {

    public static final int SCHEMA_VERSION = 1;

    /** Kinds of run events. */
    public enum Type { STARTED, FILE_DISCOVERED, SWEEP_FINISHED, FILE_DONE, ACCEPTED, REJECTED, COMPLETED,
        CANCEL_REQUESTED, TIE }

    /** @return the compaction key: one per run step */
    public String key() {
        return switch (type) {
            case STARTED, SWEEP_FINISHED, COMPLETED, CANCEL_REQUESTED -> runId + "/" + type;
            case FILE_DISCOVERED, FILE_DONE, TIE -> runId + "/" + type + "/" + file;
            case ACCEPTED, REJECTED -> runId + "/" + type + "/" + file + "/" + part;
        };
    }

    public static RunEvent started(String runId, String trigger, String trackerId, boolean force, String prefix,
                                   String owner) {
        return started(runId, trigger, trackerId, force, prefix, owner, null);
    }

    public static RunEvent started(String runId, String trigger, String trackerId, boolean force, String prefix,
                                   String owner, Instant scheduledFor) {
        return new RunEvent(SCHEMA_VERSION, Type.STARTED, runId, Instant.now(), trigger, trackerId, force, prefix,
                owner, null, null, null, 0, 0, null, null, null, 0, scheduledFor, null);
    }

    public static RunEvent fileDiscovered(String runId, String file, String blobName) {
        return new RunEvent(SCHEMA_VERSION, Type.FILE_DISCOVERED, runId, Instant.now(), null, null, false, null,
                null, file, blobName, null, 0, 0, null, null, null, 0, null, null);
    }

    public static RunEvent sweepFinished(String runId, long files, String error) {
        return new RunEvent(SCHEMA_VERSION, Type.SWEEP_FINISHED, runId, Instant.now(), null, null, false, null,
                null, null, null, null, files, 0, null, error, null, 0, null, null);
    }

    /** @return the end of discovery after a cancel request: {@code files} discovered before it stopped */
    public static RunEvent sweepCancelled(String runId, long files) {
        return new RunEvent(SCHEMA_VERSION, Type.SWEEP_FINISHED, runId, Instant.now(), null, null, false, null,
                null, null, null, "CANCELLED", files, 0, null, null, null, 0, null, null);
    }

    /** Status of a SWEEP_FINISHED written for a sweep whose replica stopped: a catch-up sweep continues it. */
    public static final String INTERRUPTED = "INTERRUPTED";

    /** @return the end of a sweep whose replica stopped after {@code files} files; a catch-up sweep continues it */
    public static RunEvent sweepInterrupted(String runId, long files, String error) {
        return new RunEvent(SCHEMA_VERSION, Type.SWEEP_FINISHED, runId, Instant.now(), null, null, false, null,
                null, null, null, INTERRUPTED, files, 0, null, error, null, 0, null, null);
    }

    /** @return a request to stop the run's discovery, by {@code user} */
    public static RunEvent cancelRequested(String runId, String user) {
        return new RunEvent(SCHEMA_VERSION, Type.CANCEL_REQUESTED, runId, Instant.now(), null, null, false, null,
                user, null, null, null, 0, 0, null, null, null, 0, null, null);
    }

    public static RunEvent fileDone(String runId, String file, String blobName, String status, long total,
                                    long emitted, List<Long> rejected, String error, long duplicates) {
        return new RunEvent(SCHEMA_VERSION, Type.FILE_DONE, runId, Instant.now(), null, null, false, null,
                null, file, blobName, status, total, emitted, rejected, error, null, duplicates, null, null);
    }

    public static RunEvent records(Type type, String runId, String file, String part, List<Long> indices,
                                   String error) {
        return new RunEvent(SCHEMA_VERSION, type, runId, Instant.now(), null, null, false, null,
                null, file, null, null, 0, 0, indices, error, part, 0, null, null);
    }

    /** @return the state of a tie group: rewritten (same key) each time a file joins it */
    public static RunEvent tie(String runId, TieGroup group) {
        return new RunEvent(SCHEMA_VERSION, Type.TIE, runId, Instant.now(), null, null, false, null, null,
                group.container() + "@" + group.lastModified(), null, null, group.files(), 0, null, null, null, 0,
                null, group);
    }

    public static RunEvent completed(String runId, String status, long accepted, String error, String writer) {
        return new RunEvent(SCHEMA_VERSION, Type.COMPLETED, runId, Instant.now(), null, null, false, null,
                writer, null, null, status, accepted, 0, null, error, null, 0, null, null);
    }
}
