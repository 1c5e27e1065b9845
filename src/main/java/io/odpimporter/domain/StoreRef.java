package io.odpimporter.domain;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The value of the compact store-record header {@link RecordHeaders#REF} ({@link StoreHeaderLayout#COMPACT}): UTF-8
 * text {@code <run id> <upload time> <blob version> <record index>}, e.g.
 * {@code run-20261129T060000Z-1a2b3c4d - offline-stores/2026/11/a b.json@0x8DD1 42}.
 * <ul>
 *   <li>the run id holds no space (run ids are {@code run-...}, {@link io.odpimporter.runs.RunIds});</li>
 *   <li>the upload time is epoch milliseconds, or {@code -} for none (imports other than Event Grid's);</li>
 *   <li>the blob version is its one string form {@code container/name@etag} ({@link BlobVersion#key()}): it may hold
 *       spaces, so it is what lies between the second space and the last one;</li>
 *   <li>the record index is 1 to 18 ASCII digits after the last space.</li>
 * </ul>
 * Everything before the index (the file part) is the same for every record of a file: the writer makes it once per
 * file, the reader decodes it again only when it changes.
 */
public final class StoreRef {

    private static final byte SPACE = ' ';

    private StoreRef() {}

    /**
     * @return the file part of the records' values (ending in a space), or null if the run id is null, empty or
     *         holds a space (then the file's records are written in the separate layout)
     */
    public static byte[] filePart(String runId, BlobVersion version, long uploadedAtMillis) {
        if (runId == null || runId.isEmpty() || runId.indexOf(' ') >= 0) {
            return null;
        }
        String uploaded = uploadedAtMillis >= 0 ? Long.toString(uploadedAtMillis) : "-";
        return (runId + ' ' + uploaded + ' ' + version.key() + ' ').getBytes(StandardCharsets.UTF_8);
    }

    /** @return the value for the record at {@code recordIndex} (0 or more) of the file of {@code filePart} */
    public static byte[] value(byte[] filePart, long recordIndex) {
        int digits = digits(recordIndex);
        byte[] value = Arrays.copyOf(filePart, filePart.length + digits);
        long n = recordIndex;
        for (int i = value.length - 1; i >= filePart.length; i--) {
            value[i] = (byte) ('0' + n % 10);
            n /= 10;
        }
        return value;
    }

    private static int digits(long n) {
        int digits = 1;
        while (n >= 10) {
            n /= 10;
            digits++;
        }
        return digits;
    }

    /** @return the length of the value's file part (up to and with its last space), 0 if it has no space */
    static int filePartLength(byte[] value) {
        for (int i = value.length - 1; i >= 0; i--) {
            if (value[i] == SPACE) {
                return i + 1;
            }
        }
        return 0;
    }

    /**
     * What a file part says.
     *
     * @param runId            the run, null if the part is not a whole one
     * @param version          the blob version, null if the part is not a whole one
     * @param uploadedAtMillis the upload time, -1 if none or not a number
     */
    public record File(String runId, BlobVersion version, long uploadedAtMillis) {
        static final File NONE = new File(null, null, -1);
    }

    /** @return what the first {@code filePartLength} bytes of {@code value} say; {@link File#NONE} if unreadable */
    static File file(byte[] value, int filePartLength) {
        if (filePartLength < 2) {
            return File.NONE;
        }
        String part = new String(value, 0, filePartLength - 1, StandardCharsets.UTF_8);
        int afterRun = part.indexOf(' ');
        int afterUpload = afterRun < 0 ? -1 : part.indexOf(' ', afterRun + 1);
        if (afterRun <= 0 || afterUpload < 0) {
            return File.NONE;
        }
        BlobVersion version;
        try {
            version = BlobVersion.parse(part.substring(afterUpload + 1));
        } catch (IllegalArgumentException e) {
            return File.NONE;
        }
        String uploaded = part.substring(afterRun + 1, afterUpload);
        long uploadedAt =
                uploaded.equals("-") ? -1 : RecordHeaders.number(uploaded.getBytes(StandardCharsets.US_ASCII));
        return new File(part.substring(0, afterRun), version, uploadedAt);
    }
}
