package io.odpimporter.importer.read;

import java.io.Closeable;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * Reads the records of one file's content (uncompressed), one at a time, never holding more than one record
 * (at most {@code max-record-bytes}) in memory. One implementation per {@link io.odpimporter.domain.FileFormat.Kind},
 * made by {@link Readers}.
 */
public interface RecordReader extends Closeable {

    /**
     * @return the next record (possibly a {@linkplain SourceRecord#problem() problem row}, parked by the importer while
     *         the file goes on), or null at the end of the file
     * @throws MalformedFileException when the file cannot be framed past a point (not the format it claims, an
     *                                unterminated quote, a broken gzip stream): the file fails there, the records
     *                                before it were returned
     * @throws IOException            when reading the blob failed (transient: the import is retried)
     */
    SourceRecord next() throws MalformedFileException, IOException;

    /**
     * @return whether records' byte offsets are exact, so a progress mark can resume at one: false only for a JSON
     *         array in UTF-16/32, which Jackson decodes to characters first (such a file restarts from its start)
     */
    boolean resumable();

    /**
     * @return a CSV's column names (from its header row, or configured), known once the first {@link #next()} returned;
     *         empty for JSON formats, whose records name their own fields
     */
    default Optional<List<String>> columns() {
        return Optional.empty();
    }
}
