package io.odpimporter.sink;

import io.smallrye.mutiny.Uni;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executor;
import java.util.function.LongConsumer;

/**
 * What the sink's parts need of time and threads: in the service Vert.x timers and Mutiny's delays, backoff and
 * worker pool ({@link VertxSinkRuntime}); in a unit test a fake clock the test moves by hand.
 */
interface SinkRuntime {

    /** @return monotonic time in nanoseconds ({@link System#nanoTime()}) */
    long nanoTime();

    /** @return wall-clock time */
    Instant now();

    /** @return completes {@code wait} from now */
    Uni<Void> sleep(Duration wait);

    /**
     * Starts a one-shot timer.
     *
     * @return the timer's id, for {@link #cancelTimer}
     */
    long setTimer(long millis, LongConsumer expired);

    void cancelTimer(long id);

    /** @return {@code attempt}, subscribed again after each failure with exponential backoff and jitter, forever */
    <T> Uni<T> retried(Uni<T> attempt);

    /** @return where the sink goes on after ODP answered (off the HTTP client's event loop) */
    Executor afterAnswers();
}
