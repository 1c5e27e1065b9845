package io.odpimporter.importer;

import com.azure.storage.blob.models.BlobStorageException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.odpimporter.domain.FileDiscovered;
import io.odpimporter.domain.FileFormat;
import io.odpimporter.importer.read.BrokenContentException;
import io.odpimporter.importer.read.MalformedFileException;
import io.odpimporter.importer.read.Readers;
import io.odpimporter.importer.read.RecordReader;
import io.odpimporter.importer.read.SourceRecord;
import io.odpimporter.rules.Rule;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;

/**
 * Reads a file's records exactly as the importer does, and writes nothing: the same {@link BlobContent} (pinned to
 * the ETag, format by rule, name, Content-Encoding and first bytes, gzip with its limits), the same readers with the
 * same options (CSV dialect, record and string bounds), the same CSV header check. The dry run and the first pass of
 * {@code validate-first} ({@link ValidationPass}) read through it (docs/architecture.md, "Dry run", "The error
 * budget"); {@link ReadLoop} is the importer's own loop, which also writes.
 */
@ApplicationScoped
public class FileRecords {

    private final BlobContent content;
    private final ReadLoop reads;
    private final ObjectMapper mapper;

    FileRecords(BlobContent content, ReadLoop reads, ObjectMapper mapper) {
        this.content = content;
        this.reads = reads;
        this.mapper = mapper;
    }

    /** Told each record in file order. */
    @FunctionalInterface
    public interface Visitor {
        /**
         * @param record   the record as framed (possibly a problem row)
         * @param position where it is, as dead letters show it: {@code line 12 (byte 345)} for CSV and JSON Lines,
         *                 {@code index 3 (byte 345)} for a JSON array
         * @return false to stop reading (a cancelled dry run)
         */
        boolean record(SourceRecord record, String position);
    }

    /**
     * How a read ended.
     *
     * @param format  the format the file was read as, null if it was not opened
     * @param records records read
     * @param error   why the file cannot be read past a point (the importer would end it FAILED), else null
     * @param skipped why the version cannot be read at all (deleted or overwritten: SKIPPED), else null
     * @param stopped whether the visitor stopped the read
     * @param errorAt with {@code error}: the (uncompressed) byte offset the file cannot be read past, -1 if unknown
     * @param header  with {@code error}: whether it is the CSV header lacking the rule's required columns
     */
    public record Read(
            FileFormat format,
            long records,
            String error,
            String skipped,
            boolean stopped,
            long errorAt,
            boolean header) {

        /** A read that did not fail, or whose failure has no position. */
        public Read(FileFormat format, long records, String error, String skipped, boolean stopped) {
            this(format, records, error, skipped, stopped, -1, false);
        }
    }

    /**
     * @param event the blob version, as a file event names it
     * @param rule  the rule it is read with
     * @throws UncheckedIOException when Blob Storage cannot be read (transient)
     */
    public Read read(FileDiscovered event, Rule rule, Visitor visitor) {
        FileFormat format = null;
        long records = 0;
        try (BlobContent.Opened opened = content.open(event, Optional.empty(), rule.format());
                RecordReader reader = Readers.open(
                        opened.format().kind(),
                        mapper,
                        opened.content(),
                        opened.start(),
                        opened.fromStart(),
                        reads.readOptions())) {
            format = opened.format();
            SourceRecord element;
            boolean first = true;
            while ((element = reader.next()) != null) {
                if (first) {
                    first = false;
                    Optional<String> missing = ReadLoop.missingColumns(reader, rule);
                    if (missing.isPresent()) {
                        return new Read(format, 0, fileError(event, missing.get()), null, false, -1, true);
                    }
                }
                records = element.index() + 1;
                if (!visitor.record(element, position(format, element))) {
                    return new Read(format, records, null, null, true);
                }
            }
            return new Read(format, records, null, null, false);
        } catch (MalformedFileException e) {
            return failed(event, format, records, e.getMessage(), e.byteOffset());
        } catch (BrokenContentException e) {
            return failed(event, format, records, e.getMessage(), e.uncompressedOffset());
        } catch (UncheckedIOException e) {
            if (e.getCause() instanceof BrokenContentException broken) {
                return failed(event, format, records, broken.getMessage(), broken.uncompressedOffset());
            }
            throw e;
        } catch (BlobStorageException e) {
            return gone(e, format, records).orElseThrow(() -> e);
        } catch (IOException e) {
            if (e.getCause() instanceof BlobStorageException bse) {
                Optional<Read> gone = gone(bse, format, records);
                if (gone.isPresent()) {
                    return gone.get();
                }
            }
            throw new UncheckedIOException("reading blob " + event.blobName() + " failed", e);
        }
    }

    /** @return a record's position for people, as a dead letter shows it (docs/architecture.md, "Positions") */
    public static String position(FileFormat format, SourceRecord element) {
        boolean lines = format.kind() != FileFormat.Kind.JSON_ARRAY && element.line() >= 0;
        return (lines ? "line " + element.line() : "index " + element.index()) + " (byte " + element.byteOffset() + ")";
    }

    private static Read failed(FileDiscovered event, FileFormat format, long records, String reason, long at) {
        return new Read(
                format,
                records,
                fileError(event, reason + " (" + records + " record(s) before it were read)"),
                null,
                false,
                at,
                false);
    }

    private static Optional<Read> gone(BlobStorageException e, FileFormat format, long records) {
        return ReadLoop.permanentFailure(e).map(why -> new Read(format, records, null, why, false));
    }

    private static String fileError(FileDiscovered event, String reason) {
        return "blob " + event.blobName() + ": " + reason;
    }
}
