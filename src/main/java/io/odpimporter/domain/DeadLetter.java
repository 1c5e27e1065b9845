package io.odpimporter.domain;

import org.apache.kafka.common.header.Header;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Value of the dead-letter topic: something parked with its reason, so nothing is lost silently.
 *
 * @param schemaVersion {@link #SCHEMA_VERSION}
 * @param kind          what is parked ({@link DeadLetterKind}): {@code INVALID_RECORD} (the file's record cannot be
 *                      transformed), {@code REJECTED_BY_ODP} (ODP answered 400 for it), {@code FAILED_FILE} (the file
 *                      could not be read to its end; {@code byteOffset} says where), {@code UNREADABLE_EVENT} (a Kafka
 *                      value we cannot read)
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
public record DeadLetter(
        int schemaVersion,
        DeadLetterKind kind,
        String runId,
        String container,
        String blobName,
        String etag,
        long recordIndex,
        long byteOffset,
        String reason,
        String value,
        Instant parkedAt) {
    public static final int SCHEMA_VERSION = 1;
    static final int MAX_VALUE = 64 * 1024;

    /**
     * @return the record's headers ({@link RecordHeaders#deadLetter}): the same facts as the value, for tools that
     *         filter on headers (absent ones left out)
     */
    public List<Header> headers() {
        return RecordHeaders.deadLetter(this);
    }

    /** @return the blob version it names, if it names a whole one */
    public Optional<BlobVersion> version() {
        return BlobVersion.of(container, blobName, etag);
    }

    /** @return what a record or file of {@code version} (null if unknown) parked now holds */
    public static DeadLetter of(
            DeadLetterKind kind,
            String runId,
            BlobVersion version,
            long recordIndex,
            long byteOffset,
            String reason,
            String value) {
        return of(
                kind,
                runId,
                version == null ? null : version.container(),
                version == null ? null : version.blobName(),
                version == null ? null : version.etag(),
                recordIndex,
                byteOffset,
                reason,
                value);
    }

    public static DeadLetter of(
            DeadLetterKind kind,
            String runId,
            String container,
            String blobName,
            String etag,
            long recordIndex,
            long byteOffset,
            String reason,
            String value) {
        String capped = value != null && value.length() > MAX_VALUE ? value.substring(0, MAX_VALUE) : value;
        return new DeadLetter(
                SCHEMA_VERSION,
                kind,
                runId,
                container,
                blobName,
                etag,
                recordIndex,
                byteOffset,
                reason,
                capped,
                Instant.now());
    }
}
