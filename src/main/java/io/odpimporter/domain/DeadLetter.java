package io.odpimporter.domain;

import com.fasterxml.jackson.annotation.JsonInclude;
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
 * @param format        INVALID_RECORD, FAILED_FILE: the format the file was read as ({@link FileFormat}'s string form);
 *                      absent in dead letters written before formats were recorded, and for other kinds
 * @param line          INVALID_RECORD: the line the record starts on (CSV, JSON Lines: the row's line; JSON array: the
 *                      element's line), for people; absent if unknown
 * @param rule          INVALID_RECORD, REJECTED_BY_ODP, FAILED_FILE: the rule the file was imported with (a replay goes
 *                      through it); absent for the default rule of an empty configuration, and in older dead letters
 * @param target        REJECTED_BY_ODP: where the record was sent (a replay sends it there again); absent in older
 *                      dead letters (then {@code importer.odp.object-type})
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
        Instant parkedAt,
        @JsonInclude(JsonInclude.Include.NON_NULL) FileFormat format,
        @JsonInclude(JsonInclude.Include.NON_NULL) Long line,
        @JsonInclude(JsonInclude.Include.NON_NULL) RuleRef rule,
        @JsonInclude(JsonInclude.Include.NON_NULL) StoreRecord.Target target) {
    public static final int SCHEMA_VERSION = 1;

    /** A dead letter with format and line, without rule and target (as written before rules existed). */
    public DeadLetter(
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
            Instant parkedAt,
            FileFormat format,
            Long line) {
        this(
                schemaVersion,
                kind,
                runId,
                container,
                blobName,
                etag,
                recordIndex,
                byteOffset,
                reason,
                value,
                parkedAt,
                format,
                line,
                null,
                null);
    }

    /** A dead letter without format and line (kinds that have none, and as written before they were recorded). */
    public DeadLetter(
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
        this(
                schemaVersion,
                kind,
                runId,
                container,
                blobName,
                etag,
                recordIndex,
                byteOffset,
                reason,
                value,
                parkedAt,
                null,
                null);
    }

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

    /**
     * @param format the format the file was read as
     * @param line   the record's line, -1 if unknown (then not written)
     * @return this dead letter with the file's format and the record's line
     */
    public DeadLetter at(FileFormat format, long line) {
        return new DeadLetter(
                schemaVersion,
                kind,
                runId,
                container,
                blobName,
                etag,
                recordIndex,
                byteOffset,
                reason,
                value,
                parkedAt,
                format,
                line < 0 ? null : line,
                rule,
                target);
    }

    /**
     * @param rule   the rule the file was imported with, null for the default rule (then not written)
     * @param target where the record was sent, null if not sent (then not written)
     * @return this dead letter with the rule and the target
     */
    public DeadLetter with(RuleRef rule, StoreRecord.Target target) {
        return new DeadLetter(
                schemaVersion,
                kind,
                runId,
                container,
                blobName,
                etag,
                recordIndex,
                byteOffset,
                reason,
                value,
                parkedAt,
                format,
                line,
                rule,
                target);
    }
}
