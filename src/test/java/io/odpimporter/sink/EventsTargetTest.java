package io.odpimporter.sink;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.odpimporter.domain.DeadLetterKind;
import io.odpimporter.domain.RunEvent;
import io.odpimporter.domain.StoreRecord;
import io.odpimporter.metrics.PipelineMetrics;
import io.odpimporter.pacing.AccountPacing;
import io.odpimporter.pacing.Outcome;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The events target in the sink: one ODP request holds one target, events have no per-key order gate while objects
 * keep it, and events share the account's pacing, the delivery, the answers' rules and the commit rule (the buffer's batches captured by
 * {@link #buffer}, the delivery through a {@link SinkHarness}).
 */
class EventsTargetTest {

    private static final StoreRecord.Target EVENTS = StoreRecord.Target.events();
    private static final StoreRecord.Target STORES = SinkHarness.STORES;

    private final FakeRuntime runtime = new FakeRuntime();
    private final CommitTracker commits = new CommitTracker();
    /** Batches the buffer handed over for sending, oldest first (never answered unless a test does). */
    private final List<List<Pending>> sent = new ArrayList<>();
    /** The account's permit each batch of {@link #sent} was sent with, in the same order. */
    private final List<AccountPacing.Permit> permits = new ArrayList<>();
    /** The account's pacing of the last {@link #buffer}. */
    private AccountPacing pacing;

    EventsTargetTest() {
        commits.assigned(List.of(0, 1));
    }

    /** @return a buffer of batches of {@code batchSize}, {@code inFlight} requests in flight, room for 100 */
    private SinkBuffer buffer(int batchSize, int inFlight) {
        pacing = new AccountPacing(
                "odp.test",
                new AccountPacing.Limits(inFlight, inFlight),
                runtime::nanoTime,
                runtime::now,
                new PipelineMetrics(new SimpleMeterRegistry()));
        return new SinkBuffer(batchSize, Duration.ofMillis(500), pacing, Optional.of(100), runtime, (batch, permit) -> {
            sent.add(batch);
            permits.add(permit);
        });
    }

    private void add(SinkBuffer buffer, StoreRecord.Target target, long firstOffset, String... keys) {
        PolledPartition part = commits.polled(0, null);
        List<Pending> records = new ArrayList<>();
        for (int i = 0; i < keys.length; i++) {
            records.add(SinkHarness.pending(keys[i], target, firstOffset + i, 0, part));
        }
        buffer.add(records, commits::owns);
    }

    private List<String> sentTargets() {
        return sent.stream().map(batch -> batch.get(0).target().toString()).toList();
    }

    private List<List<String>> sentKeys() {
        return sent.stream()
                .map(batch -> batch.stream().map(Pending::primaryKey).toList())
                .toList();
    }

    @Test
    void aTargetChangeClosesTheBatch() {
        SinkBuffer buffer = buffer(10, 5);
        add(buffer, STORES, 0, "a");
        add(buffer, EVENTS, 1, "u1", "u2");
        add(buffer, STORES, 3, "b");

        runtime.advance(Duration.ofMillis(500));

        assertThat(sentTargets()).containsExactly("objects:stores", "events", "objects:stores");
        assertThat(sentKeys()).containsExactly(List.of("a"), List.of("u1", "u2"), List.of("b"));
        sent.forEach(batch -> assertThat(batch)
                .extracting(Pending::target)
                .as("one request holds one target")
                .containsOnly(batch.get(0).target()));
    }

    @Test
    void eventsWithARepeatedKeyShareABatchAndAreSentConcurrently() {
        SinkBuffer buffer = buffer(3, 2);
        add(buffer, EVENTS, 0, "u1", "u1", "u1");
        add(buffer, EVENTS, 3, "u1", "u1", "u1");

        assertThat(sentKeys())
                .as("both full batches are in flight at once, though they share the key u1")
                .containsExactly(List.of("u1", "u1", "u1"), List.of("u1", "u1", "u1"));
        assertThat(buffer.inFlight()).isEqualTo(2);
    }

    @Test
    void objectRecordsKeepTheGateBesideEvents() {
        SinkBuffer buffer = buffer(3, 4);
        add(buffer, STORES, 0, "a", "b", "a");
        runtime.advance(Duration.ofMillis(500));
        assertThat(sentKeys())
                .as("an objects batch still never holds one key twice, and the second a waits for the first")
                .containsExactly(List.of("a", "b"));

        add(buffer, EVENTS, 3, "a");
        runtime.advance(Duration.ofMillis(500));
        assertThat(sentKeys())
                .as("the events batch waits behind the older objects batch (oldest first)")
                .hasSize(1);
    }

    @Test
    void anEventsBatchDoesNotWaitForAnObjectKeyInFlight() {
        SinkBuffer buffer = buffer(3, 4);
        add(buffer, STORES, 0, "a", "b", "c");
        add(buffer, EVENTS, 3, "a", "a", "b");
        add(buffer, STORES, 6, "a", "d", "e");

        assertThat(sentKeys())
                .as("events keyed a go out beside the objects batch holding a; the next objects a waits")
                .containsExactly(List.of("a", "b", "c"), List.of("a", "a", "b"));
    }

    @Test
    void objectsAndEventsTakeTheirPermitsFromTheAccountsOneLimit() {
        SinkBuffer buffer = buffer(2, 1);
        add(buffer, STORES, 0, "a", "b");
        add(buffer, EVENTS, 2, "u1", "u2");

        assertThat(sentKeys())
                .as("the full events batch waits: the objects batch holds the account's only permit")
                .containsExactly(List.of("a", "b"));
        assertThat(pacing.inFlight()).isEqualTo(1);

        permits.get(0).release(Outcome.ACCEPTED);
        buffer.done(sent.get(0));

        assertThat(sentKeys()).containsExactly(List.of("a", "b"), List.of("u1", "u2"));
        assertThat(sentTargets()).containsExactly("objects:stores", "events");
        assertThat(pacing.inFlight())
                .as("the events request holds the permit the objects one gave back")
                .isEqualTo(1);
    }

    @Test
    void eventsGoToTheEventsEndpointAndAreCommittedWhenAccepted() {
        SinkHarness sink = new SinkHarness();
        sink.poll(EVENTS, 0, 0, "u1", "u1", "u2");

        FakeOdp.Request request = sink.odp.theOpenOne();
        assertThat(request.target()).isEqualTo(EVENTS);
        assertThat(request.ids()).containsExactly("u1", "u1", "u2");
        request.accept();

        assertThat(sink.writes.indices(RunEvent.Type.ACCEPTED)).containsExactly(0L, 1L, 2L);
        assertThat(sink.acked()).containsExactly("0@2");
    }

    @Test
    void aPollOfEventsIsAcknowledgedOnlyWhenAllItsRecordsAreFinished() {
        SinkHarness sink = new SinkHarness();
        sink.poll(EVENTS, 0, 0, "u1", "u1", "u1", "u1", "u1", "u1");
        List<FakeOdp.Request> open = sink.odp.open();
        assertThat(open).as("two batches of one key, sent concurrently").hasSize(2);

        open.get(1).accept();
        assertThat(sink.acked()).as("offsets 0..2 are still in flight").isEmpty();

        open.get(0).accept();
        assertThat(sink.acked()).containsExactly("0@5");
    }

    @Test
    void invalidsOfAnEventsBatchAreParkedWithTheEventsTarget() {
        SinkHarness sink = new SinkHarness();
        sink.poll(EVENTS, 0, 0, "u1", "u2", "u3");

        sink.odp
                .theOpenOne()
                .answer(
                        400,
                        "{\"title\":\"Bad Request\",\"status\":400,\"timestamp\":\"t\",\"detail\":{\"invalids\":"
                                + "[{\"event\":1,\"message\":\"identifiers must be a non-empty object\"}]}}");

        assertThat(sink.writes.deadLetters()).singleElement().satisfies(parked -> {
            assertThat(parked.kind()).isEqualTo(DeadLetterKind.REJECTED_BY_ODP);
            assertThat(parked.recordIndex()).isEqualTo(1);
            assertThat(parked.reason()).isEqualTo("HTTP 400: identifiers must be a non-empty object");
            assertThat(parked.target()).as("a replay sends it to events again").isEqualTo(EVENTS);
            assertThat(parked.rule()).isNull();
            assertThat(parked.value()).isEqualTo("{\"id\":\"u2\",\"offset\":1}");
        });
        FakeOdp.Request resent = sink.odp.theOpenOne();
        assertThat(resent.target()).isEqualTo(EVENTS);
        assertThat(resent.ids()).as("the others are sent again").containsExactly("u1", "u3");

        resent.accept();

        assertThat(sink.writes.indices(RunEvent.Type.ACCEPTED)).containsExactly(0L, 2L);
        assertThat(sink.acked()).containsExactly("0@2");
    }
}
