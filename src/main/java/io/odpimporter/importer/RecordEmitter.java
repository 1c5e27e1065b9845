package io.odpimporter.importer;

import io.odpimporter.config.ImporterConfig;
import io.odpimporter.domain.DeadLetter;
import io.odpimporter.domain.DeadLetterKind;
import io.odpimporter.domain.FileDiscovered;
import io.odpimporter.domain.FileFormat;
import io.odpimporter.domain.RecordHeaders;
import io.odpimporter.domain.RunEvent;
import io.odpimporter.importer.read.SourceRecord;
import io.odpimporter.kafka.KafkaWriter;
import io.odpimporter.kafka.StoreWriter;
import io.odpimporter.metrics.PipelineMetrics;
import io.odpimporter.rules.InvalidRecordException;
import io.odpimporter.rules.Payload;
import io.odpimporter.rules.Rule;
import io.odpimporter.runs.RunRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.common.header.Header;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Turns a file's records into store records by the file's rule ({@link Rule#transform()}, then {@link Rule#record}:
 * objects to their object type, events to the events target; the Kafka key is {@link Payload#key()}), or parks them:
 * a record that cannot be read or transformed goes to the dead-letter topic with its position (index, line, byte
 * offset), the file's format, its rule and its reason, and is counted in REJECTED run events, one per progress-mark
 * window. Duplicate ids and ties are counted for objects only: an event's key is its first identifier, not a primary
 * key (many events of one customer are the point, not a duplicate).
 */
@ApplicationScoped
class RecordEmitter {

    /** The file importer's log category, shared by its parts: run logs and log filters see one logger. */
    private static final Logger LOG = Logger.getLogger(FileImporter.class);

    private final ImporterConfig config;
    private final KafkaWriter writer;
    private final RunRegistry runs;
    private final PipelineMetrics metrics;

    RecordEmitter(ImporterConfig config, KafkaWriter writer, RunRegistry runs, PipelineMetrics metrics) {
        this.config = config;
        this.writer = writer;
        this.runs = runs;
        this.metrics = metrics;
    }

    /**
     * @param tie the file's tie check, null for none (an events target)
     * @return the emitter of one file's records, {@code rejectedBefore} of them parked before a progress mark
     */
    ForFile forFile(
            FileDiscovered event,
            Rule rule,
            FileFormat format,
            StoreWriter.Window window,
            DuplicateIds duplicates,
            TieDetector.File tie,
            RecordHeaders.FileHeaders fileHeaders,
            long rejectedBefore,
            ErrorBudgetGate budget) {
        return new ForFile(event, rule, format, window, duplicates, tie, fileHeaders, rejectedBefore, budget);
    }

    /** One file's records: sent through its window, parked, and the parked ones counted. */
    final class ForFile {
        private final FileDiscovered event;
        private final Rule rule;
        private final boolean objects;
        private final FileFormat format;
        private final StoreWriter.Window window;
        private final DuplicateIds duplicates;
        private final TieDetector.File tie;
        private final RecordHeaders.FileHeaders fileHeaders;
        private final ErrorBudgetGate budget;
        private final List<CompletableFuture<?>> pending = new ArrayList<>();
        private final List<Long> rejectedWindow = new ArrayList<>();
        private String firstReason;
        private long rejected;

        private ForFile(
                FileDiscovered event,
                Rule rule,
                FileFormat format,
                StoreWriter.Window window,
                DuplicateIds duplicates,
                TieDetector.File tie,
                RecordHeaders.FileHeaders fileHeaders,
                long rejectedBefore,
                ErrorBudgetGate budget) {
            this.event = event;
            this.budget = budget;
            this.rule = rule;
            this.objects = ReadLoop.objects(rule);
            this.format = format;
            this.window = window;
            this.duplicates = duplicates;
            this.tie = tie;
            this.fileHeaders = fileHeaders;
            this.rejected = rejectedBefore;
        }

        /** Sends the record to the stores topic, or parks it with its reason; counts it in the file's error budget. */
        void emit(SourceRecord element) {
            List<Header> headers = fileHeaders.record(element.index());
            try {
                if (element.problem() != null) {
                    throw new InvalidRecordException(element.problem());
                }
                Payload payload = rule.transform().transform(element.value(), event.version(), element.index());
                if (objects) {
                    long keyHash = DuplicateIds.hash(payload.key());
                    duplicates.addHash(keyHash);
                    if (tie != null) {
                        tie.addHash(keyHash);
                    }
                }
                metrics.recordEmitted();
                window.send(payload.key(), rule.record(payload), headers);
                budget.accepted();
            } catch (InvalidRecordException e) {
                park(element, e.getMessage());
                budget.refused(format, element, e);
            }
        }

        private void park(SourceRecord element, String reason) {
            if (rejectedWindow.isEmpty()) {
                firstReason = "record " + element.index() + where(format, element) + ": " + reason;
            }
            rejectedWindow.add(element.index());
            rejected++;
            metrics.recordRejected("importer");
            LOG.warnf(
                    "Blob %s (ETag %s) record %d%s parked: %s",
                    event.blobName(), event.etag(), element.index(), where(format, element), reason);
            pending.add(writer.park(
                    config.topics().deadLetter(),
                    event.blobName(),
                    DeadLetter.of(
                                    DeadLetterKind.INVALID_RECORD,
                                    event.runId(),
                                    event.version(),
                                    element.index(),
                                    element.byteOffset(),
                                    reason,
                                    deadLetterValue(element))
                            .at(format, element.line())
                            .with(rule.ref(), null)));
        }

        /**
         * Returns when every store record and dead letter sent so far is acknowledged, then publishes the parked
         * records' REJECTED run event (if any) and waits for it: a progress mark may follow.
         */
        void awaitAcknowledged() {
            window.awaitAcknowledged();
            KafkaWriter.await(CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)));
            pending.clear();
            if (!rejectedWindow.isEmpty()) {
                KafkaWriter.await(runs.publish(RunEvent.rejected(
                        event.runId(),
                        event.version().key(),
                        "importer-" + rejectedWindow.get(0),
                        List.copyOf(rejectedWindow),
                        firstReason)));
                rejectedWindow.clear();
            }
        }

        /** @return records parked in the file so far (with those before the progress mark it resumed from) */
        long rejected() {
            return rejected;
        }
    }

    /**
     * @return the record's position for people after its index: its line for line-based formats (CSV, JSON Lines;
     *         a JSON array's element is told by its index, as before), and its byte offset
     */
    static String where(FileFormat format, SourceRecord element) {
        boolean lines = format.kind() != FileFormat.Kind.JSON_ARRAY && element.line() >= 0;
        return (lines ? " on line " + element.line() : "") + " at byte " + element.byteOffset();
    }

    /**
     * @return what a parked record's dead letter holds: the record as JSON when it was read (a CSV row framed into its
     *         columns: an object of column name to text, which a replay transforms again), else the row as read (a row
     *         that could not be framed: a replay parks it again), null if not kept
     */
    static String deadLetterValue(SourceRecord element) {
        return element.value() == null ? element.text() : element.value().toString();
    }
}
