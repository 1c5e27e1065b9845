package io.odpimporter.sink;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.odpimporter.domain.StoreRecord;
import io.odpimporter.metrics.PipelineMetrics;
import io.odpimporter.pacing.AccountPacing;
import io.odpimporter.pacing.Outcome;
import io.smallrye.mutiny.Uni;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/** The sink's buffer and per-key order gate ({@link SinkBuffer}), its requests captured instead of sent. */
class OrderGateTest {

    private final FakeRuntime runtime = new FakeRuntime();
    /** Batches handed over for sending, oldest first. */
    private final List<List<Pending>> sent = new ArrayList<>();

    private final CommitTracker commits = new CommitTracker();

    /** The permit each sent batch holds, given back as ODP's 2xx by {@link #done}. */
    private final Map<List<Pending>, AccountPacing.Permit> permits = new IdentityHashMap<>();

    /** Batches of 3, 2 in flight, room for 6 records. */
    private final SinkBuffer buffer = buffer(3, 2, 6);

    /** @return a buffer whose account's limit is {@code inFlight} (2xx answers do not grow it) */
    private SinkBuffer buffer(int batchSize, int inFlight, int capacity) {
        AccountPacing pacing = new AccountPacing(
                "odp.test",
                new AccountPacing.Limits(inFlight, inFlight),
                runtime::nanoTime,
                runtime::now,
                new PipelineMetrics(new SimpleMeterRegistry()));
        return new SinkBuffer(batchSize, Duration.ofMillis(500), pacing, Optional.of(capacity), runtime, (b, p) -> {
            sent.add(b);
            permits.put(b, p);
        });
    }

    /** ODP answered the batch 2xx: its permit is given back, then the batch is over (as {@link Delivery} does). */
    private void done(SinkBuffer buffer, List<Pending> batch) {
        permits.remove(batch).release(Outcome.ACCEPTED);
        buffer.done(batch);
    }

    private void done(List<Pending> batch) {
        done(buffer, batch);
    }

    OrderGateTest() {
        commits.assigned(List.of(0, 1));
    }

    private Uni<Void> add(int partition, long firstOffset, String... keys) {
        return add(SinkHarness.TYPE, partition, firstOffset, keys);
    }

    private Uni<Void> add(String type, int partition, long firstOffset, String... keys) {
        PolledPartition part = commits.polled(partition, null);
        List<Pending> records = new ArrayList<>();
        for (int i = 0; i < keys.length; i++) {
            records.add(SinkHarness.pending(keys[i], type, firstOffset + i, partition, part));
        }
        return buffer.add(records, commits::owns);
    }

    private static List<String> keys(List<Pending> batch) {
        return batch.stream().map(Pending::primaryKey).toList();
    }

    private List<List<String>> sentKeys() {
        return sent.stream().map(OrderGateTest::keys).toList();
    }

    @Test
    void aFullBatchIsSentAtOnce() {
        add(0, 0, "a", "b", "c");

        assertThat(sentKeys()).containsExactly(List.of("a", "b", "c"));
    }

    @Test
    void aBatchThatIsNotFullIsSentLingerAfterItsFirstRecord() {
        add(0, 0, "a");
        runtime.advance(Duration.ofMillis(300));
        add(0, 1, "b");
        runtime.advance(Duration.ofMillis(199));
        assertThat(sent).isEmpty();

        runtime.advance(Duration.ofMillis(1));

        assertThat(sentKeys()).containsExactly(List.of("a", "b"));
    }

    @Test
    void aBatchNeverHoldsOneKeyTwice() {
        add(0, 0, "a", "b", "a");
        runtime.advance(Duration.ofMillis(500));
        done(sent.get(0));

        assertThat(sentKeys()).containsExactly(List.of("a", "b"), List.of("a"));
    }

    @Test
    void aBatchHoldsOneObjectType() {
        add("stores", 0, 0, "a");
        add("products", 0, 1, "b");

        runtime.advance(Duration.ofMillis(500));

        assertThat(sent).hasSize(2);
        assertThat(sent.get(0)).extracting(Pending::target).containsExactly(StoreRecord.Target.objects("stores"));
        assertThat(sent.get(1)).extracting(Pending::target).containsExactly(StoreRecord.Target.objects("products"));
    }

    @Test
    void twoRequestsInFlightNeverShareAKey() {
        add(0, 0, "a", "b", "c");
        add(0, 3, "a", "d", "e");

        assertThat(sentKeys()).as("the second batch holds a, still in flight").containsExactly(List.of("a", "b", "c"));

        done(sent.get(0));

        assertThat(sentKeys()).containsExactly(List.of("a", "b", "c"), List.of("a", "d", "e"));
    }

    @Test
    void aKeysRecordsGoInOffsetOrderBehindABlockedBatch() {
        SinkBuffer wide = buffer(1, 3, 10);
        PolledPartition part = commits.polled(0, null);
        wide.add(
                List.of(
                        SinkHarness.pending("a", SinkHarness.TYPE, 0, 0, part),
                        SinkHarness.pending("a", SinkHarness.TYPE, 1, 0, part),
                        SinkHarness.pending("b", SinkHarness.TYPE, 2, 0, part)),
                commits::owns);

        assertThat(sent)
                .as("a@1 waits for a@0, and b waits behind it though a slot is free")
                .hasSize(1);

        done(wide, sent.get(0));

        assertThat(sent).extracting(batch -> batch.get(0).offset()).containsExactly(0L, 1L, 2L);
    }

    @Test
    void atMostMaxInFlightRequestsAreInFlight() {
        add(0, 0, "a", "b", "c", "d", "e", "f");
        add(1, 0, "g", "h", "i");

        assertThat(sent).hasSize(2);
        assertThat(buffer.inFlight()).isEqualTo(2);

        done(sent.get(1));

        assertThat(sentKeys()).last().isEqualTo(List.of("g", "h", "i"));
    }

    @Test
    void aPollWaitsWhileTheBufferIsFull() {
        add(0, 0, "a", "b", "c");
        AtomicBoolean room = new AtomicBoolean();
        add(0, 3, "d", "e", "f").subscribe().with(ignored -> room.set(true));
        assertThat(room).as("6 records held of 6").isFalse();

        done(sent.get(0));

        assertThat(room).isTrue();
    }

    @Test
    void acceptedRecordsStillBeingRecordedCountAgainstTheCapacity() {
        add(0, 0, "a", "b", "c");
        buffer.recording(3);
        done(sent.get(0));
        AtomicBoolean room = new AtomicBoolean();
        add(0, 3, "d", "e", "f").subscribe().with(ignored -> room.set(true));
        assertThat(room).isFalse();

        buffer.recorded(3);

        assertThat(room).isTrue();
    }

    @Test
    void revokedPartitionsBufferedRecordsAreDroppedAndFreeRoom() {
        add(0, 0, "a", "b", "c");
        add(1, 0, "a", "x");
        runtime.advance(Duration.ofMillis(500)); // [a, x] is queued behind a in flight
        AtomicBoolean room = new AtomicBoolean();
        add(1, 2, "y").subscribe().with(ignored -> room.set(true));
        assertThat(room).isFalse();

        buffer.revoked(List.of(1), () -> commits.revoked(List.of(1)));

        assertThat(room).isTrue();
        assertThat(buffer.held()).isEqualTo(3);
        done(sent.get(0));
        runtime.advance(Duration.ofMillis(500));
        assertThat(sentKeys()).containsExactly(List.of("a", "b", "c"));
    }

    @Test
    void recordsOfAPartitionNoLongerOwnedAreNotBuffered() {
        commits.revoked(List.of(1));

        add(1, 0, "a", "b", "c");
        runtime.advance(Duration.ofMillis(500));

        assertThat(sent).isEmpty();
        assertThat(buffer.held()).isZero();
    }
}
