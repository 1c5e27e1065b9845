package io.odpimporter.importer;

import com.azure.storage.blob.models.BlobProperties;
import com.azure.storage.blob.models.BlobStorageException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.odpimporter.config.FormatsConfig;
import io.odpimporter.config.ImporterConfig;
import io.odpimporter.domain.FileDiscovered;
import io.odpimporter.domain.FileFormat;
import io.odpimporter.domain.ProgressMark;
import io.odpimporter.domain.RecordHeaders;
import io.odpimporter.domain.StoreRecord;
import io.odpimporter.importer.read.BrokenContentException;
import io.odpimporter.importer.read.MalformedFileException;
import io.odpimporter.importer.read.ReadOptions;
import io.odpimporter.importer.read.Readers;
import io.odpimporter.importer.read.RecordReader;
import io.odpimporter.importer.read.SourceRecord;
import io.odpimporter.kafka.KafkaWriter;
import io.odpimporter.kafka.StoreWriter;
import io.odpimporter.rules.Rule;
import io.odpimporter.state.ProgressMarks;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

/**
 * Reads one file to its end with its rule: opens its content ({@link BlobContent}, in the rule's format if it has
 * one), reads its records with the reader of its format, hands them to the {@link RecordEmitter}, and every
 * {@code importer.file-import.progress-every} records waits for Kafka's acknowledgements and writes a progress mark
 * (the next record's index, line and byte offset, the file's format and its rule), so a redelivered event resumes
 * there. A file that cannot be read past a point (malformed, broken gzip, a CSV header without the rule's required
 * columns: {@code id} for the default rule) ends FAILED there, with the records before it delivered; a version gone
 * ends SKIPPED; a failure to read the blob or write to Kafka is thrown (transient: retried). A file over its rule's
 * error budget ({@link ErrorBudgetGate}) stops there and ends FAILED with its report, the records before it delivered.
 *
 * <p>Duplicate ids and ties (files of one Last-Modified second sharing primary keys) are about objects' primary keys:
 * an events target has none (its Kafka key is the first identifier, which many events share by design), so neither is
 * counted nor checked for a rule whose target is events.
 */
@ApplicationScoped
class ReadLoop {

    /** The file importer's log category, shared by its parts: run logs and log filters see one logger. */
    private static final Logger LOG = Logger.getLogger(FileImporter.class);

    private final ImporterConfig config;
    private final ObjectMapper mapper;
    private final StoreWriter stores;
    private final ProgressMarks progress;
    private final RecordEmitter emitter;
    private final BlobContent content;
    private final TieDetector ties;

    ReadLoop(
            ImporterConfig config,
            ObjectMapper mapper,
            StoreWriter stores,
            ProgressMarks progress,
            RecordEmitter emitter,
            BlobContent content,
            TieDetector ties) {
        this.config = config;
        this.mapper = mapper;
        this.stores = stores;
        this.progress = progress;
        this.emitter = emitter;
        this.content = content;
        this.ties = ties;
    }

    /**
     * @param mark the progress mark to resume from, if any
     * @param tie  receives the file's tie check once the read's answer gave its Last-Modified and version id (objects
     *             targets only: none for events)
     * @param rule the rule the file is imported with
     */
    Outcome read(FileDiscovered event, Optional<ProgressMark> mark, AtomicReference<TieDetector.File> tie, Rule rule) {
        DuplicateIds duplicates = new DuplicateIds(
                config.fileImport().maxTrackedIds(),
                mark.map(ProgressMark::duplicates).orElse(0L));
        long rejectedBefore = mark.map(ProgressMark::rejected).orElse(0L);
        // store records go through the importer's producer in windows; parked records through the shared one
        StoreWriter.Window window = stores.window(config.topics().stores());
        long total = mark.map(ProgressMark::nextRecordIndex).orElse(0L);
        ErrorBudgetGate budget =
                new ErrorBudgetGate(rule.budget(), config.dryRun().examples()).resumedAfter(total, rejectedBefore);
        boolean marked = false;
        FileFormat format = mark.map(ProgressMark::formatOrDefault).orElse(null);
        RecordEmitter.ForFile records = null;
        try (BlobContent.Opened opened = content.open(event, mark, rule.format());
                RecordReader reader = Readers.open(
                        opened.format().kind(),
                        mapper,
                        opened.content(),
                        opened.start(),
                        opened.fromStart(),
                        readOptions())) {
            format = opened.format();
            BlobProperties properties = opened.properties();
            RecordHeaders.FileHeaders fileHeaders = RecordHeaders.file(
                    config.topics().storeHeaderLayout(), event.runId(), event.version(), uploadedAt(event, properties));
            LOG.debugf(
                    "Blob %s (ETag %s) read as %s: store records in the %s header layout",
                    event.blobName(), event.etag(), format, config.topics().storeHeaderLayout());
            if (objects(rule)) {
                tie.set(tieCheck(event, properties));
            }
            records = emitter.forFile(
                    event, rule, format, window, duplicates, tie.get(), fileHeaders, rejectedBefore, budget);
            int sinceMark = 0;
            boolean first = true;
            SourceRecord element;
            while ((element = reader.next()) != null) {
                if (first) {
                    first = false;
                    Optional<String> missing = missingColumns(reader, rule);
                    if (missing.isPresent()) {
                        return Outcome.failed(
                                total,
                                records.rejected(),
                                fileError(event, missing.get()),
                                marked,
                                duplicates.count(),
                                element.byteOffset(),
                                format);
                    }
                }
                // a mark needs the element's byte offset: unknown for UTF-16/32 input, which restarts from byte 0
                if (sinceMark >= config.fileImport().progressEvery() && reader.resumable()) {
                    records.awaitAcknowledged();
                    KafkaWriter.await(
                            progress.write(event.version(), mark(event, element, records, duplicates, format, rule)));
                    marked = true;
                    sinceMark = 0;
                }
                records.emit(element);
                sinceMark++;
                total = element.index() + 1;
                if (budget.overWhileStreaming()) {
                    records.awaitAcknowledged();
                    return Outcome.overBudget(
                            total,
                            records.rejected(),
                            fileError(event, budget.stoppedAt(format, element)),
                            marked,
                            duplicates.count(),
                            element.byteOffset(),
                            format,
                            budget.report(element.index()));
                }
            }
            records.awaitAcknowledged();
            if (budget.overAtEnd()) {
                return Outcome.overBudget(
                        total,
                        records.rejected(),
                        fileError(event, budget.overAtItsEnd()),
                        marked,
                        duplicates.count(),
                        -1,
                        format,
                        budget.report(null));
            }
            if (duplicates.full()) {
                LOG.infof(
                        "Blob %s (ETag %s) has more than %d distinct ids: duplicate ids were counted among the "
                                + "first ones only (importer.file-import.max-tracked-ids)",
                        event.blobName(), event.etag(), config.fileImport().maxTrackedIds());
            }
            return Outcome.imported(total, records.rejected(), marked, duplicates.count(), format);
        } catch (MalformedFileException e) {
            return failed(
                    event, e.getMessage(), e.byteOffset(), records, rejectedBefore, total, marked, duplicates, format);
        } catch (BrokenContentException e) {
            return failed(
                    event,
                    e.getMessage(),
                    e.uncompressedOffset(),
                    records,
                    rejectedBefore,
                    total,
                    marked,
                    duplicates,
                    format);
        } catch (UncheckedIOException e) {
            if (e.getCause() instanceof BrokenContentException broken) {
                return failed(
                        event,
                        broken.getMessage(),
                        broken.uncompressedOffset(),
                        records,
                        rejectedBefore,
                        total,
                        marked,
                        duplicates,
                        format);
            }
            throw new UncheckedIOException("reading blob " + event.blobName() + " failed", e.getCause());
        } catch (BlobStorageException e) {
            return gone(e, records, rejectedBefore, total, marked, duplicates, format)
                    .orElseThrow(() -> e);
        } catch (IOException e) {
            if (e.getCause() instanceof BlobStorageException bse) {
                Optional<Outcome> gone = gone(bse, records, rejectedBefore, total, marked, duplicates, format);
                if (gone.isPresent()) {
                    return gone.get();
                }
            }
            throw new UncheckedIOException("reading blob " + event.blobName() + " failed", e);
        }
    }

    /** @return a FAILED outcome: the file cannot be read past {@code offset}, the records before it were emitted */
    private Outcome failed(
            FileDiscovered event,
            String reason,
            long offset,
            RecordEmitter.ForFile records,
            long rejectedBefore,
            long total,
            boolean marked,
            DuplicateIds duplicates,
            FileFormat format) {
        long rejected = settle(records, rejectedBefore);
        return Outcome.failed(
                total,
                rejected,
                fileError(event, reason + " (" + total + " record(s) before it were read)"),
                marked,
                duplicates.count(),
                offset,
                format);
    }

    /** @return a SKIPPED outcome if the version is gone (412, 404), else empty (transient) */
    private static Optional<Outcome> gone(
            BlobStorageException e,
            RecordEmitter.ForFile records,
            long rejectedBefore,
            long total,
            boolean marked,
            DuplicateIds duplicates,
            FileFormat format) {
        Optional<String> permanent = permanentFailure(e);
        if (permanent.isEmpty()) {
            return Optional.empty();
        }
        long rejected = settle(records, rejectedBefore);
        return Optional.of(Outcome.skipped(total, rejected, permanent.get(), marked, duplicates.count(), format));
    }

    /** @return records parked, once every record sent before is acknowledged */
    private static long settle(RecordEmitter.ForFile records, long rejectedBefore) {
        if (records == null) {
            return rejectedBefore;
        }
        records.awaitAcknowledged();
        return records.rejected();
    }

    private static String fileError(FileDiscovered event, String reason) {
        return "blob " + event.blobName() + ": " + reason;
    }

    /** @return whether the rule's records are objects (keyed by a primary key), not events */
    static boolean objects(Rule rule) {
        return rule.target().kind() == StoreRecord.Target.Kind.OBJECTS;
    }

    /**
     * @return why a CSV file cannot be imported at all: its header (or the configured columns) lacks a column the
     *         rule requires ({@link Rule#requiredColumns()}: the default rule's {@code id}, a rule's primary key or
     *         first identifier source), so every row would be parked; empty for other formats
     */
    static Optional<String> missingColumns(RecordReader reader, Rule rule) {
        Optional<List<String>> columns = reader.columns();
        if (columns.isEmpty()) {
            return Optional.empty();
        }
        List<String> missing = rule.requiredColumns().stream()
                .filter(c -> !columns.get().contains(c))
                .toList();
        if (missing.isEmpty()) {
            return Optional.empty();
        }
        String names = missing.stream().map(c -> "\"" + c + "\"").collect(Collectors.joining(", "));
        String why = rule.ref() == null
                ? " column (the primary key)" // the default rule: worded as before rules existed
                : (missing.size() == 1
                                ? " column (rule " + rule.ref() + " needs it"
                                : " columns (rule " + rule.ref() + " needs them")
                        + ": the primary key's or first identifier's source)";
        return Optional.of("the CSV header has no " + names + why + "; columns found: "
                + String.join(", ", columns.get())
                + ": fix the header (or importer.formats.csv.columns) and upload the file again");
    }

    private static ProgressMark mark(
            FileDiscovered event,
            SourceRecord element,
            RecordEmitter.ForFile records,
            DuplicateIds duplicates,
            FileFormat format,
            Rule rule) {
        return new ProgressMark(
                ProgressMark.SCHEMA_VERSION,
                event.runId(),
                element.index(),
                element.byteOffset(),
                records.rejected(),
                Instant.now(),
                duplicates.count(),
                format,
                element.line() < 0 ? null : element.line(),
                rule.ref());
    }

    /** @return what readers are told: the bounds of importer.file-import.* and the CSV dialect of importer.formats */
    ReadOptions readOptions() {
        FormatsConfig.Csv csv = config.formats().csv();
        return new ReadOptions(
                config.fileImport().maxRecordBytes(),
                config.fileImport().maxStringLength(),
                config.fileImport().maxNestingDepth(),
                csv.delimiter().character(),
                csv.columns().orElse(List.of()));
    }

    /**
     * @return for the upload-to-ODP latency of webhook imports (epoch ms): the event's time (sub-second), else the
     *         version's Last-Modified from the read's answer (whole seconds); -1 for other sources
     */
    private static long uploadedAt(FileDiscovered event, BlobProperties read) {
        if (event.source() != FileDiscovered.Source.EVENT_GRID) {
            return -1;
        }
        if (event.lastModified() != null) {
            return event.lastModified().toEpochMilli();
        }
        return read != null && read.getLastModified() != null
                ? read.getLastModified().toInstant().toEpochMilli()
                : -1;
    }

    /**
     * @return the file's check for keys shared with files of the same Last-Modified second: by the version read (its
     *         Last-Modified and version id from the read's answer), else by the event's
     */
    private TieDetector.File tieCheck(FileDiscovered event, BlobProperties read) {
        Instant lastModified = event.lastModified();
        String versionId = event.versionId();
        if (read != null) {
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
    static Optional<String> permanentFailure(BlobStorageException e) {
        return switch (e.getStatusCode()) {
            case 412 ->
                Optional.of("this version of the blob is gone (deleted or overwritten since it was "
                        + "discovered: ETag no longer matches); a newer version is imported on its own");
            case 404 -> Optional.of("the blob no longer exists (" + e.getErrorCode() + ")");
            default -> Optional.empty();
        };
    }
}
