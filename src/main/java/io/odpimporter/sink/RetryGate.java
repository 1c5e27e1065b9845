package io.odpimporter.sink;

import io.odpimporter.odp.OdpAnswer;
import io.smallrye.mutiny.Uni;

import java.time.Duration;
import java.util.Optional;

/**
 * When the next ODP request may start: after the shared gate opens (a 429 or 503 with {@code Retry-After} closes it
 * for the whole sink, not just the request that got the answer, at most {@code retry-after-cap}), and at least
 * 1/{@code max-request-rate} seconds after the previous request's start, retries included. Monotonic time: a
 * wall-clock step does not stall the sink.
 */
final class RetryGate {

    private final SinkRuntime runtime;
    private final double maxRequestRate;
    private final Duration retryAfterCap;
    /** No request leaves before this instant ({@link SinkRuntime#nanoTime()}). */
    private long opensAtNanos;
    /** The earliest time the next request may start under {@code max-request-rate}. */
    private long nextSlotNanos;

    /** @param maxRequestRate requests per second, 0 for no limit */
    RetryGate(SinkRuntime runtime, double maxRequestRate, Duration retryAfterCap) {
        this.runtime = runtime;
        this.maxRequestRate = maxRequestRate;
        this.retryAfterCap = retryAfterCap;
        this.opensAtNanos = runtime.nanoTime();
        this.nextSlotNanos = opensAtNanos;
    }

    /**
     * Reserves the start time of one request. If the gate closed while this request waited for its slot, it waits
     * for the gate (and a new slot) again.
     *
     * @return completes at that time (rounded up to a millisecond: never early)
     */
    Uni<Void> passage() {
        long now = runtime.nanoTime();
        long waitNanos = reserve(now);
        if (waitNanos <= 0) {
            return Uni.createFrom().voidItem();
        }
        long waitMillis = (waitNanos + 999_999) / 1_000_000;
        return runtime.sleep(Duration.ofMillis(waitMillis))
                .chain(() -> closed(runtime.nanoTime())
                        ? passage()
                        : Uni.createFrom().voidItem());
    }

    /**
     * Closes the gate for a 429 or 503 answer's {@code Retry-After} (delay-seconds or an HTTP-date), unless it is
     * closed longer already.
     *
     * @return how long the gate is closed from now, if this answer closed it (longer)
     */
    Optional<Duration> answered(int status, String retryAfter) {
        if (status != 429 && status != 503) {
            return Optional.empty();
        }
        return OdpAnswer.retryAfter(retryAfter, retryAfterCap, runtime.now()).filter(wait -> {
            long until = runtime.nanoTime() + wait.toNanos();
            synchronized (this) {
                if (until - opensAtNanos > 0) {
                    opensAtNanos = until;
                    return true;
                }
                return false;
            }
        });
    }

    private synchronized long reserve(long now) {
        long start = opensAtNanos - now > 0 ? opensAtNanos : now;
        if (maxRequestRate > 0) {
            if (nextSlotNanos - start > 0) {
                start = nextSlotNanos;
            }
            nextSlotNanos = start + (long) (1_000_000_000L / maxRequestRate);
        }
        return start - now;
    }

    private synchronized boolean closed(long now) {
        return opensAtNanos - now > 0;
    }
}
