package io.odpimporter.sink;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.odpimporter.domain.BlobVersion;
import io.odpimporter.domain.StoreRecord;
import io.odpimporter.metrics.PipelineMetrics;
import io.odpimporter.pacing.AccountPacing;
import io.odpimporter.pacing.BatchSizes;
import io.smallrye.mutiny.Uni;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * The sink's parts wired as {@link BatchingSink} wires them, with a {@link FakeRuntime}, a {@link FakeOdp} and
 * {@link FakeWrites}: no broker, no HTTP server. {@link #poll} stands for a poll of the stores topic.
 */
final class SinkHarness {

    static final String TYPE = "stores";
    static final StoreRecord.Target STORES = StoreRecord.Target.objects(TYPE);
    static final StoreRecord.Target EVENTS = StoreRecord.Target.events();
    static final String RUN = "run-1";
    static final String HOST = "odp.test";
    /** How often a batch size lowered after a 413 doubles. */
    static final Duration REGROW = Duration.ofMinutes(5);

    static final BlobVersion FILE = BlobVersion.parse("imports/stores.json@0x1");

    final FakeRuntime runtime = new FakeRuntime();
    final FakeOdp odp = new FakeOdp();
    final FakeWrites writes = new FakeWrites();
    final MeterRegistry registry = new SimpleMeterRegistry();
    final PipelineMetrics metrics = new PipelineMetrics(registry);
    final CommitTracker commits = new CommitTracker();
    final RecordingListener faults = new RecordingListener();
    final SinkState state = new SinkState(faults, runtime::now);
    final BatchSizes.Host batchSizes;
    final AccountPacing pacing;
    final SinkBuffer buffer;
    final Recorder recorder;
    final Delivery delivery;
    /** Completes when the schema lets the sink send (docs/architecture.md, "Schema"); replace it to hold the sink. */
    volatile CompletableFuture<Void> schemaOpen = CompletableFuture.completedFuture(null);
    /** Acknowledged polls, as {@code partition@offset} of the poll's last record of the partition. */
    final List<String> acked = new ArrayList<>();

    /**
     * @param capacity {@code buffer-capacity}, if set
     * @param pacing   the sink's account pacing, made for this harness (its clock) or shared with another sink
     */
    SinkHarness(
            int batchSize,
            Optional<Integer> capacity,
            double maxRequestRate,
            Function<SinkHarness, AccountPacing> pacing) {
        this.pacing = pacing.apply(this);
        batchSizes = new BatchSizes(batchSize, REGROW, runtime::nanoTime, metrics).host(HOST);
        buffer = new SinkBuffer(
                batchSize, batchSizes::current, Duration.ofMillis(500), this.pacing, capacity, runtime, this::send);
        recorder = new Recorder(writes, runtime, buffer, commits, metrics);
        delivery = new Delivery(
                odp,
                runtime,
                new RetryGate(runtime, maxRequestRate, Duration.ofMinutes(5)),
                this.pacing,
                state,
                commits,
                recorder,
                metrics,
                new ObjectMapper(),
                target -> "POST https://odp.test/v3/"
                        + (target.kind() == StoreRecord.Target.Kind.EVENTS
                                ? "events"
                                : "objects/" + target.objectType()),
                batchSizes,
                () -> Uni.createFrom().completionStage(() -> schemaOpen));
        commits.assigned(List.of(0, 1, 2));
    }

    /** A limit fixed at {@code maxInFlight} (it can shrink on 429/503/timeouts, not grow). */
    SinkHarness(int batchSize, int maxInFlight, int capacity, double maxRequestRate) {
        this(batchSize, Optional.of(capacity), maxRequestRate, h -> h.pacing(maxInFlight, maxInFlight));
    }

    /** Batches of 3, 2 in flight, room for 100 records, no rate limit. */
    SinkHarness() {
        this(3, 2, 100, 0);
    }

    /** @return an account's pacing on this harness's clock and metrics, host {@code odp.test} */
    AccountPacing pacing(int initial, int max) {
        return new AccountPacing(
                "odp.test", new AccountPacing.Limits(initial, max), runtime::nanoTime, runtime::now, metrics);
    }

    /** As {@link BatchingSink}: a batch's keys are free once it is delivered. */
    private void send(List<Pending> batch, AccountPacing.Permit permit) {
        delivery.deliver(batch, permit).subscribe().with(ignored -> buffer.done(batch), failure -> buffer.done(batch));
    }

    /**
     * A poll of one partition: records keyed {@code keys}, at offsets from {@code firstOffset} (their record index
     * is their offset), buffered as {@link BatchingSink#onPoll} does.
     *
     * @return completes when the buffer has room
     */
    Uni<Void> poll(int partition, long firstOffset, String... keys) {
        return poll(STORES, partition, firstOffset, keys);
    }

    /** As {@link #poll(int, long, String...)}, for records of {@code target}. */
    Uni<Void> poll(StoreRecord.Target target, int partition, long firstOffset, String... keys) {
        long last = firstOffset + keys.length - 1;
        PolledPartition part = commits.polled(partition, () -> ack(partition + "@" + last));
        List<Pending> records = new ArrayList<>();
        for (int i = 0; i < keys.length; i++) {
            records.add(pending(keys[i], target, firstOffset + i, partition, part));
        }
        return add(part, records);
    }

    /** Buffers records of one polled partition, then counts the poll read. */
    Uni<Void> add(PolledPartition part, List<Pending> records) {
        if (part.owned()) {
            records.forEach(r -> part.admitOne());
        }
        Uni<Void> room = buffer.add(part.owned() ? records : List.of(), commits::owns);
        commits.finished(part).await().indefinitely();
        return room;
    }

    static Pending pending(String key, String type, long offset, int partition, PolledPartition part) {
        return pending(key, StoreRecord.Target.objects(type), offset, partition, part);
    }

    /** @return a record for {@code target} keyed {@code key}, its body {@code {"id": key, "offset": offset}} */
    static Pending pending(String key, StoreRecord.Target target, long offset, int partition, PolledPartition part) {
        byte[] fields = ("{\"id\":\"" + key + "\",\"offset\":" + offset + "}").getBytes(StandardCharsets.UTF_8);
        return new Pending(key, target, fields, RUN, FILE, offset, partition, offset, -1, part);
    }

    void revoke(int partition) {
        buffer.revoked(List.of(partition), () -> commits.revoked(List.of(partition)));
    }

    /** Lets linger time pass: open batches are sent. */
    void linger() {
        runtime.advance(Duration.ofMillis(500));
    }

    private synchronized CompletionStage<Void> ack(String what) {
        acked.add(what);
        return CompletableFuture.completedFuture(null);
    }

    synchronized List<String> acked() {
        return List.copyOf(acked);
    }

    /** @return how many ODP requests the metrics counted with {@code statusClass} */
    long odpRequests(String statusClass) {
        Timer timer = registry.find("odp.importer.odp.requests")
                .tag("status_class", statusClass)
                .timer();
        return timer == null ? 0 : timer.count();
    }

    /** What the sink told about configuration faults, in order. */
    static final class RecordingListener implements SinkState.Listener {

        final List<String> told = new ArrayList<>();

        @Override
        public synchronized void faultBegan(int status, String reason, StoreRecord.Target target, Instant since) {
            told.add("began " + status);
        }

        @Override
        public synchronized void faultOver(int status, Instant since) {
            told.add("over " + status);
        }

        @Override
        public synchronized void configurationFault(String reason) {
            told.add("fault");
        }

        @Override
        public synchronized void odpAnswered() {
            told.add("answered");
        }

        synchronized List<String> told() {
            return List.copyOf(told);
        }
    }
}
