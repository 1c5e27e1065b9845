package io.odpimporter.importer;

import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.models.BlobProperties;
import com.azure.storage.blob.models.BlobRange;
import com.azure.storage.blob.models.BlobRequestConditions;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.blob.options.BlobInputStreamOptions;
import com.azure.storage.blob.specialized.BlobInputStream;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.odpimporter.activity.ActivityLog;
import io.odpimporter.config.ImporterConfig;
import io.odpimporter.domain.ActivityEntry;
import io.odpimporter.domain.BlobVersion;
import io.odpimporter.domain.DeadLetter;
import io.odpimporter.domain.DeadLetterKind;
import io.odpimporter.domain.FileDiscovered;
import io.odpimporter.domain.FileFormat;
import io.odpimporter.domain.FileStatus;
import io.odpimporter.domain.LedgerEntry;
import io.odpimporter.domain.ProgressMark;
import io.odpimporter.domain.RecordHeaders;
import io.odpimporter.domain.RunEvent;
import io.odpimporter.domain.StoreRecord;
import io.odpimporter.domain.TieGroup;
import io.odpimporter.importer.read.MalformedFileException;
import io.odpimporter.importer.read.Position;
import io.odpimporter.importer.read.ReadOptions;
import io.odpimporter.importer.read.Readers;
import io.odpimporter.importer.read.RecordReader;
import io.odpimporter.importer.read.SourceRecord;
import io.odpimporter.kafka.Channels;
import io.odpimporter.kafka.KafkaWriter;
import io.odpimporter.kafka.Payloads;
import io.odpimporter.kafka.StoreWriter;
import io.odpimporter.logging.MdcKeys;
import io.odpimporter.metrics.PipelineMetrics;
import io.odpimporter.runs.RunRegistry;
import io.odpimporter.state.Ledger;
import io.odpimporter.state.ProgressMarks;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * The file importer: consumes file-discovered events one at a time (files topic, in discovery order), streams
 * the blob version the event names (If-Match its ETag), and emits one store record per element to the stores
 * topic, keyed by the primary key. Every {@code importer.file-import.progress-every} records it waits for Kafka's
 * acknowledgements and writes a progress mark, so a redelivered event resumes after the mark with a ranged read.
 * The event's offset is committed only after every record, the ledger state and the run event are acknowledged.
 * Transient failures (Blob Storage or Kafka unreachable) are retried with backoff, never given up. Files of one
 * Last-Modified second sharing primary keys are reported as a tie group ({@link TieDetector}, a TIE run event).
 */
@ApplicationScoped
public class FileImporter {

    private static final Logger LOG = Logger.getLogger(FileImporter.class);

    private final BlobContainerClient container;
    private final ImporterConfig config;
    private final ObjectMapper mapper;
    private final Payloads payloads;
    private final KafkaWriter writer;
    private final StoreWriter stores;
    private final Ledger ledger;
    private final ProgressMarks progress;
    private final RunRegistry runs;
    private final StoreTransform transform;
    private final PipelineMetrics metrics;
    private final ActivityLog activity;
    private final TieDetector ties;

    public FileImporter(
            BlobContainerClient container,
            ImporterConfig config,
            ObjectMapper mapper,
            Payloads payloads,
            KafkaWriter writer,
            StoreWriter stores,
            Ledger ledger,
            ProgressMarks progress,
            RunRegistry runs,
            StoreTransform transform,
            PipelineMetrics metrics,
            ActivityLog activity,
            TieDetector ties) {
        this.ties = ties;
        this.activity = activity;
        this.metrics = metrics;
        this.container = container;
        this.config = config;
        this.mapper = mapper;
        this.payloads = payloads;
        this.writer = writer;
        this.stores = stores;
        this.ledger = ledger;
        this.progress = progress;
        this.runs = runs;
        this.transform = transform;
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
        progress.awaitCaughtUp(catchUp);
        Optional<ProgressMark> mark =
                progress.get(version).filter(m -> event.runId().equals(m.runId()));
        long startOffset = mark.map(ProgressMark::byteOffset).orElse(0L);
        long firstIndex = mark.map(ProgressMark::nextRecordIndex).orElse(0L);
        mark.ifPresent(m -> LOG.infof(
                "Resuming blob %s (ETag %s) at record %d, byte %d",
                event.blobName(), event.etag(), m.nextRecordIndex(), m.byteOffset()));

        AtomicReference<TieDetector.File> tie = new AtomicReference<>();
        Outcome outcome = stream(
                event,
                startOffset,
                firstIndex,
                mark.map(ProgressMark::rejected).orElse(0L),
                mark.map(ProgressMark::duplicates).orElse(0L),
                tie);
        // before FILE_DONE: the run's tie groups are all known when it completes (its log names them then)
        Optional<TieGroup> group =
                tie.get() == null ? Optional.empty() : tie.get().finish();
        if (group.isPresent()) {
            KafkaWriter.await(runs.publish(RunEvent.tie(event.runId(), group.get())));
        }
        long emitted = outcome.total - outcome.rejected;
        FileStatus status;
        if (outcome.skipped != null) {
            // the version is gone (deleted) or replaced (its new ETag is imported on its own): nothing failed
            status = FileStatus.SKIPPED;
            LOG.infof(
                    "Blob %s (ETag %s) skipped after %d record(s): %s",
                    event.blobName(), event.etag(), outcome.total, outcome.skipped);
        } else if (outcome.error != null) {
            status = FileStatus.FAILED;
            LOG.errorf(
                    "Blob %s (ETag %s) FAILED after %d record(s): %s",
                    event.blobName(), event.etag(), outcome.total, outcome.error);
            // the file is parked too, so it can be listed and replayed after a fix like a record
            KafkaWriter.await(writer.park(
                    config.topics().deadLetter(),
                    event.blobName(),
                    DeadLetter.of(
                            DeadLetterKind.FAILED_FILE,
                            event.runId(),
                            version,
                            outcome.total,
                            outcome.errorOffset,
                            outcome.error,
                            null)));
            activity.record(new ActivityEntry(
                    ActivityEntry.SCHEMA_VERSION,
                    "file-failed/" + event.runId() + "/" + version.key(),
                    Instant.now(),
                    ActivityEntry.Level.WARN,
                    "file",
                    "File parked as bad: " + event.blobName(),
                    "Blob " + event.blobName() + " could not be read past byte " + outcome.errorOffset + " ("
                            + outcome.total + " record(s) before it were imported): " + outcome.error + ". Upload "
                            + "a corrected file (a new version is imported by the next sweep or on upload); replay "
                            + "it (POST /dead-letters/replay) only after raising a limit that stopped it",
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
                            outcome.errorOffset,
                            "recordsBefore",
                            outcome.total,
                            "reason",
                            outcome.error),
                    event.runId()));
        } else {
            status = FileStatus.IMPORTED;
            LOG.infof(
                    "Blob %s (ETag %s): %d record(s) emitted, %d parked, %d duplicate id(s)",
                    event.blobName(), event.etag(), emitted, outcome.rejected, outcome.duplicates);
        }
        metrics.fileFinished(status);
        KafkaWriter.await(runs.publish(RunEvent.fileDone(
                event.runId(),
                version.key(),
                event.blobName(),
                status,
                outcome.total,
                emitted,
                null,
                outcome.error != null ? outcome.error : outcome.skipped,
                outcome.duplicates)));
        KafkaWriter.await(ledger.write(new LedgerEntry(
                LedgerEntry.SCHEMA_VERSION,
                event.container(),
                event.blobName(),
                event.etag(),
                outcome.error == null ? LedgerEntry.State.IMPORTED : LedgerEntry.State.FAILED,
                event.runId(),
                outcome.total,
                outcome.error,
                Instant.now())));
        if (mark.isPresent() || outcome.marked) {
            KafkaWriter.await(progress.clear(version));
        }
        return null;
    }

    /** How reading a file ended: {@code error} (FAILED), {@code skipped} (version gone), or neither (IMPORTED). */
    private record Outcome(
            long total,
            long rejected,
            String error,
            boolean marked,
            String skipped,
            long duplicates,
            long errorOffset) {
        Outcome(long total, long rejected, String error, boolean marked, long duplicates) {
            this(total, rejected, error, marked, null, duplicates, -1);
        }

        Outcome(long total, long rejected, String error, boolean marked, String skipped, long duplicates) {
            this(total, rejected, error, marked, skipped, duplicates, -1);
        }
    }

    /** Records parked since the last mark; published as one REJECTED run event per window. */
    private final class Rejections {
        private final FileDiscovered event;
        private final List<Long> window = new ArrayList<>();
        private String firstReason;
        private long count;

        Rejections(FileDiscovered event, long before) {
            this.event = event;
            this.count = before;
        }

        void add(long index, long byteOffset, String reason) {
            if (window.isEmpty()) {
                firstReason = "record " + index + " at byte " + byteOffset + ": " + reason;
            }
            window.add(index);
            count++;
        }

        /** Publishes the window's indices and waits for Kafka's acknowledgement. */
        void flush() {
            if (!window.isEmpty()) {
                KafkaWriter.await(runs.publish(RunEvent.rejected(
                        event.runId(),
                        event.version().key(),
                        "importer-" + window.get(0),
                        List.copyOf(window),
                        firstReason)));
                window.clear();
            }
        }
    }

    /** @param tie receives the file's tie check once the read's answer gave its Last-Modified and version id */
    private Outcome stream(
            FileDiscovered event,
            long startOffset,
            long firstIndex,
            long rejectedBefore,
            long duplicatesBefore,
            AtomicReference<TieDetector.File> tie) {
        Rejections rejected = new Rejections(event, rejectedBefore);
        DuplicateIds duplicates = new DuplicateIds(config.fileImport().maxTrackedIds(), duplicatesBefore);
        BlobInputStreamOptions options =
                new BlobInputStreamOptions().setRequestConditions(new BlobRequestConditions().setIfMatch(event.etag()));
        if (startOffset > 0) {
            options.setRange(new BlobRange(startOffset));
        }
        // store records go through the importer's producer in windows; parked records through the shared one
        StoreWriter.Window window = stores.window(config.topics().stores());
        List<CompletableFuture<?>> pending = new ArrayList<>();
        long total = firstIndex;
        boolean marked = false;
        int sinceMark = 0;
        try (InputStream in = container.getBlobClient(event.blobName()).openInputStream(options);
                RecordReader reader = Readers.open(
                        FileFormat.Kind.JSON_ARRAY,
                        mapper,
                        in,
                        new Position(firstIndex, -1, startOffset),
                        () -> {
                            throw new IOException("not yet");
                        },
                        new ReadOptions(
                                config.fileImport().maxRecordBytes(),
                                config.fileImport().maxStringLength(),
                                config.fileImport().maxNestingDepth(),
                                ',',
                                List.of()))) {
            RecordHeaders.FileHeaders fileHeaders = RecordHeaders.file(
                    config.topics().storeHeaderLayout(), event.runId(), event.version(), uploadedAt(event, in));
            LOG.debugf(
                    "Blob %s (ETag %s): store records in the %s header layout",
                    event.blobName(), event.etag(), config.topics().storeHeaderLayout());
            tie.set(tieCheck(event, in));
            SourceRecord element;
            while ((element = reader.next()) != null) {
                // a mark needs the element's byte offset: unknown for UTF-16/32 input, which restarts from byte 0
                if (sinceMark >= config.fileImport().progressEvery() && reader.resumable()) {
                    awaitAll(window, pending);
                    rejected.flush();
                    KafkaWriter.await(progress.write(
                            event.version(),
                            new ProgressMark(
                                    ProgressMark.SCHEMA_VERSION,
                                    event.runId(),
                                    element.index(),
                                    element.byteOffset(),
                                    rejected.count,
                                    Instant.now(),
                                    duplicates.count())));
                    marked = true;
                    sinceMark = 0;
                }
                CompletableFuture<?> parked =
                        emit(event, element, window, rejected, duplicates, tie.get(), fileHeaders);
                if (parked != null) {
                    pending.add(parked);
                }
                sinceMark++;
                total = element.index() + 1;
            }
            awaitAll(window, pending);
            rejected.flush();
            if (duplicates.full()) {
                LOG.infof(
                        "Blob %s (ETag %s) has more than %d distinct ids: duplicate ids were counted among the "
                                + "first ones only (importer.file-import.max-tracked-ids)",
                        event.blobName(), event.etag(), config.fileImport().maxTrackedIds());
            }
            return new Outcome(total, rejected.count, null, marked, duplicates.count());
        } catch (MalformedFileException e) {
            awaitAll(window, pending);
            rejected.flush();
            return new Outcome(
                    total,
                    rejected.count,
                    "blob " + event.blobName() + ": " + e.getMessage() + " (" + total
                            + " record(s) before it were read)",
                    marked,
                    null,
                    duplicates.count(),
                    e.byteOffset());
        } catch (BlobStorageException e) {
            Optional<String> permanent = permanentFailure(e);
            if (permanent.isPresent()) {
                awaitAll(window, pending);
                rejected.flush();
                return new Outcome(total, rejected.count, null, marked, permanent.get(), duplicates.count());
            }
            throw e;
        } catch (IOException e) {
            if (e.getCause() instanceof BlobStorageException bse
                    && permanentFailure(bse).isPresent()) {
                awaitAll(window, pending);
                rejected.flush();
                return new Outcome(
                        total,
                        rejected.count,
                        null,
                        marked,
                        permanentFailure(bse).get(),
                        duplicates.count());
            }
            throw new UncheckedIOException("reading blob " + event.blobName() + " failed", e);
        }
    }

    /**
     * @return for the upload-to-ODP latency of webhook imports (epoch ms): the event's time (sub-second), else the
     *         version's Last-Modified from the read's answer (whole seconds); -1 for other sources
     */
    private static long uploadedAt(FileDiscovered event, InputStream in) {
        if (event.source() != FileDiscovered.Source.EVENT_GRID) {
            return -1;
        }
        if (event.lastModified() != null) {
            return event.lastModified().toEpochMilli();
        }
        return in instanceof BlobInputStream b
                ? b.getProperties().getLastModified().toInstant().toEpochMilli()
                : -1;
    }

    /**
     * @return the file's check for keys shared with files of the same Last-Modified second: by the version read (its
     *         Last-Modified and version id from the read's answer), else by the event's
     */
    private TieDetector.File tieCheck(FileDiscovered event, InputStream in) {
        Instant lastModified = event.lastModified();
        String versionId = event.versionId();
        if (in instanceof BlobInputStream b && b.getProperties() != null) {
            BlobProperties read = b.getProperties();
            lastModified = read.getLastModified() == null
                    ? lastModified
                    : read.getLastModified().toInstant();
            versionId = read.getVersionId() == null ? versionId : read.getVersionId();
        }
        return ties.begin(
                event.runId(),
                event.container(),
                lastModified,
                versionId,
                event.version().key(),
                event.blobName());
    }

    /**
     * 412: the blob was overwritten (a newer version has its own ETag and is imported on its own); 404: it was
     * deleted. Either way this version's attempt ends without error.
     */
    private static Optional<String> permanentFailure(BlobStorageException e) {
        return switch (e.getStatusCode()) {
            case 412 ->
                Optional.of("this version of the blob is gone (deleted or overwritten since it was "
                        + "discovered: ETag no longer matches); a newer version is imported on its own");
            case 404 -> Optional.of("the blob no longer exists (" + e.getErrorCode() + ")");
            default -> Optional.empty();
        };
    }

    /** @return null when the record went to {@code window}; when it was parked, the dead letter's acknowledgement */
    private CompletableFuture<?> emit(
            FileDiscovered event,
            SourceRecord element,
            StoreWriter.Window window,
            Rejections rejected,
            DuplicateIds duplicates,
            TieDetector.File tie,
            RecordHeaders.FileHeaders fileHeaders) {
        List<Header> headers = fileHeaders.record(element.index());
        try {
            if (element.problem() != null) {
                throw new StoreTransform.InvalidRecordException(element.problem());
            }
            StoreTransform.Payload payload = transform.transform(element.value());
            long keyHash = DuplicateIds.hash(payload.primaryKey());
            duplicates.addHash(keyHash);
            tie.addHash(keyHash);
            metrics.recordEmitted();
            window.send(
                    payload.primaryKey(),
                    new StoreRecord(StoreRecord.SCHEMA_VERSION, config.odp().objectType(), payload.fields()),
                    headers);
            return null;
        } catch (StoreTransform.InvalidRecordException e) {
            rejected.add(element.index(), element.byteOffset(), e.getMessage());
            metrics.recordRejected("importer");
            LOG.warnf(
                    "Blob %s (ETag %s) record %d at byte %d parked: %s",
                    event.blobName(), event.etag(), element.index(), element.byteOffset(), e.getMessage());
            return writer.park(
                    config.topics().deadLetter(),
                    event.blobName(),
                    DeadLetter.of(
                            DeadLetterKind.INVALID_RECORD,
                            event.runId(),
                            event.version(),
                            element.index(),
                            element.byteOffset(),
                            e.getMessage(),
                            excerpt(element)));
        }
    }

    /** @return the record as text for its dead letter: the row as read, or the record as JSON (null if not kept) */
    private static String excerpt(SourceRecord element) {
        return element.value() == null ? element.text() : element.value().toString();
    }

    /**
     * Returns when every store record sent through {@code window} and every dead letter in {@code pending} is
     * acknowledged; the window flushes its producer first, so nothing waits out the producer's linger.
     */
    private static void awaitAll(StoreWriter.Window window, List<CompletableFuture<?>> pending) {
        window.awaitAcknowledged();
        KafkaWriter.await(CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)));
        pending.clear();
    }
}
