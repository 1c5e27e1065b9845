package io.odpimporter.deadletter;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
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
import io.odpimporter.domain.RuleRef;
import io.odpimporter.domain.RunEvent;
import io.odpimporter.domain.StoreRecord;
import io.odpimporter.domain.Trigger;
import io.odpimporter.kafka.KafkaWriter;
import io.odpimporter.logging.RunMdc;
import io.odpimporter.rules.InvalidRecordException;
import io.odpimporter.rules.Payload;
import io.odpimporter.rules.Rule;
import io.odpimporter.rules.Rules;
import io.odpimporter.runs.RunIds;
import io.odpimporter.runs.RunRegistry;
import io.odpimporter.state.InstanceId;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.common.header.Header;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * Replays what a run parked, after the cause was fixed, as a new run (trigger {@code REPLAY}) tracked like any
 * other: records ODP refused ({@code REJECTED_BY_ODP}) go back to the stores topic as they were sent, to the target
 * they were sent to (older dead letters: {@code importer.odp.object-type}); invalid records ({@code INVALID_RECORD})
 * are transformed again through the rule recorded in the dead letter ({@link ReplayRule}: not replayed if it is gone,
 * through its current definition if it changed, said in the answer and the run's log) and sent, or parked again with
 * the new run's id (and their rule and target) if still invalid; failed files ({@code FAILED_FILE}) are imported again (the same blob
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
    private final Rules rules;
    private final ObjectMapper mapper;
    private final InstanceId instance;
    private final FileAnnouncer announcer;

    public DeadLetterReplay(
            DeadLetterTopic deadLetters,
            ImporterConfig config,
            KafkaWriter writer,
            RunRegistry runs,
            Rules rules,
            ObjectMapper mapper,
            InstanceId instance,
            FileAnnouncer announcer) {
        this.announcer = announcer;
        this.deadLetters = deadLetters;
        this.config = config;
        this.writer = writer;
        this.runs = runs;
        this.rules = rules;
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
     * @param notReplayed dead-letter records left alone (unreadable values, records whose rule is gone)
     * @param notes       what the replay did differently from the run that parked them, per blob and rule: records
     *                    not replayed because their rule is gone, records replayed through a changed rule; not written
     *                    when empty (then the answer is what it was before rules existed)
     */
    public record Replay(
            String runId,
            int records,
            int files,
            int notReplayed,
            @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> notes) {

        public Replay(String runId, int records, int files, int notReplayed) {
            this(runId, records, files, notReplayed, List.of());
        }
    }

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
        List<String> notes = new ArrayList<>();
        notReplayed[0] += holdBackWithoutRule(records, notes);
        if (records.isEmpty() && files.isEmpty()) {
            notes.forEach(note -> LOG.warnf("Replay of run %s: %s", runId, note));
            return new Replay(null, 0, 0, notReplayed[0], notes);
        }
        String replayRun = RunIds.newRun();
        KafkaWriter.await(runs.publish(RunEvent.started(
                replayRun, Trigger.REPLAY, "replay of " + runId, false, blob == null ? "" : blob, instance.get())));
        try (RunMdc ignored = RunMdc.of(replayRun)) {
            notes.forEach(note -> LOG.warnf("Run %s replays run %s: %s", replayRun, runId, note));
        }
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
                                        true)
                                .withRule(files.get(file).rule()),
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
        return new Replay(replayRun, sent, files.size(), notReplayed[0], notes);
    }

    /**
     * Takes out the INVALID_RECORD records whose recorded rule is gone (they stay parked, nothing is written for them)
     * and says per blob and rule what is held back or replayed through a changed rule.
     *
     * @return how many records were taken out
     */
    private int holdBackWithoutRule(
            Map<BlobVersion, TreeMap<Long, DeadLetterTopic.Parked>> records, List<String> notes) {
        int heldBack = 0;
        for (Iterator<Map.Entry<BlobVersion, TreeMap<Long, DeadLetterTopic.Parked>>> files =
                        records.entrySet().iterator();
                files.hasNext(); ) {
            Map.Entry<BlobVersion, TreeMap<Long, DeadLetterTopic.Parked>> file = files.next();
            Map<RuleRef, Integer> counts = new LinkedHashMap<>();
            Map<RuleRef, ReplayRule> decisions = new LinkedHashMap<>();
            file.getValue().values().removeIf(p -> {
                DeadLetter d = p.value();
                if (d.kind() != DeadLetterKind.INVALID_RECORD) {
                    return false;
                }
                ReplayRule decision = decisions.computeIfAbsent(d.rule(), r -> ReplayRule.of(rules, r));
                counts.merge(d.rule(), 1, Integer::sum);
                return !decision.replayed();
            });
            for (Map.Entry<RuleRef, ReplayRule> decision : decisions.entrySet()) {
                int count = counts.get(decision.getKey());
                decision.getValue().note(file.getKey().blobName(), count).ifPresent(notes::add);
                heldBack += decision.getValue().replayed() ? 0 : count;
            }
            if (file.getValue().isEmpty()) {
                files.remove();
            }
        }
        return heldBack;
    }

    /** Sends one file's parked records again (or parks them again); the file is done for the run when acked. */
    private int replayRecords(String replayRun, BlobVersion version, TreeMap<Long, DeadLetterTopic.Parked> parked) {
        KafkaWriter.await(runs.publish(RunEvent.fileDiscovered(replayRun, version.key(), version.blobName())));
        List<CompletableFuture<?>> acks = new ArrayList<>();
        List<Long> stillInvalid = new ArrayList<>();
        RecordHeaders.FileHeaders fileHeaders =
                RecordHeaders.file(config.topics().storeHeaderLayout(), replayRun, version, -1);
        RuleRef fileRule = null;
        for (DeadLetterTopic.Parked p : parked.values()) {
            DeadLetter d = p.value();
            List<Header> headers = fileHeaders.record(d.recordIndex());
            fileRule = d.rule();
            try {
                String key;
                StoreRecord value;
                if (d.kind() == DeadLetterKind.REJECTED_BY_ODP) {
                    key = p.key();
                    value = StoreRecord.of(target(d), ParkedRecordValue.refusedFields(d, mapper));
                } else {
                    // taken out before if its rule is gone (holdBackWithoutRule)
                    Rule rule = ReplayRule.of(rules, d.rule()).rule().orElseThrow();
                    fileRule = rule.ref();
                    JsonNode record = ParkedRecordValue.record(d, mapper);
                    Payload payload = rule.transform().transform(record, version, d.recordIndex());
                    key = payload.key();
                    value = rule.record(payload);
                }
                acks.add(writer.send(config.topics().stores(), key, value, headers));
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
                                .at(d.format(), d.line() == null ? -1 : d.line())
                                .with(d.rule(), d.target())));
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
                0,
                null,
                fileRule)));
        return parked.size();
    }

    /** @return where a REJECTED_BY_ODP record was sent: its dead letter's target, else (older ones) the object type */
    private StoreRecord.Target target(DeadLetter d) {
        return d.target() != null
                ? d.target()
                : StoreRecord.Target.objects(config.odp().objectType());
    }
}
