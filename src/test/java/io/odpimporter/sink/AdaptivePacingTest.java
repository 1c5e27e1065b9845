package io.odpimporter.sink;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.odpimporter.domain.RunEvent;
import io.odpimporter.pacing.AccountPacing;
import io.odpimporter.pacing.LimitChange;
import org.junit.jupiter.api.Test;

import java.net.ConnectException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sink paced by its account's adaptive limit ({@link AccountPacing}, docs/architecture.md §4.7), on a fake clock
 * with a fake ODP: no broker, no HTTP server.
 */
class AdaptivePacingTest {

    private static final String ERROR = "{\"status\":%d}";

    /** Batches of 3, the buffer following the limit, no rate cap, the limit from {@code initial} up to {@code max}. */
    private static SinkHarness sink(int initial, int max) {
        return new SinkHarness(3, Optional.empty(), 0, h -> h.pacing(initial, max));
    }

    /** Polls {@code batches} full batches of fresh keys on partition 0. */
    private static void pollBatches(SinkHarness sink, String prefix, int batches) {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < batches * 3; i++) {
            keys.add(prefix + i);
        }
        sink.poll(0, 0, keys.toArray(String[]::new));
    }

    private static double decreases(SinkHarness sink, String reason) {
        Counter counter = sink.registry
                .find("odp.importer.sink.limit.decreases")
                .tag("host", "odp.test")
                .tag("reason", reason)
                .counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void theLimitGrowsByOnePerWindowOf2xxAnswers() {
        SinkHarness sink = sink(2, 8);
        pollBatches(sink, "k", 5);
        assertThat(sink.odp.open()).hasSize(2);

        sink.odp.open().get(0).accept();
        assertThat(sink.pacing.limit()).as("one 2xx of a window of 2").isEqualTo(2);
        sink.odp.open().get(0).accept();
        assertThat(sink.pacing.limit()).as("a window of 2xx answers").isEqualTo(3);
        assertThat(sink.odp.open()).hasSize(3);
        sink.odp.open().forEach(FakeOdp.Request::accept);

        assertThat(sink.pacing.limit()).isEqualTo(4);
        LimitChange last = sink.pacing.snapshot().lastChange();
        assertThat(last.reason()).isEqualTo(LimitChange.Reason.GREW);
        assertThat(last.from()).isEqualTo(3);
        assertThat(last.to()).isEqualTo(4);
        Gauge gauge = sink.registry
                .find("odp.importer.sink.limit")
                .tag("host", "odp.test")
                .gauge();
        assertThat(gauge.value()).isEqualTo(4.0);
    }

    @Test
    void theLimitShrinksOn429() {
        SinkHarness sink = sink(10, 10);
        pollBatches(sink, "k", 1);

        sink.odp.theOpenOne().answer(429, ERROR.formatted(429));

        assertThat(sink.pacing.limit()).isEqualTo(9);
        AccountPacing.Snapshot pacing = sink.pacing.snapshot();
        assertThat(pacing.lastChange().reason()).isEqualTo(LimitChange.Reason.TOO_MANY_REQUESTS);
        assertThat(pacing.decreases()).containsEntry("429", 1L);
        assertThat(decreases(sink, "429")).isEqualTo(1.0);
        // the retry (a new attempt, a new permit) is accepted: nothing lost
        sink.odp.theOpenOne().accept();
        assertThat(sink.writes.indices(RunEvent.Type.ACCEPTED)).hasSize(3);
    }

    @Test
    void the429sOfOneOvershootShrinkTheLimitOnce() {
        SinkHarness sink = sink(10, 10);
        pollBatches(sink, "k", 3);
        List<FakeOdp.Request> sent = sink.odp.open();
        assertThat(sent).hasSize(3);

        sent.forEach(r -> r.answer(429, ERROR.formatted(429)));

        assertThat(sink.pacing.limit())
                .as("the three were sent before the first decrease")
                .isEqualTo(9);
        assertThat(sink.pacing.snapshot().decreases()).containsEntry("429", 1L);
        // their retries were sent after it: a 429 to one of them decreases it again
        sink.odp.open().get(0).answer(429, ERROR.formatted(429));
        assertThat(sink.pacing.limit()).isEqualTo(8);
    }

    @Test
    void theLimitShrinksOn503() {
        SinkHarness sink = sink(10, 10);
        pollBatches(sink, "k", 1);

        sink.odp.theOpenOne().answer(503, ERROR.formatted(503));

        assertThat(sink.pacing.limit()).isEqualTo(9);
        assertThat(sink.pacing.snapshot().lastChange().reason()).isEqualTo(LimitChange.Reason.UNAVAILABLE);
        assertThat(decreases(sink, "503")).isEqualTo(1.0);
    }

    @Test
    void theLimitShrinksOnATimeout() {
        SinkHarness sink = sink(10, 10);
        pollBatches(sink, "k", 1);

        sink.odp.theOpenOne().fail(new TimeoutException("The timeout period of 30000ms has been exceeded"));

        assertThat(sink.pacing.limit()).isEqualTo(9);
        assertThat(sink.pacing.snapshot().lastChange().reason()).isEqualTo(LimitChange.Reason.TIMEOUT);
        assertThat(decreases(sink, "timeout")).isEqualTo(1.0);
    }

    @Test
    void otherFailuresLeaveTheLimitAsItIs() {
        SinkHarness sink = sink(10, 10);
        pollBatches(sink, "k", 1);

        sink.odp.theOpenOne().answer(500, ERROR.formatted(500));
        sink.odp.theOpenOne().answer(401, ERROR.formatted(401));
        sink.odp.theOpenOne().fail(new ConnectException("Connection refused"));
        sink.odp
                .theOpenOne()
                .answer(400, "{\"status\":400,\"detail\":{\"invalids\":[{\"event\":1,\"message\":\"bad\"}]}}");

        assertThat(sink.pacing.limit()).isEqualTo(10);
        assertThat(sink.pacing.snapshot().decreases()).isEmpty();
        assertThat(sink.pacing.snapshot().lastChange()).isNull();
    }

    @Test
    void retryAfterOf429HoldsTheSinkAndShrinksTheLimit() {
        SinkHarness sink = sink(4, 4);
        pollBatches(sink, "k", 1);

        sink.odp.theOpenOne().answer(429, ERROR.formatted(429), "2");
        pollBatches(sink, "n", 1);
        sink.runtime.advance(Duration.ofMillis(1999));

        assertThat(sink.odp.open())
                .as("the retry and the new batch wait for the gate")
                .isEmpty();
        assertThat(sink.pacing.limit()).isEqualTo(3);
        sink.runtime.advance(Duration.ofMillis(1));
        assertThat(sink.odp.open()).hasSize(2);
    }

    @Test
    void maxInFlightCapsTheLimit() {
        SinkHarness sink = sink(4, 3);
        assertThat(sink.pacing.limit())
                .as("initial-limit 4 capped by max-in-flight 3")
                .isEqualTo(3);
        assertThat(sink.pacing.snapshot().lastChange().reason()).isEqualTo(LimitChange.Reason.CAP);

        for (int round = 0; round < 20; round++) {
            pollBatches(sink, "r" + round + "-", 5);
            assertThat(sink.odp.open().size()).isLessThanOrEqualTo(3);
            while (!sink.odp.open().isEmpty()) {
                sink.odp.open().forEach(FakeOdp.Request::accept);
                sink.linger();
            }
        }

        assertThat(sink.pacing.limit()).isEqualTo(3);
        assertThat(sink.writes.indices(RunEvent.Type.ACCEPTED)).hasSize(20 * 15);
    }

    @Test
    void maxRequestRateCapsRequestStarts() {
        SinkHarness sink = new SinkHarness(3, Optional.empty(), 10, h -> h.pacing(8, 8));
        long start = sink.runtime.nanoTime();
        List<Long> startedAtMillis = new ArrayList<>();

        pollBatches(sink, "k", 4);
        for (int ms = 0; ms <= 400; ms++) {
            while (startedAtMillis.size() < sink.odp.requests().size()) {
                startedAtMillis.add((sink.runtime.nanoTime() - start) / 1_000_000);
            }
            sink.runtime.advance(Duration.ofMillis(1));
        }

        assertThat(startedAtMillis).containsExactly(0L, 100L, 200L, 300L);
    }

    @Test
    void theLimitDoesNotCollapseAt0msLatency() {
        SinkHarness sink = sink(4, 32);
        List<Integer> limits = new ArrayList<>();
        limits.add(sink.pacing.limit());

        // ODP answers 2xx at once (0 ms), as fast as the sink sends: 2,000 requests
        for (int round = 0; round < 100; round++) {
            pollBatches(sink, "r" + round + "-", 20);
            while (!sink.odp.open().isEmpty()) {
                for (FakeOdp.Request request : sink.odp.open()) {
                    request.accept();
                    limits.add(sink.pacing.limit());
                }
                sink.linger();
            }
        }

        for (int i = 1; i < limits.size(); i++) {
            assertThat(limits.get(i)).as("limit after answer %d", i).isGreaterThanOrEqualTo(limits.get(i - 1));
        }
        assertThat(sink.pacing.limit()).isGreaterThan(4);
        assertThat(sink.pacing.snapshot().decreases()).isEmpty();
        assertThat(sink.writes.indices(RunEvent.Type.ACCEPTED)).hasSize(100 * 60);
    }

    @Test
    void aBatchWhoseKeyIsInFlightHoldsNoPermit() {
        SinkHarness sink = sink(4, 4);
        sink.poll(0, 0, "a", "b", "c");
        sink.poll(0, 3, "a", "d", "e");

        assertThat(sink.odp.open()).as("[a, d, e] waits for a").hasSize(1);
        assertThat(sink.pacing.inFlight()).as("permits held").isEqualTo(1);

        sink.odp.theOpenOne().accept();

        assertThat(sink.odp.theOpenOne().ids()).containsExactly("a", "d", "e");
        assertThat(sink.pacing.inFlight()).isEqualTo(1);
    }

    @Test
    void aCancelledRetryOfARevokedPartitionReleasesItsPermitWithoutADrop() {
        // one permit: the retry of [a, b, c] waits for it while [d, e, f] is in flight
        SinkHarness sink = sink(1, 1);
        sink.poll(0, 0, "a", "b", "c");
        sink.poll(1, 0, "d", "e", "f");
        sink.odp.theOpenOne().answer(500, ERROR.formatted(500));
        assertThat(sink.odp.theOpenOne().ids())
                .as("the permit went to the next batch")
                .containsExactly("d", "e", "f");

        sink.revoke(0);
        sink.odp.theOpenOne().accept();

        assertThat(sink.odp.open())
                .as("the retry of a revoked partition is not sent")
                .isEmpty();
        assertThat(sink.pacing.inFlight()).as("its permit is back").isZero();
        assertThat(sink.pacing.snapshot().decreases()).isEmpty();
        assertThat(sink.pacing.limit()).isEqualTo(1);
        sink.poll(1, 3, "g", "h", "i");
        assertThat(sink.odp.theOpenOne().ids()).containsExactly("g", "h", "i");
    }

    @Test
    void theBufferCapacityFollowsTheLimit() {
        SinkHarness sink = sink(2, 8);
        assertThat(sink.buffer.capacity()).isEqualTo((2 + 4) * 3);

        pollBatches(sink, "k", 2);
        sink.odp.open().forEach(FakeOdp.Request::accept);

        assertThat(sink.pacing.limit()).isEqualTo(3);
        assertThat(sink.buffer.capacity()).isEqualTo((3 + 4) * 3);
        assertThat(SinkBuffer.capacity(8, 100, Optional.empty())).isEqualTo(1200);
        assertThat(SinkBuffer.capacity(8, 100, Optional.of(1000)))
                .as("buffer-capacity caps it")
                .isEqualTo(1000);
    }

    @Test
    void aPollWaitingForRoomGoesOnWhenTheLimitGrows() {
        SinkHarness sink = sink(1, 8);
        // capacity (1 + 4) × 3 = 15: one batch in flight, four more fill the buffer
        pollBatches(sink, "k", 5);
        AtomicBoolean room = new AtomicBoolean();
        sink.poll(1, 0, "x").subscribe().with(ignored -> room.set(true));
        assertThat(room).isFalse();

        // one batch accepted leaves 13 records of 15; the limit grows to 2: room for 18
        sink.odp.theOpenOne().accept();

        assertThat(room).isTrue();
        assertThat(sink.buffer.capacity()).isEqualTo(18);
    }

    @Test
    void twoSinksOfOneAccountShareTheLimit() {
        SinkHarness first = sink(2, 2);
        SinkHarness second = new SinkHarness(3, Optional.empty(), 0, h -> first.pacing);

        pollBatches(first, "f", 2);
        second.poll(0, 0, "s1", "s2", "s3");

        assertThat(first.odp.open()).hasSize(2);
        assertThat(second.odp.open()).as("the account's two permits are taken").isEmpty();

        first.odp.open().get(0).accept();

        assertThat(second.odp.theOpenOne().ids())
                .as("woken by the other sink's answer")
                .containsExactly("s1", "s2", "s3");
        assertThat(first.pacing.inFlight()).isEqualTo(2);
    }

    @Test
    void fromTheLimitOfTheLastDecreaseTheLimitGrowsOncePerTwoWindows() {
        SinkHarness sink = sink(10, 32);
        pollBatches(sink, "a", 60);
        sink.odp.open().get(0).answer(429, ERROR.formatted(429));
        assertThat(sink.pacing.limit()).isEqualTo(9);

        // every 2xx answer frees a permit for the next batch: the window stays full
        List<Integer> answersPerGrowth = new ArrayList<>();
        int answers = 0;
        int limit = sink.pacing.limit();
        while (answersPerGrowth.size() < 3) {
            sink.odp.open().get(0).accept();
            answers++;
            if (sink.pacing.limit() != limit) {
                assertThat(sink.pacing.limit()).isEqualTo(limit + 1);
                answersPerGrowth.add(answers);
                answers = 0;
                limit = sink.pacing.limit();
            }
        }

        assertThat(answersPerGrowth)
                .as("9 -> 10: a window; from 10, the limit the 429 shrank: two windows each")
                .containsExactly(9, 20, 22);
    }
}
