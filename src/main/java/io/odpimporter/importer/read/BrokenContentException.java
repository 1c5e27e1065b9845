package io.odpimporter.importer.read;

import java.io.IOException;

/**
 * The blob's bytes were read, but they cannot be decompressed past a point: a broken or truncated gzip stream, data
 * that is not gzip, or a decompression limit refused (importer.formats.gzip.*). Unlike any other {@link IOException}
 * of a read (the blob could not be read: transient, retried), this is permanent: the file fails at
 * {@link #uncompressedOffset()}, with the records before it delivered.
 */
public class BrokenContentException extends IOException {

    private static final long serialVersionUID = 1L;

    private final String reason;
    private final long uncompressedOffset;
    private final long compressedOffset;

    /**
     * @param reason             what is wrong, for people
     * @param uncompressedOffset bytes of content decompressed before it
     * @param compressedOffset   bytes of the blob read before it (gzip reads ahead: at most a buffer more than used)
     * @param cause              the decompressor's exception, if any
     */
    public BrokenContentException(String reason, long uncompressedOffset, long compressedOffset, Throwable cause) {
        super(
                reason + " at uncompressed byte " + uncompressedOffset + " (compressed byte " + compressedOffset + ")",
                cause);
        this.reason = reason;
        this.uncompressedOffset = uncompressedOffset;
        this.compressedOffset = compressedOffset;
    }

    /** @return what is wrong, without the position */
    public String reason() {
        return reason;
    }

    /** @return where the content could not be read past, in bytes of the uncompressed content */
    public long uncompressedOffset() {
        return uncompressedOffset;
    }

    /** @return how many bytes of the blob were read then */
    public long compressedOffset() {
        return compressedOffset;
    }
}
