package io.odpimporter.importer.read;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.odpimporter.domain.FileFormat;

import java.io.IOException;
import java.io.InputStream;

/** Makes the reader of a format. */
public final class Readers {

    /** Opens a file's uncompressed content from byte 0 (a CSV resuming in the middle reads its header there). */
    @FunctionalInterface
    public interface ContentFromStart {
        InputStream open() throws IOException;
    }

    private Readers() {}

    /**
     * @param kind      the framing
     * @param mapper    the service's JSON mapper
     * @param in        the uncompressed content from {@code start.byteOffset()} on
     * @param start     where {@code in} starts: the file's start, or a progress mark (a record's start)
     * @param fromStart the content from byte 0, for a CSV header when {@code start} is not the file's start
     * @param options   bounds and the CSV dialect
     * @return the reader; the caller closes it (which closes {@code in})
     */
    public static RecordReader open(
            FileFormat.Kind kind,
            ObjectMapper mapper,
            InputStream in,
            Position start,
            ContentFromStart fromStart,
            ReadOptions options)
            throws IOException, MalformedFileException {
        return switch (kind) {
            case JSON_ARRAY -> new JsonArrayReader(mapper, in, start, options);
            case JSON_LINES -> new JsonLinesReader(mapper, in, start, options);
            case CSV -> new CsvReader(in, start, fromStart, options);
        };
    }
}
