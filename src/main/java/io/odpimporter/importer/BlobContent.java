package io.odpimporter.importer;

import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.models.BlobProperties;
import com.azure.storage.blob.models.BlobRange;
import com.azure.storage.blob.models.BlobRequestConditions;
import com.azure.storage.blob.options.BlobInputStreamOptions;
import com.azure.storage.blob.specialized.BlobInputStream;
import io.odpimporter.config.FormatsConfig;
import io.odpimporter.config.ImporterConfig;
import io.odpimporter.domain.FileDiscovered;
import io.odpimporter.domain.FileFormat;
import io.odpimporter.domain.ProgressMark;
import io.odpimporter.importer.read.GzipContent;
import io.odpimporter.importer.read.Position;
import io.odpimporter.importer.read.Readers;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.util.Optional;

/**
 * Opens a blob version's content for its reader: the raw bytes (the HTTP client does not decompress: it sends no
 * Accept-Encoding and inflates nothing), every read pinned to the version's ETag ({@code If-Match}). Decides the
 * format of a file read from its start ({@link FormatDetection}); a file resuming after a progress mark is read as
 * the mark says: plain content by a ranged read from the mark's byte offset, gzip content from byte 0, inflated and
 * skipped up to the mark's (uncompressed) offset, nothing sent again.
 */
@ApplicationScoped
class BlobContent {

    /** The file importer's log category, shared by its parts: run logs and log filters see one logger. */
    private static final Logger LOG = Logger.getLogger(FileImporter.class);

    /** Block size of a read for a CSV header: a header is small, one block is enough. */
    private static final int HEADER_BLOCK = 64 * 1024;

    private final BlobContainerClient container;
    private final ImporterConfig config;

    BlobContent(BlobContainerClient container, ImporterConfig config) {
        this.container = container;
        this.config = config;
    }

    /**
     * A file's content, opened.
     *
     * @param format     the format it is read as
     * @param content    the uncompressed content from {@code start.byteOffset()} on
     * @param properties the blob's properties from the read's answer (Last-Modified, version id, Content-Encoding)
     * @param start      where {@code content} starts
     * @param fromStart  the content from byte 0 again (a CSV's header when resuming)
     */
    record Opened(
            FileFormat format,
            InputStream content,
            BlobProperties properties,
            Position start,
            Readers.ContentFromStart fromStart)
            implements Closeable {
        @Override
        public void close() throws IOException {
            content.close();
        }
    }

    /**
     * @param event the file
     * @param mark  the progress mark it resumes from, if any
     * @param ruleFormat the format its rule reads it as, if the rule says ({@link FormatDetection#decide})
     * @throws IOException when the blob cannot be read (transient), or a gzip file cannot be inflated up to the
     *                     mark ({@link io.odpimporter.importer.read.BrokenContentException})
     */
    Opened open(FileDiscovered event, Optional<ProgressMark> mark, Optional<FileFormat> ruleFormat) throws IOException {
        if (mark.isEmpty()) {
            BlobInputStream raw = raw(event, 0, null);
            PushbackInputStream in = FormatDetection.peekable(raw);
            FileFormat format = FormatDetection.decide(
                    event.blobName(), ruleFormat, raw.getProperties().getContentEncoding(), FormatDetection.peek(in));
            InputStream content = format.gzip() ? gzip(in) : in;
            return new Opened(format, content, raw.getProperties(), Position.START, fromStart(event, format));
        }
        ProgressMark m = mark.get();
        FileFormat format = m.formatOrDefault();
        Position start = new Position(m.nextRecordIndex(), m.lineOrUnknown(), m.byteOffset());
        if (!format.gzip()) {
            BlobInputStream raw = raw(event, m.byteOffset(), null);
            return new Opened(format, raw, raw.getProperties(), start, fromStart(event, format));
        }
        BlobInputStream raw = raw(event, 0, null);
        GzipContent content = gzip(raw);
        long began = System.nanoTime();
        try {
            content.skipFully(m.byteOffset());
        } catch (IOException e) {
            content.close();
            throw e;
        }
        LOG.infof(
                "Blob %s (ETag %s) is gzip: resuming at record %d took inflating %d byte(s) from %d compressed "
                        + "byte(s) in %.1f s (nothing before the mark is sent again)",
                event.blobName(),
                event.etag(),
                m.nextRecordIndex(),
                content.uncompressedOffset(),
                content.compressedOffset(),
                (System.nanoTime() - began) / 1e9);
        return new Opened(format, content, raw.getProperties(), start, fromStart(event, format));
    }

    /** @return the content from byte 0: a small read for plain content, inflated from byte 0 for gzip */
    private Readers.ContentFromStart fromStart(FileDiscovered event, FileFormat format) {
        return () -> {
            BlobInputStream raw = raw(event, 0, HEADER_BLOCK);
            return format.gzip() ? gzip(raw) : raw;
        };
    }

    private GzipContent gzip(InputStream raw) {
        FormatsConfig.Gzip limits = config.formats().gzip();
        return new GzipContent(raw, new GzipContent.Limits(limits.maxRatio(), limits.maxUncompressedBytes()));
    }

    /** @return the blob version's raw bytes from {@code offset} on (If-Match its ETag) */
    private BlobInputStream raw(FileDiscovered event, long offset, Integer blockSize) {
        BlobInputStreamOptions options =
                new BlobInputStreamOptions().setRequestConditions(new BlobRequestConditions().setIfMatch(event.etag()));
        if (offset > 0) {
            options.setRange(new BlobRange(offset));
        }
        if (blockSize != null) {
            options.setBlockSize(blockSize);
        }
        return container.getBlobClient(event.blobName()).openInputStream(options);
    }
}
