package io.odpimporter.pacing;

/**
 * Pacing within a round trip (docs/architecture.md §4.7), as TCP pacing does: request starts are spaced by the
 * smoothed round trip / the limit, so a window of {@code limit} requests leaves spread over a round trip instead of
 * in one clump (a token bucket with a small burst refuses a clump even when the average rate is under its rate).
 * The round trip is smoothed as TCP's SRTT (RFC 6298: 7/8 old + 1/8 new), from 2xx answers, send to answer. A
 * spacing under {@link #MIN_SPACING_NANOS} is not applied: a timer cannot wait less, and it means over 1,000
 * requests/s (100,000 records/s), past what one replica sends; so at ~0 ms latency nothing is spaced. Not
 * thread-safe: {@link AccountPacing} calls it holding its lock.
 */
final class StartSpacing {

    /** The shortest spacing applied, 1 ms: shorter ones are not (a timer's resolution). */
    static final long MIN_SPACING_NANOS = 1_000_000L;

    /** The smoothed round trip, 0 until the first 2xx answer (nothing is spaced before). */
    private long srttNanos;
    /** The earliest start of the next request ({@code nanoTime}). */
    private long nextStartNanos;

    private boolean started;

    /** A 2xx answer's round trip, send to answer. */
    void sample(long rttNanos) {
        if (rttNanos < 0) {
            return;
        }
        srttNanos = srttNanos == 0 ? Math.max(1, rttNanos) : srttNanos + (rttNanos - srttNanos) / 8;
    }

    /** @return the smoothed round trip in nanoseconds, 0 before the first sample */
    long srttNanos() {
        return srttNanos;
    }

    /** @return the spacing of request starts at this limit, 0 for none */
    long spacingNanos(int limit) {
        long spacing = srttNanos / Math.max(1, limit);
        return spacing < MIN_SPACING_NANOS ? 0 : spacing;
    }

    /** @return nanoseconds until the next request may start, 0 if now */
    long waitNanos(long now, int limit) {
        if (!started || spacingNanos(limit) == 0) {
            return 0;
        }
        return Math.max(0, nextStartNanos - now);
    }

    /**
     * A request starts now. The next one may start one spacing after this one's slot: a start late by less than a
     * spacing (a timer fires a little late) keeps the schedule, so lateness does not lower the rate; a later one
     * (the sink was idle) starts a new schedule, so no credit builds up and never two start at once.
     */
    void startedAt(long now, int limit) {
        long spacing = spacingNanos(limit);
        boolean onSchedule = started && now - nextStartNanos < spacing && now - nextStartNanos >= 0;
        nextStartNanos = (onSchedule ? nextStartNanos : now) + spacing;
        started = true;
    }
}
