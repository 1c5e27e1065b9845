package io.odpimporter.kafka;

import java.time.Instant;

/**
 * Value of the dead-letter topic: something parked with its reason, so nothing is lost silently.
 *
 * @param schemaVersion {@link #SCHEMA_VERSION}
 * @param kind          INVALID_RECORD (the file's record cannot be transformed), REJECTED_BY_ODP (ODP answered
 *                      400 for it), UNREADABLE_EVENT (a Kafka value we cannot read)
 * @param runId         the run, if known
 * @param container     container, if known
 * @param blobName      blob, if known
 * @param etag          ETag, if known
 * @param recordIndex   index of the record in the file, or -1
 * @param byteOffset    byte offset of the record in the blob, or -1
 * @param reason        why it was parked
 * @param value         the parked value as text (capped at 64 KiB)
 * @param parkedAt      when
 */
public record DeadLetter(int schemaVersion, String kind, String runId, String container, String blobName,
                         String etag, long recordIndex, long byteOffset, String reason, String value,
                         Instant parkedAt) {
    public static final int SCHEMA_VERSION = 1;
    static final int MAX_VALUE = 64 * 1024;

    public static DeadLetter of(String kind, String runId, String container, String blobName, String etag,
                                long recordIndex, long byteOffset, String reason, String value) {
        String capped = value != null && value.length() > MAX_VALUE ? value.substring(0, MAX_VALUE) : value;
        return new DeadLetter(SCHEMA_VERSION, kind, runId, container, blobName, etag, recordIndex, byteOffset,
                reason, capped, Instant.now());
    }
}
