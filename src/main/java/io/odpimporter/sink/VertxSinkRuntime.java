package io.odpimporter.sink;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Vertx;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executor;
import java.util.function.LongConsumer;

/**
 * The service's {@link SinkRuntime}: Vert.x timers, Mutiny delays and Mutiny's backoff ({@code retry-initial-backoff}
 * up to {@code retry-max-backoff}, jitter 0.2), answers handled on Mutiny's default worker pool.
 */
final class VertxSinkRuntime implements SinkRuntime {

    private final Vertx vertx;
    private final Duration initialBackoff;
    private final Duration maxBackoff;

    VertxSinkRuntime(Vertx vertx, Duration initialBackoff, Duration maxBackoff) {
        this.vertx = vertx;
        this.initialBackoff = initialBackoff;
        this.maxBackoff = maxBackoff;
    }

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }

    @Override
    public Instant now() {
        return Instant.now();
    }

    @Override
    public Uni<Void> sleep(Duration wait) {
        return Uni.createFrom().voidItem().onItem().delayIt().by(wait);
    }

    @Override
    public long setTimer(long millis, LongConsumer expired) {
        return vertx.setTimer(millis, expired::accept);
    }

    @Override
    public void cancelTimer(long id) {
        vertx.cancelTimer(id);
    }

    @Override
    public <T> Uni<T> retried(Uni<T> attempt) {
        return attempt.onFailure()
                .retry()
                .withBackOff(initialBackoff, maxBackoff)
                .withJitter(0.2)
                .indefinitely();
    }

    @Override
    public Executor afterAnswers() {
        return Infrastructure.getDefaultWorkerPool();
    }
}
