package io.odpimporter.sink;

import io.odpimporter.domain.StoreRecord;
import io.odpimporter.health.OdpWellness;
import io.odpimporter.metrics.PipelineMetrics;

import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * The sink's state for health, metrics and {@code /status}: paused while any batch retries a configuration fault
 * (401/403/404, or one record refused with 413), retrying while any batch is between a failed attempt and ODP's
 * next 2xx/400, else flowing. A configuration fault's begin and end are told to the {@link Listener} once (for the
 * activity log), each faulted answer and each judging answer while no batch is faulted (for the wellness check).
 */
final class SinkState {

    /** Who hears of configuration faults. */
    interface Listener {

        /** The first batch got a configuration fault at {@code since}. */
        void faultBegan(int status, String reason, StoreRecord.Target target, Instant since);

        /** The last faulted batch got a 2xx/400 answer {@code status}; the fault had begun at {@code since}. */
        void faultOver(int status, Instant since);

        /** A batch got a configuration fault (each time). */
        void configurationFault(String reason);

        /** ODP accepted or judged a batch and no batch is faulted. */
        void odpAnswered();
    }

    private final Listener listener;
    private final Supplier<Instant> clock;
    /** Batches retrying a configuration fault right now. */
    private final AtomicInteger faultedBatches = new AtomicInteger();
    /** Batches between a failed attempt and ODP's next 2xx/400 right now. */
    private final AtomicInteger retryingBatches = new AtomicInteger();
    /** The reason of the last failed ODP attempt that is retried. */
    private final AtomicReference<String> lastRetryReason = new AtomicReference<>();
    /** When the current configuration fault began (its activity entries share it), or null. */
    private volatile Instant faultSince;

    SinkState(Listener listener, Supplier<Instant> clock) {
        this.listener = listener;
        this.clock = clock;
    }

    /** @return paused while a configuration fault is retried, retrying while a batch is, else flowing */
    PipelineMetrics.SinkState state() {
        return faultedBatches.get() > 0
                ? PipelineMetrics.SinkState.PAUSED
                : retryingBatches.get() > 0 ? PipelineMetrics.SinkState.RETRYING : PipelineMetrics.SinkState.FLOWING;
    }

    /**
     * @param fault the configuration fault the wellness check reports, if any
     * @return the state, and why: the fault's answer and begin while paused, else the last retry's reason
     */
    BatchingSink.Status status(Optional<OdpWellness.Fault> fault) {
        PipelineMetrics.SinkState state = state();
        return switch (state) {
            case FLOWING -> new BatchingSink.Status(state, null, null);
            case RETRYING -> new BatchingSink.Status(state, lastRetryReason.get(), null);
            case PAUSED ->
                fault.map(f -> new BatchingSink.Status(state, f.answer(), f.since()))
                        .orElseGet(() -> new BatchingSink.Status(state, lastRetryReason.get(), null));
        };
    }

    /** @return a new batch's part in the state (one per batch, across its attempts) */
    Batch batch() {
        return new Batch();
    }

    /** One batch's attempts: whether it is counted as faulted or retrying right now. */
    final class Batch {

        private final AtomicBoolean faulted = new AtomicBoolean();
        private final AtomicBoolean retrying = new AtomicBoolean();

        private Batch() {}

        /** ODP accepted or judged (2xx or 400/413) the batch: it retries no longer. */
        void answered(int status) {
            if (retrying.getAndSet(false)) {
                retryingBatches.decrementAndGet();
            }
            boolean wasFaulted = faulted.getAndSet(false);
            int stillFaulted = wasFaulted ? faultedBatches.decrementAndGet() : faultedBatches.get();
            if (wasFaulted && stillFaulted == 0) {
                listener.faultOver(status, faultSince);
            }
            if (stillFaulted == 0) {
                listener.odpAnswered();
            }
        }

        /** ODP refused the batch as a configuration fault (it is retried). */
        void configurationFault(int status, String reason, StoreRecord.Target target) {
            if (!faulted.getAndSet(true) && faultedBatches.incrementAndGet() == 1) {
                Instant since = clock.get();
                faultSince = since;
                listener.faultBegan(status, reason, target, since);
            }
            listener.configurationFault(reason);
        }

        /** An attempt failed and is retried. */
        void failed(String reason) {
            lastRetryReason.set(reason);
            if (!retrying.getAndSet(true)) {
                retryingBatches.incrementAndGet();
            }
        }
    }
}
