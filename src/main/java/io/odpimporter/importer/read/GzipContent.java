package io.odpimporter.importer.read;

import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * The uncompressed content of a gzip blob ({@link GZIPInputStream}; concatenated members are one stream), counting
 * what it read and decompressed, with limits against a decompression bomb. A stream that cannot be decompressed (not
 * gzip, corrupt, truncated) or a limit breached throws {@link BrokenContentException} with the uncompressed offset:
 * the file fails there. A failure to read the blob itself stays the {@link IOException} it was (transient): the two
 * are told apart by where the failure came from, never by its type, since a network failure can also be an
 * {@link EOFException}.
 */
public final class GzipContent extends InputStream {

    /** Uncompressed bytes out before the ratio is checked: short files compress unevenly. */
    static final long RATIO_CHECKED_AFTER = 1 << 20;

    private static final int BUFFER = 16 * 1024;

    /**
     * Limits on decompression.
     *
     * @param maxRatio             most uncompressed bytes per compressed byte, checked once {@value #RATIO_CHECKED_AFTER}
     *                             bytes are out (importer.formats.gzip.max-ratio)
     * @param maxUncompressedBytes most uncompressed bytes of one file (importer.formats.gzip.max-uncompressed-bytes)
     */
    public record Limits(int maxRatio, long maxUncompressedBytes) {}

    private final Raw raw;
    private final Limits limits;
    private GZIPInputStream gzip;
    private long uncompressed;
    private boolean ended;

    /** @param raw the blob's bytes from its start (gzip is read from byte 0) */
    public GzipContent(InputStream raw, Limits limits) {
        this.raw = new Raw(raw);
        this.limits = limits;
    }

    /** @return bytes of uncompressed content read so far: the offset of the next byte */
    public long uncompressedOffset() {
        return uncompressed;
    }

    /** @return bytes of the blob read so far (gzip reads ahead of what it inflated, by at most a buffer) */
    public long compressedOffset() {
        return raw.count;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (ended) {
            return -1;
        }
        if (len == 0) {
            return 0;
        }
        int n;
        try {
            if (gzip == null) {
                gzip = new GZIPInputStream(raw, BUFFER);
            }
            n = gzip.read(b, off, len);
        } catch (IOException e) {
            if (raw.failure != null) {
                throw raw.failure; // the blob could not be read: transient
            }
            throw new BrokenContentException("broken gzip stream: " + describe(e), uncompressed, raw.count, e);
        }
        if (raw.failure != null) {
            // GZIPInputStream swallows a failure while it looks for a next member: never take it for the end
            throw raw.failure;
        }
        if (n < 0) {
            ended = true;
            return -1;
        }
        uncompressed += n;
        check();
        return n;
    }

    /**
     * Reads past {@code bytes} bytes of content (inflating them, nothing kept).
     *
     * @throws BrokenContentException if the content ends before, or cannot be decompressed
     */
    public void skipFully(long bytes) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long left = bytes;
        while (left > 0) {
            int n = read(buffer, 0, (int) Math.min(buffer.length, left));
            if (n < 0) {
                throw new BrokenContentException(
                        "the gzip content ends before the resume point at uncompressed byte " + bytes,
                        uncompressed,
                        raw.count,
                        null);
            }
            left -= n;
        }
    }

    private void check() throws BrokenContentException {
        if (uncompressed > limits.maxUncompressedBytes()) {
            throw new BrokenContentException(
                    "decompression refused: the content is larger than importer.formats.gzip.max-uncompressed-bytes ("
                            + limits.maxUncompressedBytes() + ")",
                    uncompressed,
                    raw.count,
                    null);
        }
        if (uncompressed >= RATIO_CHECKED_AFTER && uncompressed > (double) limits.maxRatio() * raw.count) {
            throw new BrokenContentException(
                    "decompression refused (a decompression bomb?): " + uncompressed + " bytes out of " + raw.count
                            + " compressed, more than importer.formats.gzip.max-ratio (" + limits.maxRatio() + ")",
                    uncompressed,
                    raw.count,
                    null);
        }
    }

    private static String describe(IOException e) {
        if (e instanceof EOFException) {
            return "truncated (unexpected end of the compressed data)";
        }
        if (e instanceof ZipException && "Not in GZIP format".equals(e.getMessage())) {
            return "not gzip data (no gzip header)";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    @Override
    public int available() throws IOException {
        return gzip == null ? 0 : gzip.available();
    }

    @Override
    public void close() throws IOException {
        raw.close();
    }

    /**
     * The blob's bytes: counts them, remembers a failure to read them (so it is not taken for corrupt data), and
     * answers {@link #available()} truthfully at a member's end ({@link GZIPInputStream} looks for a next member only
     * when {@code available() > 0}: over a network that can be 0 in the middle of the blob, which would end a
     * multi-member file early).
     */
    private static final class Raw extends FilterInputStream {
        private long count;
        private int peeked = -2;
        private IOException failure;

        Raw(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            if (peeked != -2) {
                int b = peeked;
                peeked = -2;
                if (b >= 0) {
                    count++;
                }
                return b;
            }
            int b = readOne();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            if (peeked != -2) {
                int first = read();
                if (first < 0) {
                    return -1;
                }
                b[off] = (byte) first;
                return 1;
            }
            int n;
            try {
                n = in.read(b, off, len);
            } catch (IOException e) {
                failure = e;
                throw e;
            }
            if (n > 0) {
                count += n;
            }
            return n;
        }

        /** Blocks for one byte when the stream has none buffered: 0 only at the blob's end. */
        @Override
        public int available() throws IOException {
            if (peeked == -2) {
                peeked = readOne();
            }
            return peeked < 0 ? 0 : 1;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = 0;
            while (skipped < n && read() >= 0) {
                skipped++;
            }
            return skipped;
        }

        @Override
        public boolean markSupported() {
            return false;
        }

        private int readOne() throws IOException {
            try {
                return in.read();
            } catch (IOException e) {
                failure = e;
                throw e;
            }
        }
    }
}
