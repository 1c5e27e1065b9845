package io.odpimporter.sink;

import io.smallrye.mutiny.Uni;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/** The sink's buffer and per-key order gate ({@link SinkBuffer}), its requests captured instead of sent. */
class OrderGateTest {

    private final FakeRuntime runtime = new FakeRuntime();
    /** Batches handed over for sending, oldest first. */
    private final List<List<Pending>> sent = new ArrayList<>();

    private final CommitTracker commits = new CommitTracker();

    /** Batches of 3, 2 in flight, room for 6 records. */
    private final SinkBuffer buffer = new SinkBuffer(3, Duration.ofMillis(500), 2, 6, runtime, sent::add);

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
        buffer.done(sent.get(0));

        assertThat(sentKeys()).containsExactly(List.of("a", "b"), List.of("a"));
    }

    @Test
    void aBatchHoldsOneObjectType() {
        add("stores", 0, 0, "a");
        add("products", 0, 1, "b");

        runtime.advance(Duration.ofMillis(500));

        assertThat(sent).hasSize(2);
        assertThat(sent.get(0)).extracting(Pending::objectType).containsExactly("stores");
        assertThat(sent.get(1)).extracting(Pending::objectType).containsExactly("products");
    }

    @Test
    void twoRequestsInFlightNeverShareAKey() {
        add(0, 0, "a", "b", "c");
        add(0, 3, "a", "d", "e");

        assertThat(sentKeys()).as("the second batch holds a, still in flight").containsExactly(List.of("a", "b", "c"));

        buffer.done(sent.get(0));

        assertThat(sentKeys()).containsExactly(List.of("a", "b", "c"), List.of("a", "d", "e"));
    }

    @Test
    void aKeysRecordsGoInOffsetOrderBehindABlockedBatch() {
        SinkBuffer wide = new SinkBuffer(1, Duration.ofMillis(500), 3, 10, runtime, sent::add);
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

        wide.done(sent.get(0));

        assertThat(sent).extracting(batch -> batch.get(0).offset()).containsExactly(0L, 1L, 2L);
    }

    @Test
    void atMostMaxInFlightRequestsAreInFlight() {
        add(0, 0, "a", "b", "c", "d", "e", "f");
        add(1, 0, "g", "h", "i");

        assertThat(sent).hasSize(2);
        assertThat(buffer.inFlight()).isEqualTo(2);

        buffer.done(sent.get(1));

        assertThat(sentKeys()).last().isEqualTo(List.of("g", "h", "i"));
    }

    @Test
    void aPollWaitsWhileTheBufferIsFull() {
        add(0, 0, "a", "b", "c");
        AtomicBoolean room = new AtomicBoolean();
        add(0, 3, "d", "e", "f").subscribe().with(ignored -> room.set(true));
        assertThat(room).as("6 records held of 6").isFalse();

        buffer.done(sent.get(0));

        assertThat(room).isTrue();
    }

    @Test
    void acceptedRecordsStillBeingRecordedCountAgainstTheCapacity() {
        add(0, 0, "a", "b", "c");
        buffer.recording(3);
        buffer.done(sent.get(0));
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
        buffer.done(sent.get(0));
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
