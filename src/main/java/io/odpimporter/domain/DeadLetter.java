package io.odpimporter.domain;

import java.time.Instant;

/**
 * Value of the dead-letter topic: something parked with its reason, so nothing is lost silently.
 *
 * @param schemaVersion {@link #SCHEMA_VERSION}
 * @param kind          {@value #INVALID_RECORD} (the file's record cannot be transformed), {@value #REJECTED_BY_ODP}
 *                      (ODP answered 400 for it), {@value #FAILED_FILE} (the file could not be read to its end;
 *                      {@code byteOffset} says where), {@value #UNREADABLE_EVENT} (a Kafka value we cannot read)
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
    public static final String INVALID_RECORD = "INVALID_RECORD";
    public static final String REJECTED_BY_ODP = "REJECTED_BY_ODP";
    public static final String FAILED_FILE = "FAILED_FILE";
    public static final String UNREADABLE_EVENT = "UNREADABLE_EVENT";
    static final int MAX_VALUE = 64 * 1024;

    /**
     * @return the record's headers: the same facts as the value, for tools that filter on headers — reason, kind,
     *         blob, ETag, record index, byte offset, run id, time and payload schema version (absent ones left out)
     */
    public java.util.List<org.apache.kafka.common.header.Header> headers() {
        java.util.List<org.apache.kafka.common.header.Header> headers = new java.util.ArrayList<>();
        add(headers, StoreRecord.Headers.REASON, reason);
        add(headers, "odp-importer.kind", kind);
        add(headers, StoreRecord.Headers.RUN_ID, runId);
        add(headers, StoreRecord.Headers.CONTAINER, container);
        add(headers, StoreRecord.Headers.BLOB, blobName);
        add(headers, StoreRecord.Headers.ETAG, etag);
        add(headers, StoreRecord.Headers.RECORD_INDEX, recordIndex < 0 ? null : Long.toString(recordIndex));
        add(headers, "odp-importer.byte-offset", byteOffset < 0 ? null : Long.toString(byteOffset));
        add(headers, "odp-importer.parked-at", parkedAt.toString());
        add(headers, "odp-importer.schema-version", Integer.toString(schemaVersion));
        return headers;
    }

    private static void add(java.util.List<org.apache.kafka.common.header.Header> headers, String name, String value) {
        if (value != null) {
            headers.add(new org.apache.kafka.common.header.internals.RecordHeader(name,
                    value.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        }
    }

    public static DeadLetter of(String kind, String runId, String container, String blobName, String etag,
                                long recordIndex, long byteOffset, String reason, String value) {
        String capped = value != null && value.length() > MAX_VALUE ? value.substring(0, MAX_VALUE) : value;
        return new DeadLetter(SCHEMA_VERSION, kind, runId, container, blobName, etag, recordIndex, byteOffset,
                reason, capped, Instant.now());
    }
}
