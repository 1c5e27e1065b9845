package io.odpimporter.domain;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;

/**
 * Value of the progress topic (compacted, key = {@code container/name@etag}): where a redelivered file resumes.
 * Written after every record before it was acknowledged by Kafka.
 *
 * @param schemaVersion   {@link #SCHEMA_VERSION}
 * @param runId           the run importing the file; a mark of another run is ignored
 * @param nextRecordIndex index (0-based, in the file's array) of the first record not yet emitted
 * @param byteOffset      byte offset in the blob where that record's JSON value starts
 * @param rejected        how many records before the mark were parked (invalid); their indices are in REJECTED run events
 * @param writtenAt       when the mark was written
 * @param duplicates      how many records before the mark repeated an earlier record's primary key
 * @param format          the format the file is read as ({@link FileFormat}'s string form); absent in marks written
 *                        before formats were recorded: a plain JSON array
 * @param line            the line (1-based) that record starts on; absent if unknown (-1 once read)
 */
public record ProgressMark(
        int schemaVersion,
        String runId,
        long nextRecordIndex,
        long byteOffset,
        long rejected,
        Instant writtenAt,
        long duplicates,
        @JsonInclude(JsonInclude.Include.NON_NULL) FileFormat format,
        @JsonInclude(JsonInclude.Include.NON_NULL) Long line) {
    public static final int SCHEMA_VERSION = 1;

    /** A mark as written before formats were recorded (a plain JSON array, line unknown). */
    public ProgressMark(
            int schemaVersion,
            String runId,
            long nextRecordIndex,
            long byteOffset,
            long rejected,
            Instant writtenAt,
            long duplicates) {
        this(schemaVersion, runId, nextRecordIndex, byteOffset, rejected, writtenAt, duplicates, null, null);
    }

    /** @return the format the file is read as: a plain JSON array when the mark does not say */
    public FileFormat formatOrDefault() {
        return format == null ? FileFormat.JSON_ARRAY : format;
    }

    /** @return the next record's line, -1 if unknown */
    public long lineOrUnknown() {
        return line == null ? -1 : line;
    }
}
