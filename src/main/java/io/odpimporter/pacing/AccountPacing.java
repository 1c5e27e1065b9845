package io.odpimporter.pacing;

import com.netflix.concurrency.limits.Limiter;
import com.netflix.concurrency.limits.limit.AIMDLimit;
import com.netflix.concurrency.limits.limiter.SimpleLimiter;
import io.odpimporter.metrics.PipelineMetrics;
import io.smallrye.mutiny.Uni;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The pacing of one ODP account (host and API key), shared by every sink target of that account: an adaptive limit
 * on its requests in flight (docs/architecture.md §4.7). The limit is Netflix concurrency-limits' {@link AIMDLimit}
 * behind its non-blocking {@link SimpleLimiter}, between 1 and {@code max-in-flight}, fed as TCP's congestion
 * avoidance: +1 per window of {@code limit} 2xx answers (about one round trip; the library's AIMD alone adds 1 per
 * 2xx, which against a rate limit keeps about a third of the requests refused), ×0.9 on a 429, 503 or timeout
 * ({@link Outcome}), once per window: a request sent before the last decrease does not decrease it again (one
 * overshoot answers several 429s). Other samples are told to the library as ignored. AIMD, not a latency-based
 * limit (Vegas, Gradient): ODP's only overload signals are 429/503/timeouts, and a latency-based limit would read
 * our own CPU contention (ODP answering in 0 ms on 2 shared cores) as congestion and shrink for nothing; AIMD never
 * shrinks without one of those signals. Its RTT timeout is turned off: a timeout is the HTTP client's read timeout,
 * told as {@link Outcome#TIMEOUT}.
 *
 * <p>A request holds a {@link Permit} from its send to ODP's answer. {@link #tryAcquire} never waits (a sink calls
 * it for a batch whose keys are free); {@link #permit} waits without a thread (a retry); permits freed go first to
 * the waiting retries, oldest first, then every sink of the account is woken ({@link #onPermitFree}). The API key
 * is never shown: this class knows only the host.
 *
 * <p>Starts are paced within a round trip ({@link StartSpacing}): a permit is given only at the account's next start
 * slot, one every smoothed round trip / limit. A sink or retry turned away for its slot is woken then, by a timer of
 * a sink's runtime ({@link SlotTimer}): no thread, no poll loop.
 */
public final class AccountPacing {

    private static final Logger LOG = Logger.getLogger(AccountPacing.class);

    /** The limit's RTT timeout, turned off: ODP's read timeout (an explicit {@link Outcome#TIMEOUT}) stands for it. */
    private static final Duration NO_RTT_TIMEOUT = Duration.ofDays(1);

    /**
     * The limit's bounds.
     *
     * @param initial the limit at the start ({@code importer.sink.initial-limit}), capped by {@code max}
     * @param max     the most requests in flight ({@code importer.sink.max-in-flight})
     */
    public record Limits(int initial, int max) {}

    /** A sink's one-shot timer (its runtime's): wakes the account at its next start slot. */
    @FunctionalInterface
    public interface SlotTimer {

        /** Runs {@code action} once, {@code millis} from now, off the caller's thread. */
        void after(long millis, Runnable action);
    }

    /**
     * The account's pacing now, for {@code /status}.
     *
     * @param host       the ODP host (never the key)
     * @param limit      requests allowed in flight now
     * @param inFlight   requests in flight now
     * @param max        the most the limit can grow to
     * @param lastChange the limit's last change, null while it is the initial one
     * @param decreases  decreases so far by reason ({@code 429}, {@code 503}, {@code timeout})
     */
    public record Snapshot(
            String host, int limit, int inFlight, int max, LimitChange lastChange, Map<String, Long> decreases) {}

    private final String host;
    private final int max;
    private final SimpleLimiter<Void> limiter;
    private final Supplier<Instant> clock;
    private final LongSupplier nanoClock;
    private final PipelineMetrics metrics;
    private final StartSpacing spacing = new StartSpacing();
    /** The first sink's timer: any sink's wakes the account. */
    private volatile SlotTimer slotTimer;
    /** Whether a timer is set for the next start slot. */
    private boolean slotTimerSet;
    /** Retries waiting for a permit, oldest first; served before any sink's new batch. */
    private final Deque<CompletableFuture<Permit>> waiting = new ArrayDeque<>();
    /** Each sink of the account: woken when a permit may be free. */
    private final List<Runnable> wakers = new CopyOnWriteArrayList<>();

    private final Map<LimitChange.Reason, Long> decreases = new EnumMap<>(LimitChange.Reason.class);
    private LimitChange lastChange;
    /** 2xx answers since the limit last grew or shrank: it grows once they reach the limit. */
    private int successes;
    /** Decreases so far: a drop shrinks the limit only if its request was sent after the last one. */
    private long epoch;
    /** The limit the last decrease shrank, 0 before the first: from there on the limit grows half as fast. */
    private int lastDecreaseFrom;

    /**
     * @param host      the ODP host, as shown in metrics, logs and {@code /status}
     * @param nanoClock monotonic time for the limiter
     * @param clock     wall-clock time for {@link LimitChange#at()}
     */
    public AccountPacing(
            String host, Limits limits, LongSupplier nanoClock, Supplier<Instant> clock, PipelineMetrics metrics) {
        this.host = host;
        this.max = limits.max();
        this.clock = clock;
        this.nanoClock = nanoClock;
        this.metrics = metrics;
        int initial = Math.min(limits.initial(), limits.max());
        AIMDLimit limit = AIMDLimit.newBuilder()
                .initialLimit(initial)
                .minLimit(1)
                .maxLimit(limits.max())
                .timeout(NO_RTT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                .build();
        this.limiter = SimpleLimiter.newBuilder()
                .named("odp-" + host)
                .limit(limit)
                .nanoClock(nanoClock)
                .build();
        if (initial < limits.initial()) {
            lastChange = new LimitChange(clock.get(), limits.initial(), initial, LimitChange.Reason.CAP);
        }
        metrics.sinkLimit(host, limiter::getLimit, limiter::getInflight);
    }

    /** @return the ODP host this pacing is for */
    public String host() {
        return host;
    }

    /** @return requests allowed in flight now */
    public int limit() {
        return limiter.getLimit();
    }

    /** @return requests in flight now */
    public int inFlight() {
        return limiter.getInflight();
    }

    /**
     * A sink of the account.
     *
     * @param wake  called (on the releasing thread, or the timer's) after a permit was released or at a start slot:
     *              the sink sends what it can
     * @param timer the sink's timer, to wake the account at its next start slot
     */
    public void onPermitFree(Runnable wake, SlotTimer timer) {
        wakers.add(wake);
        if (slotTimer == null) {
            slotTimer = timer;
        }
    }

    /** @return a permit now, if one is free, its start slot has come and no retry waits for one; never waits */
    public Optional<Permit> tryAcquire() {
        synchronized (this) {
            return waiting.isEmpty() ? acquireNow() : Optional.empty();
        }
    }

    /** @return the spacing of request starts now (smoothed round trip / limit), zero when none is applied */
    public synchronized Duration spacing() {
        return Duration.ofNanos(spacing.spacingNanos(limiter.getLimit()));
    }

    /** @return the smoothed round trip of 2xx answers, zero before the first */
    public synchronized Duration smoothedRoundTrip() {
        return Duration.ofNanos(spacing.srttNanos());
    }

    /** @return a permit, as soon as one is free (without holding a thread meanwhile); retries use it */
    public Uni<Permit> permit() {
        CompletableFuture<Permit> later = new CompletableFuture<>();
        synchronized (this) {
            if (waiting.isEmpty()) {
                Optional<Permit> now = acquireNow();
                if (now.isPresent()) {
                    return Uni.createFrom().item(now.get());
                }
            }
            waiting.add(later);
        }
        return Uni.createFrom().completionStage(later);
    }

    /** @return the pacing now */
    public synchronized Snapshot snapshot() {
        Map<String, Long> byReason = new LinkedHashMap<>();
        decreases.forEach((reason, count) -> byReason.put(reason.label(), count));
        return new Snapshot(host, limiter.getLimit(), limiter.getInflight(), max, lastChange, byReason);
    }

    @Override
    public String toString() {
        return "AccountPacing[" + host + ", limit " + limiter.getLimit() + "]";
    }

    /**
     * @return the 2xx answers that grow the limit by one: a window of {@code limit}, two windows from the limit the
     *         last decrease shrank on (probing slower where ODP refused before, as TCP CUBIC does)
     */
    private int window(int limit) {
        return lastDecreaseFrom > 0 && limit >= lastDecreaseFrom ? 2 * limit : limit;
    }

    /**
     * A permit, if one is free and the start slot has come; if only the slot is missing, a timer wakes the account
     * then. Caller holds this object's lock.
     */
    private Optional<Permit> acquireNow() {
        long now = nanoClock.getAsLong();
        long wait = spacing.waitNanos(now, limiter.getLimit());
        if (wait > 0) {
            if (limiter.getInflight() < limiter.getLimit()) {
                wakeAtSlot(wait);
            } // else a released permit wakes the account
            return Optional.empty();
        }
        Optional<Permit> permit = limiter.acquire(null).map(listener -> new Permit(listener, epoch, now));
        permit.ifPresent(p -> spacing.startedAt(now, limiter.getLimit()));
        return permit;
    }

    /** Sets the timer for the next start slot, unless it is set. Caller holds this object's lock. */
    private void wakeAtSlot(long waitNanos) {
        SlotTimer timer = slotTimer;
        if (slotTimerSet || timer == null) {
            return;
        }
        slotTimerSet = true;
        timer.after(Math.max(1, (waitNanos + 999_999) / 1_000_000), this::slotCame);
    }

    /** The next start slot came: the oldest waiting retry starts, or else a sink does. */
    private void slotCame() {
        List<Map.Entry<CompletableFuture<Permit>, Permit>> served;
        synchronized (this) {
            slotTimerSet = false;
            served = serveWaiting();
        }
        served.forEach(s -> s.getKey().complete(s.getValue()));
        wakers.forEach(Runnable::run);
    }

    /** @return the waiting retries given a permit now, oldest first. Caller holds this object's lock. */
    private List<Map.Entry<CompletableFuture<Permit>, Permit>> serveWaiting() {
        List<Map.Entry<CompletableFuture<Permit>, Permit>> served = new ArrayList<>();
        while (!waiting.isEmpty()) {
            Optional<Permit> next = acquireNow();
            if (next.isEmpty()) {
                break;
            }
            served.add(Map.entry(waiting.poll(), next.get()));
        }
        return served;
    }

    private void released(Limiter.Listener listener, long sentInEpoch, long sentAt, Outcome outcome) {
        LimitChange change = null;
        List<Map.Entry<CompletableFuture<Permit>, Permit>> served;
        synchronized (this) {
            int before = limiter.getLimit();
            switch (outcome) {
                case ACCEPTED -> {
                    spacing.sample(nanoClock.getAsLong() - sentAt);
                    if (++successes >= window(before)) {
                        successes = 0;
                        listener.onSuccess(); // +1 if at least half the limit was in flight
                    } else {
                        listener.onIgnore();
                    }
                }
                case TOO_MANY_REQUESTS, UNAVAILABLE, TIMEOUT -> {
                    if (sentInEpoch == epoch) {
                        lastDecreaseFrom = before;
                        epoch++;
                        successes = 0;
                        listener.onDropped();
                    } else {
                        listener.onIgnore(); // sent before the last decrease: already answered by it
                    }
                }
                case IGNORED -> listener.onIgnore();
            }
            int after = limiter.getLimit();
            if (after != before) {
                LimitChange.Reason reason = after > before ? LimitChange.Reason.GREW : outcome.shrinks();
                change = new LimitChange(clock.get(), before, after, reason);
                lastChange = change;
                if (after < before) {
                    decreases.merge(reason, 1L, Long::sum);
                }
            }
            served = serveWaiting();
        }
        if (change != null && change.to() < change.from()) {
            LOG.infof(
                    "ODP at %s %s: requests in flight limited to %d (was %d)",
                    host, change.reason().description(), change.to(), change.from());
            metrics.sinkLimitDecreased(host, change.reason().label());
        }
        served.forEach(s -> s.getKey().complete(s.getValue()));
        wakers.forEach(Runnable::run);
    }

    /** One request's right to be in flight: released once, when ODP answered (or the request was not sent). */
    public final class Permit {

        private final Limiter.Listener listener;
        private final long epoch;
        /** When it was given ({@code nanoTime}): the request starts then, its round trip runs from there. */
        private final long startedAt;

        private final AtomicBoolean released = new AtomicBoolean();

        private Permit(Limiter.Listener listener, long epoch, long startedAt) {
            this.listener = listener;
            this.epoch = epoch;
            this.startedAt = startedAt;
        }

        /** Gives the permit back; the outcome adjusts the limit. Later calls do nothing. */
        public void release(Outcome outcome) {
            if (released.compareAndSet(false, true)) {
                released(listener, epoch, startedAt, outcome);
            }
        }
    }
}
