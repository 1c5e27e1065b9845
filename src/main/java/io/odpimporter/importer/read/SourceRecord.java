package io.odpimporter.importer.read;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One record of a file as a reader framed it, with its position: what the importer transforms, or parks with its
 * reason. Positions are in the uncompressed content (docs/architecture.md, "Readers").
 *
 * @param index      its index among the file's records (0-based; a CSV header and blank lines are not records)
 * @param line       the line it starts on (1-based; a CSV header is line 1), for people; -1 if unknown
 * @param byteOffset where it starts, in bytes of the uncompressed content
 * @param bytes      its length in bytes (without the line break)
 * @param value      the record (a JSON value; a CSV row is an object of column name to text), null when {@code
 *                   problem} is set
 * @param problem    why this row cannot be a record (too many columns, a line that is not JSON, over {@code
 *                   max-record-bytes}, a NUL byte): it is parked with this reason and the file goes on; null if fine
 * @param text       the row as read, for its dead letter when {@code value} is null; null when it was not kept (over
 *                   {@code max-record-bytes}: read past, never held in memory)
 */
public record SourceRecord(
        long index, long line, long byteOffset, long bytes, JsonNode value, String problem, String text) {

    /** @return a record that could be read */
    public static SourceRecord of(long index, long line, long byteOffset, long bytes, JsonNode value) {
        return new SourceRecord(index, line, byteOffset, bytes, value, null, null);
    }

    /** @return a row that cannot be a record, with the reason and the row's text (null if not kept) */
    public static SourceRecord problem(
            long index, long line, long byteOffset, long bytes, String problem, String text) {
        return new SourceRecord(index, line, byteOffset, bytes, null, problem, text);
    }

    /** @return where this record starts: a progress mark written before it is emitted resumes here */
    public Position position() {
        return new Position(index, line, byteOffset);
    }
}
