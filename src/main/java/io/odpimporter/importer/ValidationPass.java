package io.odpimporter.importer;

import com.azure.storage.blob.models.BlobStorageException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.odpimporter.config.ImporterConfig;
import io.odpimporter.domain.FileDiscovered;
import io.odpimporter.domain.FileFormat;
import io.odpimporter.importer.read.BrokenContentException;
import io.odpimporter.importer.read.MalformedFileException;
import io.odpimporter.importer.read.Readers;
import io.odpimporter.importer.read.RecordReader;
import io.odpimporter.importer.read.SourceRecord;
import io.odpimporter.rules.InvalidRecordException;
import io.odpimporter.rules.Rule;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;

/**
 * The first pass of a rule with {@code validate-first} (docs/architecture.md, "The error budget"): reads the whole
 * blob version, pinned to its ETag like the import's own read ({@link BlobContent}), streaming (gzip inflated as it
 * goes, nothing held), applies the rule's transform to every record and counts the invalid ones in the file's
 * {@link ErrorBudgetGate}, sending and parking nothing. A file over budget, or one that cannot be read to its end, is
 * FAILED with nothing sent; otherwise the import reads it again (the second pass, pinned to the same ETag).
 *
 * <p>What the second pass meets first is left to it: a CSV header without the rule's required columns (a clear error
 * before any record is sent) and a version gone since (412 or 404: SKIPPED, as for any changed blob). A failure to
 * read the blob is thrown (transient: the whole import, this pass included, is retried).
 */
@ApplicationScoped
class ValidationPass {

    /** The file importer's log category, shared by its parts: run logs and log filters see one logger. */
    private static final Logger LOG = Logger.getLogger(FileImporter.class);

    private final ImporterConfig config;
    private final ObjectMapper mapper;
    private final BlobContent content;
    private final ReadLoop reads;

    ValidationPass(ImporterConfig config, ObjectMapper mapper, BlobContent content, ReadLoop reads) {
        this.config = config;
        this.mapper = mapper;
        this.content = content;
        this.reads = reads;
    }

    /**
     * @param event the file, read from its start
     * @param rule  its rule, with {@code validate-first}
     * @return the file's FAILED outcome (nothing sent, its report if over budget); empty: import it
     */
    Optional<Outcome> validate(FileDiscovered event, Rule rule) {
        ErrorBudgetGate budget =
                new ErrorBudgetGate(rule.budget(), config.dryRun().examples());
        FileFormat format = null;
        long began = System.nanoTime();
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
                if (first && ReadLoop.missingColumns(reader, rule).isPresent()) {
                    return Optional.empty();
                }
                first = false;
                check(event, rule, format, element, budget);
            }
        } catch (MalformedFileException e) {
            return unreadable(event, e.getMessage(), e.byteOffset(), budget, format);
        } catch (BrokenContentException e) {
            return unreadable(event, e.getMessage(), e.uncompressedOffset(), budget, format);
        } catch (UncheckedIOException e) {
            if (e.getCause() instanceof BrokenContentException broken) {
                return unreadable(event, broken.getMessage(), broken.uncompressedOffset(), budget, format);
            }
            throw new UncheckedIOException("validating blob " + event.blobName() + " failed", e.getCause());
        } catch (BlobStorageException e) {
            if (gone(e)) {
                return Optional.empty();
            }
            throw e;
        } catch (IOException e) {
            if (e.getCause() instanceof BlobStorageException bse && gone(bse)) {
                return Optional.empty();
            }
            throw new UncheckedIOException("validating blob " + event.blobName() + " failed", e);
        }
        double seconds = (System.nanoTime() - began) / 1e9;
        if (budget.overAtEnd()) {
            return Optional.of(Outcome.overBudget(
                    0,
                    0,
                    "blob " + event.blobName() + ": " + budget.overWhenValidated(),
                    false,
                    0,
                    -1,
                    format,
                    budget.report(null)));
        }
        LOG.infof(
                "Blob %s (ETag %s) %s (%.1f s): importing it",
                event.blobName(), event.etag(), budget.withinWhenValidated(), seconds);
        return Optional.empty();
    }

    /** Transforms one record as the import would, counting it: nothing is sent or parked. */
    private static void check(
            FileDiscovered event, Rule rule, FileFormat format, SourceRecord element, ErrorBudgetGate budget) {
        try {
            if (element.problem() != null) {
                throw new InvalidRecordException(element.problem());
            }
            rule.transform().transform(element.value(), event.version(), element.index());
            budget.accepted();
        } catch (InvalidRecordException e) {
            budget.refused(format, element, e);
        }
    }

    /** @return a FAILED outcome: the file cannot be read to its end, so none of it is sent */
    private static Optional<Outcome> unreadable(
            FileDiscovered event, String reason, long offset, ErrorBudgetGate budget, FileFormat format) {
        return Optional.of(Outcome.failed(
                0,
                0,
                "blob " + event.blobName() + ": validated before import: " + reason + " (" + budget.read()
                        + " record(s) before it were read); nothing was sent",
                false,
                0,
                offset,
                format));
    }

    /** @return whether the version is gone (412: overwritten, 404: deleted): the import says so itself */
    private static boolean gone(BlobStorageException e) {
        return e.getStatusCode() == 412 || e.getStatusCode() == 404;
    }
}
