package io.odpimporter.benchmark;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.odpimporter.domain.FileFormat;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPOutputStream;

/**
 * Writes the stores of one benchmark blob in a {@link FileFormat}: a JSON array with one record per line (the bytes
 * the benchmark always wrote), JSON Lines (the same objects, one a line), or CSV with the header
 * {@code id,name,location} (Jackson's CSV writer, which quotes a value holding the delimiter, a quote or a line
 * break); gzip-compressed when the format says so. Counts the uncompressed bytes. Does not close the target.
 */
final class StoreWriter implements AutoCloseable {

    /** Leaves the target open, and does not flush it after each row (the upload's buffer would send tiny writes). */
    private static final CsvMapper CSV = CsvMapper.builder()
            .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)
            .disable(SerializationFeature.FLUSH_AFTER_WRITE_VALUE)
            .build();

    private static final CsvSchema HEADER = CsvSchema.builder()
            .addColumn("id")
            .addColumn("name")
            .addColumn("location")
            .build()
            .withHeader();

    private final FileFormat.Kind kind;
    private final GZIPOutputStream gzip;
    private final Counting out;
    private final SequenceWriter csv;
    private final StringBuilder line = new StringBuilder(256);
    private long written;

    StoreWriter(FileFormat format, OutputStream target) throws IOException {
        this.kind = format.kind();
        this.gzip = format.gzip() ? new GZIPOutputStream(target, 1 << 16) : null;
        this.out = new Counting(gzip != null ? gzip : target);
        this.csv = kind == FileFormat.Kind.CSV ? CSV.writer(HEADER).writeValues(out) : null;
        if (kind == FileFormat.Kind.JSON_ARRAY) {
            out.write('[');
        }
    }

    void write(StoreGenerator.Store store) throws IOException {
        if (csv != null) {
            csv.write(new String[] {store.id(), store.name(), store.location()});
            return;
        }
        line.setLength(0);
        if (kind == FileFormat.Kind.JSON_ARRAY) {
            line.append(written == 0 ? "\n" : ",\n");
        }
        line.append("{\"id\":\"")
                .append(store.id())
                .append("\",\"name\":\"")
                .append(store.name())
                .append("\",\"location\":\"")
                .append(store.location())
                .append("\"}");
        if (kind == FileFormat.Kind.JSON_LINES) {
            line.append('\n');
        }
        out.write(line.toString().getBytes(StandardCharsets.UTF_8));
        written++;
    }

    /** @return the uncompressed bytes written so far */
    long bytes() {
        return out.count;
    }

    /** Ends the content (the array's bracket, the CSV writer, the gzip trailer), leaving the target open. */
    @Override
    public void close() throws IOException {
        if (csv != null) {
            csv.close();
        }
        if (kind == FileFormat.Kind.JSON_ARRAY) {
            out.write("\n]\n".getBytes(StandardCharsets.US_ASCII));
        }
        out.flush();
        if (gzip != null) {
            gzip.finish();
            gzip.flush();
        }
    }

    /** Counts what goes through. */
    private static final class Counting extends FilterOutputStream {
        long count;

        Counting(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }
    }
}
