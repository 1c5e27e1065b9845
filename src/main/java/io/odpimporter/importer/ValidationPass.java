package io.odpimporter.importer;

import io.odpimporter.config.ImporterConfig;
import io.odpimporter.domain.FileDiscovered;
import io.odpimporter.importer.read.SourceRecord;
import io.odpimporter.rules.InvalidRecordException;
import io.odpimporter.rules.Rule;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.io.UncheckedIOException;
import java.util.Optional;

/**
 * The first pass of a rule with {@code validate-first} (docs/architecture.md, "The error budget"): reads the whole
 * blob version, pinned to its ETag like the import's own read ({@link BlobContent}), streaming (gzip inflated as it
 * goes, nothing held), applies the rule's transform to every record and counts the invalid ones in the file's
 * {@link ErrorBudgetGate}, sending and parking nothing. It reads through {@link FileRecords}, the importer's reading
 * seam the dry run uses too. A file over budget, or one that cannot be read to its end, is
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
    private final FileRecords records;

    ValidationPass(ImporterConfig config, FileRecords records) {
        this.config = config;
        this.records = records;
    }

    /**
     * @param event the file, read from its start
     * @param rule  its rule, with {@code validate-first}
     * @return the file's FAILED outcome (nothing sent, its report if over budget); empty: import it
     */
    Optional<Outcome> validate(FileDiscovered event, Rule rule) {
        ErrorBudgetGate budget =
                new ErrorBudgetGate(rule.budget(), config.dryRun().examples());
        long began = System.nanoTime();
        FileRecords.Read read;
        try {
            read = records.read(event, rule, (element, position) -> {
                check(event, rule, element, position, budget);
                return true;
            });
        } catch (UncheckedIOException e) {
            throw new UncheckedIOException("validating blob " + event.blobName() + " failed", e.getCause());
        }
        if (read.skipped() != null || read.header()) {
            return Optional.empty(); // the second pass says so itself, before any record is sent
        }
        if (read.error() != null) {
            // the file cannot be read to its end, so none of it is sent
            return Optional.of(Outcome.failed(
                    0,
                    0,
                    read.error() + "; validated before import, nothing was sent",
                    false,
                    0,
                    read.errorAt(),
                    read.format()));
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
                    read.format(),
                    budget.report(null)));
        }
        LOG.infof(
                "Blob %s (ETag %s) %s (%.1f s): importing it",
                event.blobName(), event.etag(), budget.withinWhenValidated(), seconds);
        return Optional.empty();
    }

    /** Transforms one record as the import would, counting it: nothing is sent or parked. */
    private static void check(
            FileDiscovered event, Rule rule, SourceRecord element, String position, ErrorBudgetGate budget) {
        try {
            if (element.problem() != null) {
                throw new InvalidRecordException(element.problem());
            }
            rule.transform().transform(element.value(), event.version(), element.index());
            budget.accepted();
        } catch (InvalidRecordException e) {
            budget.refused(position, element.index(), e);
        }
    }
}
