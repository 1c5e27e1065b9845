package io.odpimporter.importer;

import io.odpimporter.domain.FileFormat;

import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.util.Arrays;
import java.util.Locale;

/**
 * Decides a blob's format, in this order: its name ({@link FileFormat#fromName}: the extension, and {@code .gz}), then
 * its Content-Encoding ({@code gzip}), then its first two bytes (the gzip magic {@code 1f 8b}). The name decides the
 * record framing; any of the three makes it gzip.
 */
final class FormatDetection {

    static final int MAGIC_1 = 0x1f;
    static final int MAGIC_2 = 0x8b;

    private FormatDetection() {}

    /**
     * @param blobName        the blob's name
     * @param contentEncoding the blob's Content-Encoding property, null if none
     * @param head            the content's first bytes (fewer than two for a shorter blob)
     * @return the format to read the blob as
     */
    static FileFormat decide(String blobName, String contentEncoding, byte[] head) {
        FileFormat byName = FileFormat.fromName(blobName);
        if (byName.gzip()) {
            return byName;
        }
        if (contentEncoding != null && isGzip(contentEncoding)) {
            return byName.gzipped();
        }
        if (head.length >= 2 && (head[0] & 0xff) == MAGIC_1 && (head[1] & 0xff) == MAGIC_2) {
            return byName.gzipped();
        }
        return byName;
    }

    /** @return whether a Content-Encoding names gzip (it may list several codings: {@code gzip}, {@code x-gzip}) */
    private static boolean isGzip(String contentEncoding) {
        for (String coding : contentEncoding.split(",")) {
            String c = coding.strip().toLowerCase(Locale.ROOT);
            if (c.equals("gzip") || c.equals("x-gzip")) {
                return true;
            }
        }
        return false;
    }

    /**
     * Reads up to two bytes of {@code in} and pushes them back: the stream still starts at its first byte.
     *
     * @return the bytes read (fewer at the end of the stream)
     */
    static byte[] peek(PushbackInputStream in) throws IOException {
        byte[] head = new byte[2];
        int n = in.readNBytes(head, 0, 2);
        in.unread(head, 0, n);
        return n == 2 ? head : Arrays.copyOf(head, n);
    }

    /** @return {@code in} able to push back what {@link #peek} read */
    static PushbackInputStream peekable(InputStream in) {
        return new PushbackInputStream(in, 2);
    }
}
