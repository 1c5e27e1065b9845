package io.odpimporter.sink;

import io.odpimporter.domain.RunEvent;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Request starts paced within a round trip (docs/architecture.md §4.7): one start every smoothed round trip / limit,
 * on a fake clock with a fake ODP.
 */
class StartPacingTest {

    private static final String ERROR = "{\"status\":%d}";

    /** Batches of 3, the buffer following the limit, no rate cap, the limit fixed at {@code limit}. */
    private static SinkHarness sink(int limit) {
        return new SinkHarness(3, Optional.empty(), 0, h -> h.pacing(limit, limit));
    }

    /** Polls {@code batches} full batches of fresh keys on partition 0. */
    private static void pollBatches(SinkHarness sink, String prefix, int batches) {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < batches * 3; i++) {
            keys.add(prefix + i);
        }
        sink.poll(0, 0, keys.toArray(String[]::new));
    }

    /** One batch answered 2xx after {@code roundTrip}: the first sample of the smoothed round trip. */
    private static void oneRoundTrip(SinkHarness sink, Duration roundTrip) {
        pollBatches(sink, "first", 1);
        sink.runtime.advance(roundTrip);
        sink.odp.theOpenOne().accept();
    }

    /**
     * @return when each request started after {@code poll}, in ms from now, watching {@code ms} milliseconds on the
     *         fake clock
     */
    private static List<Long> startsOver(SinkHarness sink, int ms, Runnable poll) {
        int before = sink.odp.requests().size();
        long start = sink.runtime.nanoTime();
        List<Long> startedAt = new ArrayList<>();
        poll.run();
        for (int i = 0; i <= ms; i++) {
            while (startedAt.size() < sink.odp.requests().size() - before) {
                startedAt.add((sink.runtime.nanoTime() - start) / 1_000_000);
            }
            sink.runtime.advance(Duration.ofMillis(1));
        }
        return startedAt;
    }

    @Test
    void requestStartsAreSpacedBySmoothedRoundTripOverTheLimit() {
        SinkHarness sink = sink(4);
        oneRoundTrip(sink, Duration.ofMillis(200));
        assertThat(sink.pacing.smoothedRoundTrip()).isEqualTo(Duration.ofMillis(200));
        assertThat(sink.pacing.spacing()).isEqualTo(Duration.ofMillis(50));

        assertThat(startsOver(sink, 300, () -> pollBatches(sink, "k", 4)))
                .as("a window of 4 spread over the round trip, not sent in one clump")
                .containsExactly(0L, 50L, 100L, 150L);
        assertThat(sink.pacing.limit()).isEqualTo(4);
    }

    @Test
    void theRoundTripIsSmoothedAsTcpDoes() {
        SinkHarness sink = sink(2);
        oneRoundTrip(sink, Duration.ofMillis(200));
        pollBatches(sink, "k", 1);

        sink.runtime.advance(Duration.ofMillis(40));
        sink.odp.theOpenOne().accept();

        // 7/8 × 200 + 1/8 × 40
        assertThat(sink.pacing.smoothedRoundTrip()).isEqualTo(Duration.ofMillis(180));
        assertThat(sink.pacing.spacing()).isEqualTo(Duration.ofMillis(90));
    }

    @Test
    void nothingIsSpacedAtAbout0msRoundTrip() {
        SinkHarness sink = sink(8);
        oneRoundTrip(sink, Duration.ofMillis(5));
        assertThat(sink.pacing.spacing())
                .as("5 ms / 8 is under a millisecond: not applied")
                .isZero();

        pollBatches(sink, "k", 8);

        assertThat(sink.odp.open()).as("the whole window starts at once").hasSize(8);
        assertThat(sink.runtime.pending()).as("no slot timer, only the linger").isZero();
    }

    @Test
    void aSinkWaitingForItsSlotIsWokenThenWithoutAnyAnswer() {
        SinkHarness sink = sink(2);
        oneRoundTrip(sink, Duration.ofMillis(200));
        pollBatches(sink, "k", 2);
        assertThat(sink.odp.open()).as("the second waits for its slot").hasSize(1);
        assertThat(sink.pacing.inFlight())
                .as("it holds no permit while it waits")
                .isEqualTo(1);

        sink.runtime.advance(Duration.ofMillis(99));
        assertThat(sink.odp.open()).hasSize(1);
        sink.runtime.advance(Duration.ofMillis(1));

        assertThat(sink.odp.open()).as("woken by the slot timer at 100 ms").hasSize(2);
        sink.odp.open().forEach(FakeOdp.Request::accept);
        assertThat(sink.writes.indices(RunEvent.Type.ACCEPTED)).hasSize(9);
    }

    @Test
    void aRetryWaitingForItsSlotStartsAtIt() {
        SinkHarness sink = sink(2);
        oneRoundTrip(sink, Duration.ofMillis(200));
        pollBatches(sink, "k", 1);

        sink.odp.theOpenOne().answer(500, ERROR.formatted(500));

        assertThat(sink.odp.open())
                .as("the retry waits for the slot after the first attempt's")
                .isEmpty();
        sink.runtime.advance(Duration.ofMillis(100));
        assertThat(sink.odp.theOpenOne().ids()).containsExactly("k0", "k1", "k2");
    }

    @Test
    void twoSinksOfOneAccountShareItsStartSlots() {
        SinkHarness first = sink(2);
        SinkHarness second = new SinkHarness(3, Optional.empty(), 0, h -> first.pacing);
        oneRoundTrip(first, Duration.ofMillis(200));

        pollBatches(first, "f", 1);
        second.poll(0, 0, "s1", "s2", "s3");

        assertThat(second.odp.open()).as("the account's slot is taken").isEmpty();
        first.runtime.advance(Duration.ofMillis(100));
        assertThat(second.odp.theOpenOne().ids()).containsExactly("s1", "s2", "s3");
    }

    @Test
    void aLateStartKeepsTheScheduleButNeverStartsTwoAtOnce() {
        SinkHarness sink = sink(4);
        oneRoundTrip(sink, Duration.ofMillis(200));
        pollBatches(sink, "k", 1);
        // the next slot is at 50 ms; the second batch comes 20 ms late for it
        sink.runtime.advance(Duration.ofMillis(70));

        assertThat(startsOver(sink, 100, () -> pollBatches(sink, "n", 2)))
                .as("the late one at once, the one after at the schedule's 100 ms (30 ms later)")
                .containsExactly(0L, 30L);
    }
}
