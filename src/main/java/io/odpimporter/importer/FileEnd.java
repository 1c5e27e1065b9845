package io.odpimporter.importer;

import io.odpimporter.activity.ActivityLog;
import io.odpimporter.afterimport.AfterImportPolicy;
import io.odpimporter.config.ImporterConfig;
import io.odpimporter.domain.ActivityEntry;
import io.odpimporter.domain.BlobVersion;
import io.odpimporter.domain.DeadLetter;
import io.odpimporter.domain.DeadLetterKind;
import io.odpimporter.domain.FileDiscovered;
import io.odpimporter.domain.FileStatus;
import io.odpimporter.domain.LedgerEntry;
import io.odpimporter.domain.RuleRef;
import io.odpimporter.domain.RunEvent;
import io.odpimporter.domain.TieGroup;
import io.odpimporter.kafka.KafkaWriter;
import io.odpimporter.metrics.PipelineMetrics;
import io.odpimporter.runs.RunRegistry;
import io.odpimporter.state.Ledger;
import io.odpimporter.state.ProgressMarks;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.Optional;

/**
 * A file's end, once its records are acknowledged: its tie group (if any), its status (IMPORTED, FAILED or SKIPPED),
 * a FAILED file parked on the dead-letter topic (with its rule) and in the activity log, the FILE_DONE run event (with
 * the format it was read as and its rule), the ledger entry (with its rule), and its progress mark cleared. Each
 * write waits for Kafka's acknowledgement. The rule is absent everywhere for the default rule of an empty
 * configuration: then every value is what it was before rules existed.
 */
@ApplicationScoped
class FileEnd {

    /** The file importer's log category, shared by its parts: run logs and log filters see one logger. */
    private static final Logger LOG = Logger.getLogger(FileImporter.class);

    private final ImporterConfig config;
    private final KafkaWriter writer;
    private final Ledger ledger;
    private final ProgressMarks progress;
    private final RunRegistry runs;
    private final PipelineMetrics metrics;
    private final ActivityLog activity;
    private final AfterImportPolicy afterImport;

    FileEnd(
            ImporterConfig config,
            KafkaWriter writer,
            Ledger ledger,
            ProgressMarks progress,
            RunRegistry runs,
            PipelineMetrics metrics,
            ActivityLog activity,
            AfterImportPolicy afterImport) {
        this.afterImport = afterImport;
        this.config = config;
        this.writer = writer;
        this.ledger = ledger;
        this.progress = progress;
        this.runs = runs;
        this.metrics = metrics;
        this.activity = activity;
    }

    /**
     * @param tie          the file's tie check, null if the file was not opened
     * @param resumed      whether the file had a progress mark (then the mark is cleared)
     * @param rule         the rule the file was imported with, null for the default rule or none (skipped: no rule
     *                     matches it)
     */
    void finish(FileDiscovered event, Outcome outcome, TieDetector.File tie, boolean resumed, RuleRef rule) {
        BlobVersion version = event.version();
        // before FILE_DONE: the run's tie groups are all known when it completes (its log names them then)
        Optional<TieGroup> group = tie == null ? Optional.empty() : tie.finish();
        if (group.isPresent()) {
            KafkaWriter.await(runs.publish(RunEvent.tie(event.runId(), group.get())));
        }
        FileStatus status;
        if (outcome.skipped() != null) {
            // the version is gone (deleted) or replaced (its new ETag is imported on its own): nothing failed
            status = FileStatus.SKIPPED;
            LOG.infof(
                    "Blob %s (ETag %s) skipped after %d record(s): %s",
                    event.blobName(), event.etag(), outcome.total(), outcome.skipped());
        } else if (outcome.error() != null) {
            status = FileStatus.FAILED;
            LOG.errorf(
                    "Blob %s (ETag %s) FAILED after %d record(s): %s",
                    event.blobName(), event.etag(), outcome.total(), outcome.error());
            parkFailed(event, outcome, rule);
        } else {
            status = FileStatus.IMPORTED;
            LOG.infof(
                    "Blob %s (ETag %s) read as %s: %d record(s) emitted, %d parked, %d duplicate id(s)",
                    event.blobName(),
                    event.etag(),
                    outcome.format(),
                    outcome.emitted(),
                    outcome.rejected(),
                    outcome.duplicates());
        }
        metrics.fileFinished(status);
        KafkaWriter.await(runs.publish(RunEvent.fileDone(
                event.runId(),
                version.key(),
                event.blobName(),
                status,
                outcome.total(),
                outcome.emitted(),
                outcome.error() != null ? outcome.error() : outcome.skipped(),
                outcome.duplicates(),
                outcome.format(),
                rule,
                outcome.report())));
        Instant now = Instant.now();
        // a FAILED version's after-import action (move to failed/, tag failed) is recorded PENDING with it
        KafkaWriter.await(ledger.write(afterImport.withDueAction(
                new LedgerEntry(
                        LedgerEntry.SCHEMA_VERSION,
                        event.container(),
                        event.blobName(),
                        event.etag(),
                        outcome.error() == null ? LedgerEntry.State.IMPORTED : LedgerEntry.State.FAILED,
                        event.runId(),
                        outcome.total(),
                        outcome.error(),
                        now,
                        rule,
                        null,
                        null,
                        null,
                        null,
                        lastModified(event),
                        outcome.format()),
                now)));
        if (resumed || outcome.marked()) {
            KafkaWriter.await(progress.clear(version));
        }
    }

    /**
     * @return the blob's Last-Modified for the ledger (the files API's time filters): as its IN_PROGRESS state
     *         recorded it, else as the file event carries it
     */
    private Instant lastModified(FileDiscovered event) {
        return ledger.get(event.version()).map(LedgerEntry::lastModified).orElse(event.lastModified());
    }

    private static String unreadable(FileDiscovered event, Outcome outcome) {
        return "Blob " + event.blobName() + " could not be read past byte " + outcome.errorOffset() + " ("
                + outcome.total() + " record(s) before it were imported): " + outcome.error() + ". Upload "
                + "a corrected file (a new version is imported by the next sweep or on upload); replay "
                + "it (POST /dead-letters/replay) only after raising a limit that stopped it";
    }

    /** @return the activity text of a file its rule's error budget stopped or failed (docs/operations.md) */
    private static String overBudget(FileDiscovered event, Outcome outcome) {
        return "Blob " + event.blobName() + " is over its rule's error budget: " + outcome.error() + ". Its report "
                + "(problems by kind, first examples) is in the run's detail. Upload a corrected file (a new version "
                + "is imported by the next sweep or on upload), or raise the rule's max-invalid-ratio and replay it "
                + "(POST /dead-letters/replay)";
    }

    /** Parks the failed file (listed and replayed after a fix like a record) and tells the activity log. */
    private void parkFailed(FileDiscovered event, Outcome outcome, RuleRef rule) {
        BlobVersion version = event.version();
        DeadLetter parked = DeadLetter.of(
                DeadLetterKind.FAILED_FILE,
                event.runId(),
                version,
                outcome.total(),
                outcome.errorOffset(),
                outcome.error(),
                null);
        KafkaWriter.await(writer.park(
                config.topics().deadLetter(),
                event.blobName(),
                (outcome.format() == null ? parked : parked.at(outcome.format(), -1)).with(rule, null)));
        activity.record(new ActivityEntry(
                ActivityEntry.SCHEMA_VERSION,
                "file-failed/" + event.runId() + "/" + version.key(),
                Instant.now(),
                ActivityEntry.Level.WARN,
                "file",
                "File parked as bad: " + event.blobName(),
                outcome.report() != null ? overBudget(event, outcome) : unreadable(event, outcome),
                ActivityLog.details(
                        "runId",
                        event.runId(),
                        "container",
                        event.container(),
                        "blob",
                        event.blobName(),
                        "etag",
                        event.etag(),
                        "byteOffset",
                        outcome.errorOffset(),
                        "recordsBefore",
                        outcome.total(),
                        "reason",
                        outcome.error()),
                event.runId()));
    }
}
