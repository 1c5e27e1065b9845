package io.odpimporter.importer;

import io.odpimporter.config.ImporterConfig;
import io.odpimporter.domain.BlobVersion;
import io.odpimporter.domain.DeadLetter;
import io.odpimporter.domain.DeadLetterKind;
import io.odpimporter.domain.FileDiscovered;
import io.odpimporter.domain.FileStatus;
import io.odpimporter.domain.LedgerEntry;
import io.odpimporter.domain.ProgressMark;
import io.odpimporter.domain.RunEvent;
import io.odpimporter.kafka.Channels;
import io.odpimporter.kafka.KafkaWriter;
import io.odpimporter.kafka.Payloads;
import io.odpimporter.logging.MdcKeys;
import io.odpimporter.rules.Rules;
import io.odpimporter.runs.RunRegistry;
import io.odpimporter.state.Ledger;
import io.odpimporter.state.ProgressMarks;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * The file importer: consumes file-discovered events one at a time (files topic, in discovery order), skips versions
 * the ledger says are done, and imports the others: {@link ReadLoop} streams the blob version the event names
 * (If-Match its ETag) in its format and emits one store record per record to the stores topic, keyed by the primary
 * key, writing progress marks a redelivered event resumes from; {@link FileEnd} records the file's end. The event's
 * offset is committed only after every record, the ledger state and the run event are acknowledged.
 * Transient failures (Blob Storage or Kafka unreachable) are retried with backoff, never given up. Files of one
 * Last-Modified second sharing primary keys are reported as a tie group ({@link TieDetector}, a TIE run event).
 *
 * <p>Each file is imported with the rule recorded at its discovery ({@link RuleResolution}: matched again, said at
 * WARN, if that rule is gone or changed; SKIPPED if nothing matches now). A progress mark written under another rule
 * (or another definition of it) is not resumed from: the file starts again from record 0, said at WARN.
 *
 * <p>A rule with an error budget and {@code validate-first} has each file read whole first ({@link ValidationPass}):
 * a file over budget ends FAILED with its report and nothing sent (docs/architecture.md, "The error budget").
 */
@ApplicationScoped
public class FileImporter {

    private static final Logger LOG = Logger.getLogger(FileImporter.class);

    private final ImporterConfig config;
    private final Payloads payloads;
    private final KafkaWriter writer;
    private final Ledger ledger;
    private final ProgressMarks progress;
    private final RunRegistry runs;
    private final ReadLoop reads;
    private final FileEnd end;
    private final Rules rules;
    private final ValidationPass validation;

    public FileImporter(
            ImporterConfig config,
            Payloads payloads,
            KafkaWriter writer,
            Ledger ledger,
            ProgressMarks progress,
            RunRegistry runs,
            ReadLoop reads,
            FileEnd end,
            Rules rules,
            ValidationPass validation) {
        this.config = config;
        this.payloads = payloads;
        this.writer = writer;
        this.ledger = ledger;
        this.progress = progress;
        this.runs = runs;
        this.reads = reads;
        this.end = end;
        this.rules = rules;
        this.validation = validation;
    }

    @Incoming(Channels.FILES)
    @Blocking
    public void onFileDiscovered(ConsumerRecord<String, String> record) {
        FileDiscovered event;
        try {
            event = payloads.read(record.value(), FileDiscovered.class, FileDiscovered.SCHEMA_VERSION);
        } catch (Payloads.UnreadablePayloadException e) {
            LOG.errorf(
                    "Parking unreadable file event at %s-%d@%d: %s",
                    record.topic(), record.partition(), record.offset(), e.getMessage());
            untilDone(
                    () -> KafkaWriter.await(writer.park(
                            config.topics().deadLetter(),
                            record.key(),
                            DeadLetter.of(
                                    DeadLetterKind.UNREADABLE_EVENT,
                                    null,
                                    null,
                                    record.key(),
                                    null,
                                    -1,
                                    -1,
                                    e.getMessage(),
                                    record.value()))),
                    "park an unreadable file event");
            return;
        }
        // the import's log lines carry run id and blob name as structured fields (JSON logs: mdc.runId, mdc.blob)
        MDC.put(MdcKeys.RUN_ID, event.runId());
        MDC.put(MdcKeys.BLOB, event.blobName());
        try {
            untilDone(() -> importFile(event), "import blob " + event.blobName() + " (ETag " + event.etag() + ")");
        } finally {
            MDC.remove(MdcKeys.RUN_ID);
            MDC.remove(MdcKeys.BLOB);
        }
    }

    /**
     * Runs {@code step} until it succeeds, with exponential backoff: Blob Storage or Kafka being down pauses the
     * importer, it never skips a file. Only a shutdown (interruption) ends it with an exception, and then the
     * channel stops without committing the event.
     */
    private void untilDone(Supplier<?> step, String what) {
        Uni.createFrom()
                .item(step)
                .onFailure()
                .invoke(e -> LOG.warnf("Could not %s, will retry: %s", what, e.toString()))
                .onFailure()
                .retry()
                .withBackOff(Duration.ofSeconds(1), Duration.ofSeconds(60))
                .withJitter(0.2)
                .indefinitely()
                .await()
                .indefinitely();
    }

    /** Imports one file; returns when everything it wrote is acknowledged. Throws on transient failures. */
    private Void importFile(FileDiscovered event) {
        BlobVersion version = event.version();
        Duration catchUp = config.sweep().ledgerCatchUpTimeout();
        ledger.awaitCaughtUp(catchUp);
        Optional<LedgerEntry> entry = ledger.get(version);
        boolean forced = event.force()
                && entry.isPresent()
                && !event.runId().equals(entry.get().runId());
        if (entry.isPresent() && entry.get().state() != LedgerEntry.State.IN_PROGRESS && !forced) {
            if (!event.runId().equals(entry.get().runId())) {
                LOG.infof(
                        "Blob %s (ETag %s) already %s by run %s: skipped",
                        event.blobName(),
                        event.etag(),
                        entry.get().state(),
                        entry.get().runId());
                KafkaWriter.await(runs.publish(RunEvent.fileDone(
                        event.runId(),
                        version.key(),
                        event.blobName(),
                        FileStatus.SKIPPED,
                        0,
                        0,
                        null,
                        "already " + entry.get().state() + " by run "
                                + entry.get().runId(),
                        0)));
            }
            return null;
        }
        RuleResolution.Resolved resolved = RuleResolution.resolve(rules, event);
        if (resolved.warning() != null) {
            LOG.warn(resolved.warning());
        }
        progress.awaitCaughtUp(catchUp);
        Optional<ProgressMark> found =
                progress.get(version).filter(m -> event.runId().equals(m.runId()));
        if (resolved.rule() == null) {
            end.finish(event, Outcome.skipped(0, 0, resolved.skipped(), false, 0, null), null, found.isPresent(), null);
            return null;
        }
        Optional<ProgressMark> mark = found.filter(m -> {
            Optional<String> restart = RuleResolution.restartReason(event, m, resolved.rule());
            restart.ifPresent(LOG::warn);
            return restart.isEmpty();
        });
        mark.ifPresent(m -> LOG.infof(
                "Resuming blob %s (ETag %s, %s) at record %d, line %d, byte %d",
                event.blobName(),
                event.etag(),
                m.formatOrDefault(),
                m.nextRecordIndex(),
                m.lineOrUnknown(),
                m.byteOffset()));
        // validate-first: a progress mark means the first pass passed already (marks come from the second)
        if (resolved.rule().budget().validateFirst() && mark.isEmpty()) {
            Optional<Outcome> refused = validation.validate(event, resolved.rule());
            if (refused.isPresent()) {
                end.finish(
                        event,
                        refused.get(),
                        null,
                        found.isPresent(),
                        resolved.rule().ref());
                return null;
            }
        }
        AtomicReference<TieDetector.File> tie = new AtomicReference<>();
        Outcome outcome = reads.read(event, mark, tie, resolved.rule());
        end.finish(event, outcome, tie.get(), found.isPresent(), resolved.rule().ref());
        return null;
    }
}
