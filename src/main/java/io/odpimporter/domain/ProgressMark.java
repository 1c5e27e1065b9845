package io.odpimporter.domain;

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
 */
public record ProgressMark(
        int schemaVersion,
        String runId,
        long nextRecordIndex,
        long byteOffset,
        long rejected,
        Instant writtenAt,
        long duplicates) {
    public static final int SCHEMA_VERSION = 1;
}
