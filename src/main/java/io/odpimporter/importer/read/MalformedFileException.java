package io.odpimporter.importer.read;

/** The file cannot be read as its format past a point; records before {@link #byteOffset()} were read. */
public class MalformedFileException extends Exception {

    private final long byteOffset;

    public MalformedFileException(String reason, long byteOffset) {
        super(reason + " at byte " + byteOffset);
        this.byteOffset = byteOffset;
    }

    /** @return byte offset in the blob where reading failed */
    public long byteOffset() {
        return byteOffset;
    }
}
