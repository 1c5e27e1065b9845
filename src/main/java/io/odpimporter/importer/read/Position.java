package io.odpimporter.importer.read;

/**
 * Where a reader starts (the whole file, or a progress mark): the index, line and byte offset (uncompressed) of the
 * first record to read. A mark is always at a record's start, so a CSV resumes at a record boundary, never inside a
 * quoted field.
 *
 * @param index      index of the first record to read
 * @param line       its line number (1-based), -1 if unknown (a mark written before lines were recorded)
 * @param byteOffset its byte offset in the uncompressed content
 */
public record Position(long index, long line, long byteOffset) {

    /** The start of a file. */
    public static final Position START = new Position(0, 1, 0);

    /** @return whether this is the start of the file */
    public boolean atStart() {
        return byteOffset == 0;
    }
}
