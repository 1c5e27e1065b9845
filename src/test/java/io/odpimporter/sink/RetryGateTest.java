package io.odpimporter.sink;

import io.smallrye.mutiny.Uni;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** When requests may start ({@link RetryGate}): {@code Retry-After} and {@code max-request-rate}, on a fake clock. */
class RetryGateTest {

    private final FakeRuntime runtime = new FakeRuntime();

    /** Passages through the gate, as milliseconds since the test began. */
    private final List<Long> passed = new ArrayList<>();

    private final long start = runtime.nanoTime();

    private void pass(RetryGate gate) {
        Uni<Void> passage = gate.passage();
        passage.subscribe().with(ignored -> passed.add((runtime.nanoTime() - start) / 1_000_000));
    }

    @Test
    void retryAfterOf429IsHonoured() {
        RetryGate gate = new RetryGate(runtime, 0, Duration.ofMinutes(5));

        assertThat(gate.answered(429, "2")).contains(Duration.ofSeconds(2));
        pass(gate);
        runtime.advance(Duration.ofMillis(1999));
        assertThat(passed).isEmpty();
        runtime.advance(Duration.ofMillis(1));

        assertThat(passed).containsExactly(2000L);
    }

    @Test
    void retryAfterOf503AsAnHttpDateIsHonoured() {
        RetryGate gate = new RetryGate(runtime, 0, Duration.ofMinutes(5));
        String inThreeSeconds = DateTimeFormatter.RFC_1123_DATE_TIME.format(
                runtime.now().plusSeconds(3).atZone(ZoneOffset.UTC));

        gate.answered(503, inThreeSeconds);
        pass(gate);
        runtime.advance(Duration.ofSeconds(10));

        assertThat(passed).containsExactly(3000L);
    }

    @Test
    void retryAfterIsCappedByRetryAfterCap() {
        RetryGate gate = new RetryGate(runtime, 0, Duration.ofSeconds(5));

        assertThat(gate.answered(429, "3600")).contains(Duration.ofSeconds(5));
        pass(gate);
        runtime.advance(Duration.ofSeconds(10));

        assertThat(passed).containsExactly(5000L);
    }

    @Test
    void retryAfterOnOtherAnswersIsIgnored() {
        RetryGate gate = new RetryGate(runtime, 0, Duration.ofMinutes(5));

        assertThat(gate.answered(500, "10")).isEmpty();
        assertThat(gate.answered(202, "10")).isEmpty();
        pass(gate);

        assertThat(passed).containsExactly(0L);
    }

    @Test
    void aShorterRetryAfterDoesNotOpenTheGateEarlier() {
        RetryGate gate = new RetryGate(runtime, 0, Duration.ofMinutes(5));
        gate.answered(429, "4");

        assertThat(gate.answered(503, "1")).isEmpty();
        pass(gate);
        runtime.advance(Duration.ofSeconds(10));

        assertThat(passed).containsExactly(4000L);
    }

    @Test
    void requestsStartAtMostMaxRequestRatePerSecondRetriesIncluded() {
        RetryGate gate = new RetryGate(runtime, 10, Duration.ofMinutes(5));

        for (int i = 0; i < 4; i++) {
            pass(gate);
        }
        runtime.advance(Duration.ofSeconds(1));

        assertThat(passed).containsExactly(0L, 100L, 200L, 300L);
    }

    @Test
    void aRateOfZeroMeansNoLimit() {
        RetryGate gate = new RetryGate(runtime, 0, Duration.ofMinutes(5));

        for (int i = 0; i < 4; i++) {
            pass(gate);
        }

        assertThat(passed).containsExactly(0L, 0L, 0L, 0L);
    }

    @Test
    void aRequestWaitingForItsSlotWaitsAgainWhenTheGateClosesMeanwhile() {
        RetryGate gate = new RetryGate(runtime, 2, Duration.ofMinutes(5));
        pass(gate);
        pass(gate); // its slot is at 500 ms
        runtime.advance(Duration.ofMillis(100));

        gate.answered(429, "1"); // closed until 1100 ms
        runtime.advance(Duration.ofSeconds(5));

        assertThat(passed).containsExactly(0L, 1100L);
    }

    @Test
    void retryAfterOf429HoldsTheWholeSinkNotJustItsRequest() {
        // a limit of 4: the 429 and the 503 shrink it to 2, room for both retries
        SinkHarness sink = new SinkHarness(3, 4, 100, 0);
        sink.poll(0, 0, "a", "b", "c");
        sink.poll(1, 0, "d", "e", "f");
        List<FakeOdp.Request> first = sink.odp.open();
        assertThat(first).hasSize(2);

        first.get(0).answer(429, "{\"status\":429}", "2");
        first.get(1).answer(503, "{\"status\":503}");
        runtime(sink).advance(Duration.ofMillis(1999));
        assertThat(sink.odp.open()).as("both retries wait for the gate").isEmpty();
        runtime(sink).advance(Duration.ofMillis(1));

        assertThat(sink.odp.open())
                .extracting(FakeOdp.Request::ids)
                .containsExactlyInAnyOrder(List.of("a", "b", "c"), List.of("d", "e", "f"));
    }

    private static FakeRuntime runtime(SinkHarness sink) {
        return sink.runtime;
    }
}
