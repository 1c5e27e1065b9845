package io.odpimporter.sink;

import io.odpimporter.domain.BlobVersion;
import io.odpimporter.domain.StoreRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads a store record's headers ({@link StoreRecord.Headers}), the one place the sink does. A poll's records mostly
 * come from one file: the run id and blob version key are decoded again only when a header's bytes differ from the
 * record read before.
 */
final class StoreHeaders {

    private byte[] run;
    private byte[] container;
    private byte[] blob;
    private byte[] etag;
    private boolean first = true;
    private String runId;
    private String key;

    /** Reads the file headers of the next record: {@link #runId()} and {@link #file()} are then its. */
    void read(Headers headers) {
        byte[] r = bytes(headers, StoreRecord.Headers.RUN_ID);
        byte[] c = bytes(headers, StoreRecord.Headers.CONTAINER);
        byte[] b = bytes(headers, StoreRecord.Headers.BLOB);
        byte[] e = bytes(headers, StoreRecord.Headers.ETAG);
        if (first || !Arrays.equals(r, run)) {
            runId = r == null ? null : new String(r, StandardCharsets.UTF_8);
        }
        if (first || !Arrays.equals(c, container) || !Arrays.equals(b, blob) || !Arrays.equals(e, etag)) {
            key = BlobVersion.key(text(c), text(b), text(e));
        }
        first = false;
        run = r;
        container = c;
        blob = b;
        etag = e;
    }

    /** @return the run id of the record read last, or null */
    String runId() {
        return runId;
    }

    /** @return the blob version key ({@code container/name@etag}) of the record read last */
    String file() {
        return key;
    }

    /** @return the record index header's value, -1 without one, -2 if it is not a number */
    static long recordIndex(Headers headers) {
        byte[] index = bytes(headers, StoreRecord.Headers.RECORD_INDEX);
        if (index == null) {
            return -1;
        }
        long n = number(index);
        return n < 0 ? -2 : n;
    }

    /** @return the upload time header's value (epoch milliseconds), or -1 */
    static long uploadedAt(Headers headers) {
        byte[] uploadedAt = bytes(headers, StoreRecord.Headers.UPLOADED_AT);
        return uploadedAt == null ? -1 : number(uploadedAt);
    }

    /**
     * @param value a header's value: the ASCII digits of a number (record index, epoch milliseconds)
     * @return the number, or -1 unless the value is 1 to 18 digits
     */
    static long number(byte[] value) {
        if (value.length == 0 || value.length > 18) {
            return -1;
        }
        long n = 0;
        for (byte b : value) {
            if (b < '0' || b > '9') {
                return -1;
            }
            n = n * 10 + (b - '0');
        }
        return n;
    }

    /** @return the value of the record's last header {@code name}, or null if it has none */
    private static byte[] bytes(Headers headers, String name) {
        Header h = headers.lastHeader(name);
        return h == null ? null : h.value();
    }

    private static String text(byte[] value) {
        return value == null ? null : new String(value, StandardCharsets.UTF_8);
    }
}
