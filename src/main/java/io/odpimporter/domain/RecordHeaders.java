package io.odpimporter.domain;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeader;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The headers of store and dead-letter records: their names, the one writer every producer uses (the importer's
 * and the dead-letter replay's store records, {@link DeadLetter#headers()}) and the one reader (the sink's).
 *
 * <p>A value is UTF-8 text, a number in decimal ASCII digits. <b>A missing value is absent</b>: a null text or a
 * negative number writes no header at all, never an empty one. Before this codec the replay wrote an empty header
 * for a null part; no reader told an empty header from an absent one except the sink, which made a blob version key
 * of it with an empty part, and no replayed record ever had such a part (its dead letter names the blob version it
 * was parked from). Header names and bytes are otherwise what they were.
 */
public final class RecordHeaders {

    /** The run that wrote the record. */
    public static final String RUN_ID = "odp-importer.run-id";
    /** The blob version's container. */
    public static final String CONTAINER = "odp-importer.container";
    /** The blob version's name. */
    public static final String BLOB = "odp-importer.blob";
    /** The blob version's ETag. */
    public static final String ETAG = "odp-importer.etag";
    /** The record's index in its file (0-based). */
    public static final String RECORD_INDEX = "odp-importer.record-index";
    /** Dead letters: why the record was parked. */
    public static final String REASON = "odp-importer.reason";
    /** Store records of Event Grid imports only: the blob version's Last-Modified, epoch milliseconds. */
    public static final String UPLOADED_AT = "odp-importer.uploaded-at";
    /** Dead letters: the {@link DeadLetterKind}'s name. */
    public static final String KIND = "odp-importer.kind";
    /** Dead letters: the record's byte offset in its blob. */
    public static final String BYTE_OFFSET = "odp-importer.byte-offset";
    /** Dead letters: when it was parked (ISO-8601). */
    public static final String PARKED_AT = "odp-importer.parked-at";
    /** Dead letters: the value's schema version. */
    public static final String SCHEMA_VERSION = "odp-importer.schema-version";
    /**
     * Store records in the compact layout ({@link StoreHeaderLayout#COMPACT}): the one header naming run, upload
     * time, blob version and record index ({@link StoreRef}).
     */
    public static final String REF = "odp-importer.ref";

    private RecordHeaders() {}

    /**
     * @param uploadedAtMillis the upload time of an Event Grid import (epoch ms), negative for none
     * @return the headers every store record of one file carries, in this order: run id, container, blob, ETag,
     *         upload time; made once per file and shared by its records (the producer only reads them)
     */
    public static List<Header> file(String runId, BlobVersion version, long uploadedAtMillis) {
        List<Header> headers = new ArrayList<>(5);
        add(headers, RUN_ID, runId);
        add(headers, CONTAINER, version.container());
        add(headers, BLOB, version.blobName());
        add(headers, ETAG, version.etag());
        add(headers, UPLOADED_AT, uploadedAtMillis);
        return List.copyOf(headers);
    }

    /**
     * @param layout the layout to write ({@code importer.topics.store-header-layout})
     * @param uploadedAtMillis the upload time of an Event Grid import (epoch ms), negative for none
     * @return the writer of one file's store-record headers, made once per file
     */
    public static FileHeaders file(StoreHeaderLayout layout, String runId, BlobVersion version, long uploadedAtMillis) {
        byte[] filePart =
                layout == StoreHeaderLayout.COMPACT ? StoreRef.filePart(runId, version, uploadedAtMillis) : null;
        if (filePart != null) {
            return recordIndex -> recordIndex < 0
                    ? storeRecord(file(runId, version, uploadedAtMillis), recordIndex)
                    : List.of(new RecordHeader(REF, StoreRef.value(filePart, recordIndex)));
        }
        // the separate layout, also for what the compact one cannot say (no run id, no record index)
        List<Header> file = file(runId, version, uploadedAtMillis);
        return recordIndex -> storeRecord(file, recordIndex);
    }

    /** The headers of one file's store records, in the layout chosen for the file. */
    @FunctionalInterface
    public interface FileHeaders {
        /** @return the headers of the file's record at {@code recordIndex} (negative: none); not to be changed */
        List<Header> record(long recordIndex);
    }

    /** @return a store record's headers: its file's ({@link #file}) then its record index */
    public static List<Header> storeRecord(List<Header> fileHeaders, long recordIndex) {
        List<Header> headers = new ArrayList<>(fileHeaders.size() + 1);
        headers.addAll(fileHeaders);
        add(headers, RECORD_INDEX, recordIndex);
        return headers;
    }

    /**
     * @return a dead letter's headers, the same facts as its value for tools that filter on headers, in this order:
     *         reason, kind, run id, container, blob, ETag, record index, byte offset, time parked, schema version
     */
    public static List<Header> deadLetter(DeadLetter d) {
        List<Header> headers = new ArrayList<>(10);
        add(headers, REASON, d.reason());
        add(headers, KIND, d.kind() == null ? null : d.kind().name());
        add(headers, RUN_ID, d.runId());
        add(headers, CONTAINER, d.container());
        add(headers, BLOB, d.blobName());
        add(headers, ETAG, d.etag());
        add(headers, RECORD_INDEX, d.recordIndex());
        add(headers, BYTE_OFFSET, d.byteOffset());
        add(headers, PARKED_AT, d.parkedAt() == null ? null : d.parkedAt().toString());
        add(headers, SCHEMA_VERSION, d.schemaVersion());
        return headers;
    }

    private static void add(List<Header> headers, String name, String value) {
        if (value != null) {
            headers.add(new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8)));
        }
    }

    private static void add(List<Header> headers, String name, long value) {
        if (value >= 0) {
            add(headers, name, Long.toString(value));
        }
    }

    /** @return the value of the record's last header {@code name}, or null if it has none */
    public static byte[] bytes(Headers headers, String name) {
        Header h = headers.lastHeader(name);
        return h == null ? null : h.value();
    }

    /** @return the value of the record's last header {@code name} as text, or null if it has none */
    public static String text(Headers headers, String name) {
        return text(bytes(headers, name));
    }

    private static String text(byte[] value) {
        return value == null ? null : new String(value, StandardCharsets.UTF_8);
    }

    /**
     * @return the number written as 1 to 18 ASCII digits (no sign, no spaces), read straight from the bytes; -1 for
     *         anything else
     */
    public static long number(byte[] value) {
        return number(value, 0, value.length);
    }

    /** @return {@link #number(byte[])} of the bytes from {@code from} (inclusive) to {@code to} (exclusive) */
    static long number(byte[] value, int from, int to) {
        if (to <= from || to - from > 18) {
            return -1;
        }
        long n = 0;
        for (int i = from; i < to; i++) {
            byte b = value[i];
            if (b < '0' || b > '9') {
                return -1;
            }
            n = n * 10 + (b - '0');
        }
        return n;
    }

    /**
     * What a store record's headers say.
     *
     * @param runId            the run, or null unless the headers name both a run and a whole blob version (only
     *                         then does the record count for a run)
     * @param version          the blob version, or null if its container, blob or ETag header is absent
     * @param recordIndex      the record's index in its file; -1 if absent, {@link #BAD_INDEX} if not a number
     * @param uploadedAtMillis the upload time (Event Grid imports), or -1 if absent or not a number
     */
    public record Store(String runId, BlobVersion version, long recordIndex, long uploadedAtMillis) {

        /** {@link #recordIndex} of a record index header that is not a number. */
        public static final long BAD_INDEX = -2;

        /** @return whether the record has a record index header that is not a number */
        public boolean badRecordIndex() {
            return recordIndex == BAD_INDEX;
        }

        /** @return the headers that say this, as {@link #file} and {@link #storeRecord} write them */
        public List<Header> headers() {
            List<Header> file = version == null ? List.of() : file(runId, version, uploadedAtMillis);
            return storeRecord(file, recordIndex);
        }
    }

    /**
     * Reads store records' headers one record after another, in either layout ({@link StoreHeaderLayout}: a record
     * with the compact header {@link #REF} is read by it alone). A poll's records mostly come from one file: the run
     * id and blob version are decoded again only when a header's bytes (the compact value's file part) differ from
     * the record's before. One per poll, not thread-safe.
     */
    public static final class StoreReader {
        private byte[] ref;
        private int refFilePart;
        private StoreRef.File refFile = StoreRef.File.NONE;
        private byte[] run;
        private byte[] container;
        private byte[] blob;
        private byte[] etag;
        private boolean first = true;
        private String runId;
        private BlobVersion version;

        /** @return what the record's headers say */
        public Store read(Headers headers) {
            byte[] compact = bytes(headers, REF);
            return compact != null ? readCompact(compact) : readSeparate(headers);
        }

        private Store readCompact(byte[] value) {
            int filePart = StoreRef.filePartLength(value);
            if (ref == null || filePart != refFilePart || !Arrays.equals(value, 0, filePart, ref, 0, filePart)) {
                refFile = StoreRef.file(value, filePart);
                ref = value;
                refFilePart = filePart;
            }
            long recordIndex = number(value, filePart, value.length);
            return new Store(
                    refFile.version() == null ? null : refFile.runId(),
                    refFile.version(),
                    recordIndex < 0 ? Store.BAD_INDEX : recordIndex,
                    refFile.uploadedAtMillis());
        }

        private Store readSeparate(Headers headers) {
            byte[] r = bytes(headers, RUN_ID);
            byte[] c = bytes(headers, CONTAINER);
            byte[] b = bytes(headers, BLOB);
            byte[] e = bytes(headers, ETAG);
            if (first || !Arrays.equals(r, run)) {
                runId = text(r);
            }
            if (first || !Arrays.equals(c, container) || !Arrays.equals(b, blob) || !Arrays.equals(e, etag)) {
                version = BlobVersion.of(text(c), text(b), text(e)).orElse(null);
            }
            first = false;
            run = r;
            container = c;
            blob = b;
            etag = e;
            byte[] index = bytes(headers, RECORD_INDEX);
            long recordIndex = index == null ? -1 : number(index);
            byte[] uploadedAt = bytes(headers, UPLOADED_AT);
            return new Store(
                    version == null ? null : runId,
                    version,
                    index != null && recordIndex < 0 ? Store.BAD_INDEX : recordIndex,
                    uploadedAt == null ? -1 : number(uploadedAt));
        }
    }
}
