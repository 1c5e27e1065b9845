package io.odpimporter.sink;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.odpimporter.config.ImporterConfig;
import io.odpimporter.health.OdpWellness;
import io.smallrye.health.api.Wellness;
import io.odpimporter.domain.BlobVersion;
import io.odpimporter.kafka.Channels;
import io.odpimporter.domain.DeadLetter;
import io.odpimporter.domain.DeadLetterKind;
import io.odpimporter.kafka.KafkaWriter;
import io.odpimporter.kafka.Payloads;
import io.odpimporter.domain.RunEvent;
import io.odpimporter.domain.RecordHeaders;
import io.odpimporter.domain.ActivityEntry;
import io.odpimporter.activity.ActivityLog;
import io.odpimporter.logging.RunMdc;
import io.odpimporter.metrics.PipelineMetrics;
import io.odpimporter.odp.OdpAnswer;
import io.odpimporter.odp.OdpClient;
import io.odpimporter.odp.OdpUrls;
import io.odpimporter.runs.RunRegistry;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.smallrye.reactive.messaging.kafka.IncomingKafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.apache.kafka.common.header.Headers;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The batching sink: takes store records from the stores topic and upserts them into ODP in batches of at most
 * {@code importer.sink.batch-size}, sent when a batch is full or {@code linger} after its first record. A batch
 * never holds one primary key twice (the later record starts a new batch). Up to {@code max-in-flight} requests
 * are in flight, never two with the same primary key, started at most {@code max-request-rate} per second, so a
 * key's records reach ODP in offset order.
 *
 * <p>Commit rule: the stores topic is consumed one poll at a time ({@code batch=true}); a poll's last record of a
 * partition is acknowledged to the connector (whose throttled strategy commits only contiguous acknowledged
 * offsets) once each of the poll's records of that partition was answered 2xx by ODP, or parked on the
 * dead-letter topic with a Kafka acknowledgement, and its run event was acknowledged. A key's request slot is
 * free again as soon as ODP answered; the run events are written after that, still before the acknowledgement.
 * Transient failures (429, 5xx, timeouts, connection errors, a 2xx that is not ODP's JSON) and configuration faults (401/403/404) are retried with
 * exponential backoff and jitter, forever: nothing is nacked or dropped. A 400 naming records by index
 * ({@code detail.invalids[].event}) parks exactly those; a 400 without indexes or a 413 splits the batch in halves
 * down to single records. A single record refused with 400 is parked with ODP's reason; one refused with 413 is
 * retried as a configuration fault, never parked. ODP's answers:
 * <a href="https://docs.developers.optimizely.com/optimizely-data-platform/reference/upsert-objects">upsert
 * objects</a>.
 */
@ApplicationScoped
public class BatchingSink {

    private static final Logger LOG = Logger.getLogger(BatchingSink.class);

    private final OdpClient odp;
    private final ImporterConfig config;
    private final ObjectMapper mapper;
    private final KafkaWriter writer;
    private final RunRegistry runs;
    private final Vertx vertx;
    private final OdpWellness wellness;
    private final PipelineMetrics metrics;
    private final ActivityLog activity;

    private final Object lock = new Object();
    private List<Pending> open = new ArrayList<>();
    private final Set<String> openKeys = new HashSet<>();
    private String openType;
    private long lingerTimer = -1;
    private final Deque<List<Pending>> ready = new ArrayDeque<>();
    /** Requests (batches) in flight, and the primary keys they hold: no key is in two of them. */
    private int inFlight;
    private final Set<String> inFlightKeys = new HashSet<>();
    private int buffered;
    /** Records ODP accepted whose run events and acknowledgement are still being written (count as buffered). */
    private int recording;
    private final Deque<CompletableFuture<Void>> waitingForRoom = new ArrayDeque<>();

    public BatchingSink(OdpClient odp, ImporterConfig config, ObjectMapper mapper,
                        KafkaWriter writer, RunRegistry runs, Vertx vertx, @Wellness OdpWellness wellness,
                        PipelineMetrics metrics, ActivityLog activity) {
        this.activity = activity;
        this.wellness = wellness;
        this.metrics = metrics;
        metrics.sinkState(this::state);
        this.odp = odp;
        this.config = config;
        this.mapper = mapper;
        this.writer = writer;
        this.runs = runs;
        this.vertx = vertx;
    }

    /** A store record waiting for ODP, and the part of the poll it came in ({@link Polled#generation}). */
    record Pending(String primaryKey, String objectType, byte[] fieldsJson, String runId, BlobVersion file,
                   long index, int partition, long offset, long uploadedAtMillis, Polled polled) {
    }

    /**
     * What the sink is doing, for people (the operator page).
     *
     * @param state  flowing, retrying (ODP failing, backing off) or paused (a configuration fault is retried)
     * @param reason why it retries or is paused (ODP's last answer), null while flowing
     * @param since  when the configuration fault began (paused only), else null
     */
    public record Status(PipelineMetrics.SinkState state, String reason, java.time.Instant since) {
    }

    /** @return the sink's state and why */
    public Status status() {
        PipelineMetrics.SinkState state = state();
        return switch (state) {
            case FLOWING -> new Status(state, null, null);
            case RETRYING -> new Status(state, lastRetryReason.get(), null);
            case PAUSED -> wellness.fault().map(f -> new Status(state, f.answer(), f.since()))
                    .orElseGet(() -> new Status(state, lastRetryReason.get(), null));
        };
    }

    /** The reason of the last failed ODP attempt that is retried. */
    private final java.util.concurrent.atomic.AtomicReference<String> lastRetryReason =
            new java.util.concurrent.atomic.AtomicReference<>();

    /** @return paused while a configuration fault is retried, retrying while a batch is, else flowing */
    PipelineMetrics.SinkState state() {
        return faultedBatches.get() > 0 ? PipelineMetrics.SinkState.PAUSED
                : retryingBatches.get() > 0 ? PipelineMetrics.SinkState.RETRYING : PipelineMetrics.SinkState.FLOWING;
    }

    /** Per stores partition: bumped when the partition is revoked, so its buffered records are dropped. */
    private final Map<Integer, Long> generations = new java.util.concurrent.ConcurrentHashMap<>();
    private final Set<Integer> assigned = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /**
     * Takes one poll of the stores topic (connector property {@code batch=true}) into batches for ODP.
     *
     * <p>Acknowledgement: in batch mode the throttled commit strategy tracks only each partition's last record of a
     * poll, so that record is acknowledged once every record of its partition in the poll was accepted by ODP or
     * parked; the strategy then commits polls in offset order. A partition revoked meanwhile is never
     * acknowledged from this poll (its new owner sends the records again).
     *
     * @param poll the records of one {@code poll()}, of one or more stores partitions, in offset order per partition
     * @return completes when the poll's records are buffered (later while the buffer is full: back-pressure on the
     *         topic)
     */
    @Incoming(Channels.STORES)
    public Uni<Void> onPoll(KafkaRecordBatch<String, byte[]> poll) {
        Map<Integer, Polled> parts = new HashMap<>();
        List<Pending> admitted = new ArrayList<>(poll.getRecords().size());
        List<Uni<Void>> parked = new ArrayList<>();
        // a poll's records mostly come from one file: its run id and blob version are decoded once per run of them
        RecordHeaders.StoreReader file = new RecordHeaders.StoreReader();
        for (KafkaRecord<String, byte[]> record : poll.getRecords()) {
            int partition = record.getPartition();
            Polled part = parts.computeIfAbsent(partition, p -> new Polled(poll.getLatestOffsetRecords().get(
                    new org.apache.kafka.common.TopicPartition(record.getTopic(), p)),
                    generations.getOrDefault(p, 0L), assigned.contains(p)));
            if (!part.owned) {
                // polled before its partition was revoked: the partition's new owner sends it
                continue;
            }
            long offset = record instanceof IncomingKafkaRecord<?, ?> incoming ? incoming.getOffset() : -1;
            part.remaining.incrementAndGet();
            StoreValue store;
            try {
                store = StoreValue.read(record.getPayload());
            } catch (Payloads.UnreadablePayloadException e) {
                parked.add(park(record, offset, part, DeadLetterKind.UNREADABLE_EVENT, e.getMessage()));
                continue;
            }
            // the consumer record's own headers: KafkaRecord.getHeaders() copies every header first
            Headers headers = record.getMetadata(IncomingKafkaRecordMetadata.class)
                    .map(m -> m.getRecord().headers()).orElseGet(record::getHeaders);
            RecordHeaders.Store said = file.read(headers);
            if (said.badRecordIndex()) {
                parked.add(park(record, offset, part, DeadLetterKind.UNREADABLE_EVENT,
                        "bad " + RecordHeaders.RECORD_INDEX + " header"));
                continue;
            }
            admitted.add(new Pending(String.valueOf(record.getKey()), store.objectType(),
                    store.fieldsJson(), said.runId(), said.version(), said.recordIndex(), partition, offset,
                    said.uploadedAtMillis(), part));
        }
        parked.forEach(u -> u.subscribe().with(ignored -> { }, e -> LOG.errorf(
                "Unreadable store record not parked: %s", e.toString())));
        CompletableFuture<Void> room = null;
        synchronized (lock) {
            for (Pending pending : admitted) {
                if (!assigned.contains(pending.partition())) {
                    continue; // revoked while this poll was read
                }
                if (openKeys.contains(pending.primaryKey())
                        || (openType != null && !openType.equals(pending.objectType()))) {
                    closeOpenBatch();
                }
                open.add(pending);
                openKeys.add(pending.primaryKey());
                openType = pending.objectType();
                buffered++;
                if (open.size() >= config.sink().batchSize()) {
                    closeOpenBatch();
                } else if (open.size() == 1) {
                    lingerTimer = vertx.setTimer(Math.max(1, config.sink().linger().toMillis()),
                            id -> lingerExpired(id));
                }
            }
            sendNext();
            if (!hasRoom()) {
                room = new CompletableFuture<>();
                waitingForRoom.add(room);
            }
        }
        // every record is counted: a partition whose records are all finished already is acknowledged now
        parts.values().forEach(part -> finished(part).subscribe().with(ignored -> { }, e -> LOG.errorf(
                "Stores partition %d: acknowledging a poll failed (its records are sent again after a restart): %s",
                part.last == null ? -1 : part.last.getPartition(), e.toString())));
        return room == null ? Uni.createFrom().voidItem() : Uni.createFrom().completionStage(room);
    }

    /**
     * One stores partition's records in one poll: how many are not finished yet (plus one while the poll is being
     * read), and the record whose acknowledgement lets the partition's offsets up to it be committed.
     */
    static final class Polled {
        final KafkaRecord<?, ?> last;
        /** The partition's assignment when the poll arrived: bumped on revocation, so stale records are dropped. */
        final long generation;
        final boolean owned;
        final java.util.concurrent.atomic.AtomicInteger remaining = new java.util.concurrent.atomic.AtomicInteger(1);

        Polled(KafkaRecord<?, ?> last, long generation, boolean owned) {
            this.last = last;
            this.generation = generation;
            this.owned = owned;
        }
    }

    /**
     * One of the partition's records in a poll is finished (accepted by ODP or parked): when it was the last one,
     * the poll's last record of the partition is acknowledged, unless the partition was revoked since.
     */
    private Uni<Void> finished(Polled part) {
        if (part.remaining.decrementAndGet() != 0 || !part.owned || part.last == null
                || generations.getOrDefault(part.last.getPartition(), 0L) != part.generation) {
            return Uni.createFrom().voidItem();
        }
        return Uni.createFrom().completionStage(part.last.ack());
    }

    /** The consumer got these stores partitions. */
    void assigned(java.util.Collection<Integer> partitions) {
        assigned.addAll(partitions);
    }

    /**
     * The consumer lost these stores partitions: their buffered records are dropped and their in-flight retries
     * stop (unacknowledged, so uncommitted), so they cannot overwrite a newer value sent by the new owner.
     */
    void revoked(java.util.Collection<Integer> partitions) {
        List<CompletableFuture<Void>> release = new ArrayList<>();
        synchronized (lock) {
            assigned.removeAll(partitions);
            partitions.forEach(p -> generations.merge(p, 1L, Long::sum));
            int before = open.size();
            open.removeIf(p -> partitions.contains(p.partition()));
            int dropped = before - open.size();
            openKeys.clear();
            open.forEach(p -> openKeys.add(p.primaryKey()));
            for (List<Pending> batch : ready) {
                int size = batch.size();
                batch.removeIf(p -> partitions.contains(p.partition()));
                dropped += size - batch.size();
            }
            ready.removeIf(List::isEmpty);
            buffered -= dropped;
            while (hasRoom() && !waitingForRoom.isEmpty()) {
                release.add(waitingForRoom.poll());
            }
            if (dropped > 0) {
                LOG.infof("Stores partitions %s revoked: %d buffered records left to their new owner", partitions,
                        dropped);
            }
        }
        release.forEach(f -> f.complete(null));
    }

    /** @return whether the buffer has room for more records. Caller holds {@link #lock}. */
    private boolean hasRoom() {
        return buffered + recording < config.sink().bufferCapacity();
    }

    private boolean current(Pending p) {
        return generations.getOrDefault(p.partition(), 0L) == p.polled().generation;
    }

    private void lingerExpired(long timerId) {
        synchronized (lock) {
            if (timerId == lingerTimer && !open.isEmpty()) {
                closeOpenBatch();
                sendNext();
            }
        }
    }

    /** Moves the open batch to the send queue. Caller holds {@link #lock}. */
    private void closeOpenBatch() {
        if (lingerTimer >= 0) {
            vertx.cancelTimer(lingerTimer);
            lingerTimer = -1;
        }
        if (!open.isEmpty()) {
            ready.add(open);
            open = new ArrayList<>();
            openKeys.clear();
            openType = null;
        }
    }

    /**
     * Starts sending queued batches, oldest first, while fewer than {@code max-in-flight} are in flight. The oldest
     * batch waits (and so do the ones behind it) while one of its keys is in flight, so a key's records go out in
     * offset order and two requests in flight never share a key. Caller holds {@link #lock}.
     */
    private void sendNext() {
        while (inFlight < config.sink().maxInFlight() && !ready.isEmpty()) {
            List<Pending> next = ready.peek();
            if (next.stream().anyMatch(p -> inFlightKeys.contains(p.primaryKey()))) {
                return;
            }
            List<Pending> batch = List.copyOf(ready.poll());
            inFlight++;
            batch.forEach(p -> inFlightKeys.add(p.primaryKey()));
            deliver(batch).subscribe().with(ignored -> batchDone(batch), failure -> {
                // deliver() retries forever and parks what ODP refuses; only a shutdown gets here
                try (RunMdc ignored = RunMdc.ofAll(runIds(batch))) {
                    LOG.errorf("Batch of %d records not delivered: %s", batch.size(), failure.toString());
                }
                batchDone(batch);
            });
        }
    }

    private void batchDone(List<Pending> batch) {
        List<CompletableFuture<Void>> release = new ArrayList<>();
        synchronized (lock) {
            inFlight--;
            batch.forEach(p -> inFlightKeys.remove(p.primaryKey()));
            buffered -= batch.size();
            while (hasRoom() && !waitingForRoom.isEmpty()) {
                release.add(waitingForRoom.poll());
            }
            sendNext();
        }
        release.forEach(f -> f.complete(null));
    }

    /** Sends a batch until ODP accepts it; splits it on 400/413 and parks single refused records. */
    private Uni<Void> deliver(List<Pending> candidates) {
        return post(candidates).chain(answer -> {
            List<Pending> batch = answer.sent();
            if (batch.isEmpty()) {
                return Uni.createFrom().voidItem(); // every record's partition was revoked
            }
            if (answer.kind() == OdpAnswer.Kind.ACCEPTED) {
                return accepted(batch);
            }
            if (answer.status() == 400) {
                Map<Integer, String> invalid = OdpAnswer.invalidIndexes(answer.body(), batch.size(), mapper);
                if (!invalid.isEmpty()) {
                    // ODP named the bad records: park exactly those, send the others again
                    List<Pending> good = new ArrayList<>();
                    Uni<Void> parked = Uni.createFrom().voidItem();
                    for (int i = 0; i < batch.size(); i++) {
                        Pending p = batch.get(i);
                        String message = invalid.get(i);
                        if (message == null) {
                            good.add(p);
                        } else {
                            String reason = "HTTP 400: " + message;
                            try (RunMdc ignored = RunMdc.of(p.runId())) {
                                LOG.warnf("ODP refused record %d of %s (key %s): %s", p.index(), p.file(),
                                        p.primaryKey(), reason);
                            }
                            parked = parked.chain(() -> parkRefused(p, reason));
                        }
                    }
                    return good.isEmpty() ? parked : parked.chain(() -> deliver(good));
                }
            }
            if (batch.size() == 1) {
                Pending p = batch.get(0);
                String reason = OdpAnswer.reason(answer.status(), answer.body());
                try (RunMdc ignored = RunMdc.of(p.runId())) {
                    LOG.warnf("ODP refused record %d of %s (key %s): %s", p.index(), p.file(), p.primaryKey(),
                            reason);
                }
                return parkRefused(p, reason);
            }
            // no index to go by (or a 413): find the bad records by halving
            int half = batch.size() / 2;
            List<Pending> left = List.copyOf(batch.subList(0, half));
            List<Pending> right = List.copyOf(batch.subList(half, batch.size()));
            return deliver(left).chain(() -> deliver(right));
        });
    }

    /** ODP's answer to the records actually sent (those whose partition was still ours). */
    private record Answer(OdpAnswer.Kind kind, int status, String body, List<Pending> sent, String retryAfter) {
    }

    /**
     * The shared gate: no request leaves before this instant. A 429 (or 503) with {@code Retry-After} closes it for
     * the whole sink, not just the request that got the answer.
     */
    private long gateOpensAtNanos = System.nanoTime();

    private void closeGate(Answer answer) {
        if (answer.status() == 429 || answer.status() == 503) {
            OdpAnswer.retryAfter(answer.retryAfter(), config.sink().retryAfterCap(), java.time.Instant.now())
                    .ifPresent(wait -> {
                        long until = System.nanoTime() + wait.toNanos();
                        synchronized (lock) {
                            if (until - gateOpensAtNanos > 0) {
                                gateOpensAtNanos = until;
                                try (RunMdc ignored = RunMdc.ofAll(runIds(answer.sent()))) {
                                    LOG.warnf("ODP answered %d with Retry-After %s: the sink waits %d ms",
                                            answer.status(), answer.retryAfter(), wait.toMillis());
                                }
                            }
                        }
                    });
        }
    }

    /** When the current configuration fault began (its activity entries share it), or null. */
    private volatile java.time.Instant faultSince;

    private void configurationFault(int status, String reason, String objectType) {
        java.time.Instant since = java.time.Instant.now();
        faultSince = since;
        activity.record(new ActivityEntry(ActivityEntry.SCHEMA_VERSION, "odp-configuration-fault/" + since, since,
                ActivityEntry.Level.ERROR, "configuration", status == 413 ? "ODP refuses a record as too large"
                        : "ODP refuses the import (HTTP " + status + ")",
                (status == 413 ? "Check the request size limit of ODP or a proxy before it and "
                        + "importer.file-import.max-text-length. "
                        : OdpAnswer.configurationProblem(status, upsertRequest(objectType), objectType) + ". ")
                        + "The sink keeps the records and retries; nothing is parked or lost.",
                ActivityLog.details("status", status, "answer", reason), null));
    }

    private void configurationFaultOver(int status) {
        java.time.Instant since = faultSince;
        activity.record(new ActivityEntry(ActivityEntry.SCHEMA_VERSION, "odp-configuration-fault-over/" + since,
                java.time.Instant.now(), ActivityEntry.Level.INFO, "configuration", "ODP accepts the import again",
                "ODP answered HTTP " + status + " after the configuration fault that began " + since
                        + "; the sink goes on",
                ActivityLog.details("status", status, "faultSince", since == null ? null : since.toString()), null));
    }

    /** Batches retrying a configuration fault (401/403/404, or one record refused with 413) right now. */
    private final java.util.concurrent.atomic.AtomicInteger faultedBatches =
            new java.util.concurrent.atomic.AtomicInteger();
    /** Batches between a failed attempt and ODP's next 2xx/400 right now. */
    private final java.util.concurrent.atomic.AtomicInteger retryingBatches =
            new java.util.concurrent.atomic.AtomicInteger();

    /** The earliest time ({@link System#nanoTime()}) the next request may start under {@code max-request-rate}. */
    private long nextSlotNanos = System.nanoTime();

    /**
     * Reserves the start time of one request: after the shared gate opens, and at least 1/{@code max-request-rate}
     * seconds after the previous request's start. Monotonic time: a wall-clock step does not stall the sink. If the
     * gate closed while this request waited for its slot, it waits for the gate (and a new slot) again.
     *
     * @return completes at that time
     */
    private Uni<Void> gate() {
        long now = System.nanoTime();
        long start;
        synchronized (lock) {
            start = gateOpensAtNanos - now > 0 ? gateOpensAtNanos : now;
            double rate = config.sink().maxRequestRate();
            if (rate > 0) {
                if (nextSlotNanos - start > 0) {
                    start = nextSlotNanos;
                }
                nextSlotNanos = start + (long) (1_000_000_000L / rate);
            }
        }
        long waitNanos = start - now;
        if (waitNanos <= 0) {
            return Uni.createFrom().voidItem();
        }
        long waitMillis = (waitNanos + 999_999) / 1_000_000; // rounded up: never early
        return Uni.createFrom().voidItem().onItem().delayIt().by(java.time.Duration.ofMillis(waitMillis))
                .chain(() -> {
                    boolean closedMeanwhile;
                    synchronized (lock) {
                        closedMeanwhile = gateOpensAtNanos - System.nanoTime() > 0;
                    }
                    return closedMeanwhile ? gate() : Uni.createFrom().voidItem();
                });
    }

    /** A failure worth retrying; its message never holds the API key. */
    static final class RetryableOdpFailure extends RuntimeException {
        RetryableOdpFailure(String message) {
            super(message, null, false, false);
        }
    }

    /** Posts the batch's current records until ODP answers ACCEPTED or INVALID; every attempt re-checks them. */
    private Uni<Answer> post(List<Pending> batch) {
        String objectType = batch.get(0).objectType();
        // whether this batch is counted in faultedBatches: the wellness check stays DOWN while any batch is faulted
        java.util.concurrent.atomic.AtomicBoolean faulted = new java.util.concurrent.atomic.AtomicBoolean();
        // whether this batch is counted in retryingBatches (the sink-state metric)
        java.util.concurrent.atomic.AtomicBoolean retrying = new java.util.concurrent.atomic.AtomicBoolean();
        return Uni.createFrom().deferred(() -> {
                    List<Pending> live = batch.stream().filter(this::current).toList();
                    if (live.size() < batch.size()) {
                        LOG.infof("%d records of a batch belong to revoked stores partitions: left to their new "
                                + "owner", batch.size() - live.size());
                    }
                    if (live.isEmpty()) {
                        return Uni.createFrom().item(new Answer(OdpAnswer.Kind.ACCEPTED, 0, null, live, null));
                    }
                    return gate().chain(() -> {
                        long sent = System.nanoTime();
                        return odp.upsert(objectType, config.odp().apiKey(), body(live))
                                // the REST client throws for answers >= 400: classify them like any other answer
                                .onFailure(WebApplicationException.class)
                                .recoverWithItem(e -> ((WebApplicationException) e).getResponse())
                                .onFailure().invoke(e -> metrics.odpRequest(0, System.nanoTime() - sent, live.size()))
                                .map(response -> answer(response, live))
                                .invoke(answer -> metrics.odpRequest(answer.status(), System.nanoTime() - sent,
                                        live.size()));
                    }).invoke(this::closeGate);
                })
                .map(answer -> answer.status() == 413 && answer.sent().size() == 1
                        // one record too large for ODP (or a proxy before it) is a limit to fix, not bad data
                        ? new Answer(OdpAnswer.Kind.CONFIGURATION, 413, answer.body(), answer.sent(), null)
                        : answer)
                .chain(answer -> switch (answer.kind()) {
                    case ACCEPTED, INVALID -> {
                        if (retrying.getAndSet(false)) {
                            retryingBatches.decrementAndGet();
                        }
                        boolean wasFaulted = faulted.getAndSet(false);
                        int stillFaulted = wasFaulted ? faultedBatches.decrementAndGet() : faultedBatches.get();
                        if (wasFaulted && stillFaulted == 0) {
                            configurationFaultOver(answer.status());
                        }
                        if (stillFaulted == 0) {
                            wellness.odpAnswered();
                        }
                        yield Uni.createFrom().item(answer);
                    }
                    case CONFIGURATION -> {
                        String reason = OdpAnswer.reason(answer.status(), answer.body());
                        if (!faulted.getAndSet(true) && faultedBatches.incrementAndGet() == 1) {
                            configurationFault(answer.status(), reason, objectType);
                        }
                        wellness.configurationFault(reason);
                        yield Uni.createFrom().failure(new RetryableOdpFailure(answer.status() == 413
                                ? "ODP refuses a single record as too large: " + reason + " (check the request size "
                                + "limit of ODP or of a proxy before it, and importer.file-import.max-text-length); "
                                + "the sink keeps the record and tries again"
                                : "configuration fault: " + OdpAnswer.configurationProblem(answer.status(),
                                        upsertRequest(objectType), objectType) + " (" + reason + "); the sink keeps "
                                + "the records and tries again"));
                    }
                    case RETRY -> Uni.createFrom().failure(new RetryableOdpFailure(
                            OdpAnswer.reason(answer.status(), answer.body())));
                })
                .onFailure().invoke(e -> {
                    metrics.odpRetry();
                    lastRetryReason.set(e instanceof RetryableOdpFailure ? e.getMessage() : e.toString());
                    if (!retrying.getAndSet(true)) {
                        retryingBatches.incrementAndGet();
                    }
                    try (RunMdc ignored = RunMdc.ofAll(runIds(batch))) {
                        LOG.warnf("ODP did not accept a batch of %d records, retrying: %s", batch.size(),
                                e instanceof RetryableOdpFailure ? e.getMessage() : e.toString());
                    }
                })
                .onFailure().retry()
                .withBackOff(config.sink().retryInitialBackoff(), config.sink().retryMaxBackoff()).withJitter(0.2)
                .indefinitely()
                .emitOn(Infrastructure.getDefaultWorkerPool());
    }

    /** @return the upsert's method and full URL, e.g. {@code POST https://api.zaius.com/v3/objects/x} */
    private String upsertRequest(String objectType) {
        return "POST " + OdpUrls.objects(config.odp().resolvedBaseUrl(), objectType);
    }

    /** @return the runs whose records are in {@code batch} */
    private static java.util.Set<String> runIds(List<Pending> batch) {
        java.util.Set<String> runs = new java.util.HashSet<>();
        batch.forEach(p -> runs.add(p.runId()));
        return runs;
    }

    /** @return the JSON array of the records' fields, as UTF-8 bytes */
    private static byte[] body(List<Pending> records) {
        int length = records.size() + 1;
        for (Pending p : records) {
            length += p.fieldsJson().length;
        }
        byte[] body = new byte[length];
        body[0] = '[';
        int at = 1;
        for (int i = 0; i < records.size(); i++) {
            if (i > 0) {
                body[at++] = ',';
            }
            byte[] fields = records.get(i).fieldsJson();
            System.arraycopy(fields, 0, body, at, fields.length);
            at += fields.length;
        }
        body[at] = ']';
        return body;
    }

    private Answer answer(Response response, List<Pending> sent) {
        try (response) {
            String body = response.hasEntity() ? response.readEntity(String.class) : null;
            int status = response.getStatus();
            return new Answer(OdpAnswer.classify(status, body, mapper), status, body, sent,
                    response.getHeaderString("Retry-After"));
        }
    }

    /**
     * ODP accepted the batch: its keys and its request slot are free now (the caller goes on), while the acceptance
     * is recorded in the run events and the records are acknowledged in the background; until then they count
     * against the buffer capacity.
     */
    private Uni<Void> accepted(List<Pending> batch) {
        synchronized (lock) {
            recording += batch.size();
        }
        record(batch).subscribe().with(ignored -> recorded(batch.size()), failure -> {
            // record() retries forever; only a shutdown gets here
            try (RunMdc ignored = RunMdc.ofAll(runIds(batch))) {
                LOG.errorf("Acceptance of %d records not recorded: %s", batch.size(), failure.toString());
            }
            recorded(batch.size());
        });
        return Uni.createFrom().voidItem();
    }

    private void recorded(int records) {
        List<CompletableFuture<Void>> release = new ArrayList<>();
        synchronized (lock) {
            recording -= records;
            while (hasRoom() && !waitingForRoom.isEmpty()) {
                release.add(waitingForRoom.poll());
            }
        }
        release.forEach(f -> f.complete(null));
    }

    /** Records the acceptance in the run events, then acknowledges the records (they may be committed). */
    private Uni<Void> record(List<Pending> batch) {
        Map<String, List<Pending>> byFile = new LinkedHashMap<>();
        for (Pending p : batch) {
            if (p.runId() != null) {
                byFile.computeIfAbsent(p.runId() + "\n" + p.file(), k -> new ArrayList<>()).add(p);
            }
        }
        return retried(() -> {
            List<CompletableFuture<?>> acks = new ArrayList<>();
            byFile.values().forEach(records -> {
                Pending first = records.get(0);
                List<Long> indices = records.stream().map(Pending::index).toList();
                acks.add(runs.publish(RunEvent.records(RunEvent.Type.ACCEPTED, first.runId(), first.file().key(),
                        part(first, indices), indices, null)));
            });
            return CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new));
        }, "record accepted records in the runs topic").chain(() -> finishedAll(batch)).invoke(() -> {
            metrics.recordsAccepted(batch.size());
            // once per file of the batch (its records share the upload time)
            batch.stream().filter(p -> p.uploadedAtMillis() >= 0)
                    .collect(java.util.stream.Collectors.toMap(Pending::file, Pending::uploadedAtMillis, (a, b) -> a))
                    .values().forEach(metrics::uploadToOdp);
        });
    }

    /** @return a run-event key part that differs when the set of indices differs (compaction keeps each set) */
    private static String part(Pending first, List<Long> indices) {
        return first.partition() + "-" + first.offset() + "-" + Integer.toHexString(indices.hashCode());
    }

    /**
     * Runs a Kafka write until it is acknowledged: each retry sends again (the supplier is called per attempt).
     * Kafka being down pauses the sink; it never drops the records.
     */
    private Uni<Void> retried(java.util.function.Supplier<CompletableFuture<?>> write, String what) {
        return Uni.createFrom().deferred(() -> Uni.createFrom().completionStage(write.get()))
                .onFailure().invoke(e -> LOG.warnf("Could not %s, retrying: %s", what, e.toString()))
                .onFailure().retry().withBackOff(config.sink().retryInitialBackoff(), config.sink().retryMaxBackoff())
                .withJitter(0.2).indefinitely()
                .replaceWithVoid();
    }

    private Uni<Void> parkRefused(Pending p, String reason) {
        return retried(() -> {
            CompletableFuture<?> parked = writer.park(config.topics().deadLetter(), p.primaryKey(),
                    DeadLetter.of(DeadLetterKind.REJECTED_BY_ODP, p.runId(), p.file(), p.index(), -1,
                            reason,
                            new String(p.fieldsJson(), StandardCharsets.UTF_8)));
            CompletableFuture<?> counted = p.runId() == null ? CompletableFuture.completedFuture(null)
                    : runs.publish(RunEvent.records(RunEvent.Type.REJECTED, p.runId(), p.file().key(),
                    part(p, List.of(p.index())), List.of(p.index()), "record " + p.index() + ": " + reason));
            return CompletableFuture.allOf(parked, counted);
        }, "park a record ODP refused").chain(() -> finishedAll(List.of(p))).invoke(() -> metrics.recordRejected("odp"));
    }

    private Uni<Void> park(KafkaRecord<String, byte[]> record, long offset, Polled part, DeadLetterKind kind,
                           String reason) {
        LOG.errorf("Parking unreadable store record at %s-%d@%d: %s", record.getTopic(), record.getPartition(),
                offset, reason);
        return retried(() -> writer.park(config.topics().deadLetter(), String.valueOf(record.getKey()),
                        DeadLetter.of(kind, null, null, null, null, -1, -1, reason,
                                record.getPayload() == null ? null
                                        : new String(record.getPayload(), StandardCharsets.UTF_8))),
                "park an unreadable store record")
                .chain(() -> finished(part));
    }

    /** Marks the records finished; acknowledges each poll's partition whose records are now all finished. */
    private Uni<Void> finishedAll(List<Pending> batch) {
        List<Uni<Void>> acks = new ArrayList<>();
        for (Pending p : batch) {
            acks.add(finished(p.polled()));
        }
        return acks.isEmpty() ? Uni.createFrom().voidItem() : Uni.join().all(acks).andFailFast().replaceWithVoid();
    }
}
