package io.odpimporter.importer;

import io.odpimporter.domain.FileFormat;

import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Decides a blob's format, in this order: its rule's {@code format} if it has one, else its name
 * ({@link FileFormat#fromName}: the extension, and {@code .gz}), then its Content-Encoding ({@code gzip}), then its
 * first two bytes (the gzip magic {@code 1f 8b}). The rule's format, else the name, decides the record framing; any of
 * the three makes it gzip.
 *
 * <p>A rule's format replaces the name entirely: a rule saying {@code csv} reads {@code orders.txt.gz} as CSV, and
 * its {@code .gz} alone does not make it gzip. A rule naming a plain format ({@code csv}, not {@code csv.gz}) still
 * has gzip detected from Content-Encoding and the magic bytes: compressed content is never read as text (a CSV or
 * JSON file cannot start with {@code 1f 8b}, which is not text), so a gzipped upload under such a rule is read, not
 * parked row by row. A rule naming a {@code .gz} format is always read as gzip.
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
        return decide(blobName, Optional.empty(), contentEncoding, head);
    }

    /**
     * @param blobName        the blob's name
     * @param ruleFormat      the format its rule reads it as, if the rule says (then the name is not looked at)
     * @param contentEncoding the blob's Content-Encoding property, null if none
     * @param head            the content's first bytes (fewer than two for a shorter blob)
     * @return the format to read the blob as
     */
    static FileFormat decide(String blobName, Optional<FileFormat> ruleFormat, String contentEncoding, byte[] head) {
        FileFormat framing = ruleFormat.orElseGet(() -> FileFormat.fromName(blobName));
        if (framing.gzip()) {
            return framing;
        }
        if (contentEncoding != null && isGzip(contentEncoding)) {
            return framing.gzipped();
        }
        if (head.length >= 2 && (head[0] & 0xff) == MAGIC_1 && (head[1] & 0xff) == MAGIC_2) {
            return framing.gzipped();
        }
        return framing;
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
