package io.odpimporter.testing;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The stand-in's token bucket, on a clock the test moves. */
class TokenBucketTest {

    private static final long MILLI = 1_000_000L;
    private final AtomicLong now = new AtomicLong(42 * 1_000 * MILLI);

    private long admitted(TokenBucket bucket, int requests) {
        return IntStream.range(0, requests).filter(i -> bucket.tryTake()).count();
    }

    @Test
    void aFullBucketAdmitsItsBurstAtOnceAndRefusesTheRest() {
        TokenBucket bucket = new TokenBucket(100, 10, now::get);

        assertThat(admitted(bucket, 25)).isEqualTo(10);
        assertThat(bucket.tryTake()).isFalse();
    }

    @Test
    void nRequestsPerSecondAreAdmittedAndTheRestRefused() {
        TokenBucket bucket = new TokenBucket(100, 10, now::get);
        admitted(bucket, 10);

        long admitted = 0;
        long refused = 0;
        // 10 seconds of 300 requests a second, one every 10/3 ms
        for (int i = 1; i <= 3_000; i++) {
            now.set(42 * 1_000 * MILLI + i * 10 * MILLI / 3);
            if (bucket.tryTake()) {
                admitted++;
            } else {
                refused++;
            }
        }

        assertThat(admitted).isBetween(999L, 1_000L);
        assertThat(refused).isBetween(2_000L, 2_001L);
    }

    @Test
    void tokensRefillWithTimeOneEvery1OverNSeconds() {
        TokenBucket bucket = new TokenBucket(100, 10, now::get);
        admitted(bucket, 10);

        now.addAndGet(9 * MILLI);
        assertThat(bucket.tryTake()).isFalse();
        now.addAndGet(MILLI);
        assertThat(bucket.tryTake()).isTrue();
        assertThat(bucket.tryTake()).isFalse();
        now.addAndGet(50 * MILLI);
        assertThat(admitted(bucket, 10)).isEqualTo(5);
    }

    @Test
    void aPauseRefillsAtMostTheBurst() {
        TokenBucket bucket = new TokenBucket(100, 10, now::get);
        admitted(bucket, 10);

        now.addAndGet(60_000 * MILLI);

        assertThat(admitted(bucket, 100)).isEqualTo(10);
    }

    @Test
    void theDefaultBurstIsATenthOfASecondsWorthAndAtLeastOne() {
        assertThat(TokenBucket.defaultBurst(100)).isEqualTo(10);
        assertThat(TokenBucket.defaultBurst(5)).isEqualTo(1);
        assertThat(TokenBucket.defaultBurst(0.5)).isEqualTo(1);
    }

    @Test
    void aRateOf0OrABurstBelow1IsRefused() {
        assertThatThrownBy(() -> new TokenBucket(0, 1, now::get)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TokenBucket(10, 0, now::get)).isInstanceOf(IllegalArgumentException.class);
    }
}
