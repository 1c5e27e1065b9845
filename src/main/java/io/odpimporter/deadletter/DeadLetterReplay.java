package io.odpimporter.deadletter;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.odpimporter.config.ImporterConfig;
import io.odpimporter.discovery.FileAnnouncer;
import io.odpimporter.domain.BlobVersion;
import io.odpimporter.domain.DeadLetter;
import io.odpimporter.domain.DeadLetterKind;
import io.odpimporter.domain.FileDiscovered;
import io.odpimporter.domain.FileStatus;
import io.odpimporter.domain.RecordHeaders;
import io.odpimporter.domain.RunEvent;
import io.odpimporter.domain.StoreRecord;
import io.odpimporter.domain.Trigger;
import io.odpimporter.kafka.KafkaWriter;
import io.odpimporter.logging.RunMdc;
import io.odpimporter.rules.InvalidRecordException;
import io.odpimporter.rules.Payload;
import io.odpimporter.rules.StoreTransform;
import io.odpimporter.runs.RunIds;
import io.odpimporter.runs.RunRegistry;
import io.odpimporter.state.InstanceId;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.common.header.Header;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * Replays what a run parked, after the cause was fixed, as a new run (trigger {@code REPLAY}) tracked like any
 * other: records ODP refused ({@code REJECTED_BY_ODP}) go back to the stores topic as they were sent; invalid
 * records ({@code INVALID_RECORD}) are transformed again (with the current configuration) and sent, or parked again
 * with the new run's id if still invalid; failed files ({@code FAILED_FILE}) are imported again (the same blob
 * version, forced; if the blob changed since, the new version is imported on its own and this one is SKIPPED).
 * Unreadable Kafka values ({@code UNREADABLE_EVENT}) are not replayed. Dead-letter records are never deleted: they
 * stay as the history of what happened.
 */
@ApplicationScoped
public class DeadLetterReplay {

    private static final Logger LOG = Logger.getLogger(DeadLetterReplay.class);

    private final DeadLetterTopic deadLetters;
    private final ImporterConfig config;
    private final KafkaWriter writer;
    private final RunRegistry runs;
    private final StoreTransform transform;
    private final ObjectMapper mapper;
    private final InstanceId instance;
    private final FileAnnouncer announcer;

    public DeadLetterReplay(
            DeadLetterTopic deadLetters,
            ImporterConfig config,
            KafkaWriter writer,
            RunRegistry runs,
            StoreTransform transform,
            ObjectMapper mapper,
            InstanceId instance,
            FileAnnouncer announcer) {
        this.announcer = announcer;
        this.deadLetters = deadLetters;
        this.config = config;
        this.writer = writer;
        this.runs = runs;
        this.transform = transform;
        this.mapper = mapper;
        this.instance = instance;
    }

    /**
     * What a replay started.
     *
     * @param runId       the replay's run ({@code GET /jobs/offline_store_import/runs/{runId}}), null if nothing
     *                    was replayable
     * @param records     records sent again (or parked again)
     * @param files       files imported again
     * @param notReplayed dead-letter records left alone (unreadable values)
     */
    public record Replay(String runId, int records, int files, int notReplayed) {}

    /** Most records one replay takes: it holds them in memory (about half a KiB each) while it sends them. */
    public static final int MAX_RECORDS = 100_000;

    /** The run parked more than {@link #MAX_RECORDS} records (in the blob asked for). */
    public static class TooLargeException extends RuntimeException {
        TooLargeException(String message) {
            super(message);
        }
    }

    /**
     * Replays the dead-letter records parked by run {@code runId}, optionally of one blob only.
     *
     * @return what was replayed; {@code runId} null when nothing matched
     * @throws TooLargeException if the run parked more than {@link #MAX_RECORDS} records (in {@code blob})
     * @throws KafkaWriter.KafkaWriteException if Kafka is unreachable; the replay's run, if started, ends ERROR
     */
    public Replay replay(String runId, String blob) {
        // per file version: record index -> dead-letter record (a record parked twice is replayed once)
        Map<BlobVersion, TreeMap<Long, DeadLetterTopic.Parked>> records = new LinkedHashMap<>();
        Map<BlobVersion, DeadLetter> files = new LinkedHashMap<>();
        int[] notReplayed = {0};
        int[] kept = {0};
        deadLetters.forEach(p -> {
            DeadLetter d = p.value();
            if (d == null || !runId.equals(d.runId()) || (blob != null && !blob.equals(d.blobName()))) {
                return;
            }
            // a record or file without a whole blob version cannot be replayed: nothing says which file it was
            BlobVersion version = d.version().orElse(null);
            switch (d.kind() == null ? DeadLetterKind.UNREADABLE_EVENT : d.kind()) {
                case REJECTED_BY_ODP, INVALID_RECORD -> {
                    if (version != null && d.recordIndex() >= 0) {
                        if (++kept[0] > MAX_RECORDS) {
                            throw new TooLargeException("Run " + runId + " parked more than " + MAX_RECORDS
                                    + " records" + (blob == null ? "" : " in blob " + blob)
                                    + ": replay them blob by blob (blob=...)");
                        }
                        records.computeIfAbsent(version, k -> new TreeMap<>())
                                .put(
                                        d.recordIndex(),
                                        new DeadLetterTopic.Parked(p.partition(), p.offset(), p.key(), d, null));
                    } else {
                        notReplayed[0]++;
                    }
                }
                case FAILED_FILE -> {
                    if (version != null) {
                        files.put(version, d);
                    } else {
                        notReplayed[0]++;
                    }
                }
                default -> notReplayed[0]++;
            }
        });
        files.keySet().forEach(records::remove); // the file's import parks its records again if need be
        if (records.isEmpty() && files.isEmpty()) {
            return new Replay(null, 0, 0, notReplayed[0]);
        }
        String replayRun = RunIds.newRun();
        KafkaWriter.await(runs.publish(RunEvent.started(
                replayRun, Trigger.REPLAY, "replay of " + runId, false, blob == null ? "" : blob, instance.get())));
        int sent = 0;
        int published = 0;
        try {
            for (var file : records.entrySet()) {
                sent += replayRecords(replayRun, file.getKey(), file.getValue());
                published++;
            }
            for (BlobVersion file : files.keySet()) {
                announcer.announceAgain(
                        new FileDiscovered(
                                FileDiscovered.SCHEMA_VERSION,
                                null,
                                file.container(),
                                file.blobName(),
                                file.etag(),
                                null,
                                -1,
                                Trigger.REPLAY.source(),
                                replayRun,
                                Instant.now(),
                                true),
                        Trigger.REPLAY);
                published++;
            }
        } catch (RuntimeException e) {
            String error = "Replay stopped after " + published + " file(s): " + e.getMessage() + "; replay run " + runId
                    + " again once Kafka is back";
            try (RunMdc ignored = RunMdc.of(replayRun)) {
                LOG.errorf("Run %s: %s", replayRun, error);
            }
            try {
                KafkaWriter.await(runs.publish(RunEvent.sweepFinished(replayRun, published, error)));
            } catch (RuntimeException ignored) {
                // Kafka is down: the run stays RUNNING in the view until it can be written
            }
            throw new KafkaWriter.KafkaWriteException("replay run " + replayRun + ": " + error, e);
        }
        KafkaWriter.await(runs.publish(RunEvent.sweepFinished(replayRun, published, null)));
        try (RunMdc ignored = RunMdc.of(replayRun)) {
            LOG.infof(
                    "Run %s replays what run %s parked%s: %d record(s), %d file(s)",
                    replayRun, runId, blob == null ? "" : " in blob " + blob, sent, files.size());
        }
        return new Replay(replayRun, sent, files.size(), notReplayed[0]);
    }

    /** Sends one file's parked records again (or parks them again); the file is done for the run when acked. */
    private int replayRecords(String replayRun, BlobVersion version, TreeMap<Long, DeadLetterTopic.Parked> parked) {
        KafkaWriter.await(runs.publish(RunEvent.fileDiscovered(replayRun, version.key(), version.blobName())));
        List<CompletableFuture<?>> acks = new ArrayList<>();
        List<Long> stillInvalid = new ArrayList<>();
        RecordHeaders.FileHeaders fileHeaders =
                RecordHeaders.file(config.topics().storeHeaderLayout(), replayRun, version, -1);
        for (DeadLetterTopic.Parked p : parked.values()) {
            DeadLetter d = p.value();
            List<Header> headers = fileHeaders.record(d.recordIndex());
            try {
                String primaryKey;
                Map<String, Object> fields;
                if (d.kind() == DeadLetterKind.REJECTED_BY_ODP) {
                    primaryKey = p.key();
                    fields = mapper.readValue(d.value(), new TypeReference<Map<String, Object>>() {});
                } else {
                    JsonNode record = ParkedRecordValue.record(d, mapper);
                    Payload payload = transform.transform(record);
                    primaryKey = payload.primaryKey();
                    fields = payload.fields();
                }
                acks.add(writer.send(
                        config.topics().stores(),
                        primaryKey,
                        new StoreRecord(StoreRecord.SCHEMA_VERSION, config.odp().objectType(), fields),
                        headers));
            } catch (InvalidRecordException | JsonProcessingException e) {
                stillInvalid.add(d.recordIndex());
                acks.add(writer.park(
                        config.topics().deadLetter(),
                        p.key(),
                        DeadLetter.of(
                                        DeadLetterKind.INVALID_RECORD,
                                        replayRun,
                                        version,
                                        d.recordIndex(),
                                        d.byteOffset(),
                                        e.getMessage(),
                                        d.value())
                                .at(d.format(), d.line() == null ? -1 : d.line())));
            }
        }
        KafkaWriter.await(CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)));
        KafkaWriter.await(runs.publish(RunEvent.fileDone(
                replayRun,
                version.key(),
                version.blobName(),
                FileStatus.IMPORTED,
                parked.size(),
                parked.size() - stillInvalid.size(),
                stillInvalid,
                null,
                0)));
        return parked.size();
    }
}
