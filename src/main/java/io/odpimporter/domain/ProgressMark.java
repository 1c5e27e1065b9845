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
 * @param rule            the rule the file is imported with; absent for the default rule and in older marks. A
 *                        resume under a rule whose definition changed starts the file again (docs/architecture.md)
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
        @JsonInclude(JsonInclude.Include.NON_NULL) Long line,
        @JsonInclude(JsonInclude.Include.NON_NULL) RuleRef rule) {
    public static final int SCHEMA_VERSION = 1;

    /** A mark without a rule (the default rule, and as written before rules existed). */
    public ProgressMark(
            int schemaVersion,
            String runId,
            long nextRecordIndex,
            long byteOffset,
            long rejected,
            Instant writtenAt,
            long duplicates,
            FileFormat format,
            Long line) {
        this(schemaVersion, runId, nextRecordIndex, byteOffset, rejected, writtenAt, duplicates, format, line, null);
    }

    /** A mark as written before formats were recorded (a plain JSON array, line unknown). */
    public ProgressMark(
            int schemaVersion,
            String runId,
            long nextRecordIndex,
            long byteOffset,
            long rejected,
            Instant writtenAt,
            long duplicates) {
        this(schemaVersion, runId, nextRecordIndex, byteOffset, rejected, writtenAt, duplicates, null, null, null);
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
