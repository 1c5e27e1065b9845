package io.odpimporter.testing;

import java.util.function.LongSupplier;

/**
 * A token bucket: {@code perSecond} tokens a second, at most {@code burst} kept, full at the start. Each admitted
 * request takes one token; with none left it is refused. Kept in whole nanoseconds (the bucket's "theoretical
 * arrival time", so no rounding drifts): a request is admitted when the bucket's debt, the time until it is full
 * again, leaves room for one more token. Time comes from a nanosecond clock (so tests control it).
 */
public final class TokenBucket {

    private final double perSecond;
    private final int burst;
    private final long interval;
    private final LongSupplier nanoClock;
    private long full;

    /**
     * @param perSecond tokens added a second, more than 0
     * @param burst the most tokens kept (requests admitted at once after a pause), at least 1
     * @param nanoClock the time in nanoseconds, as {@link System#nanoTime()}
     */
    public TokenBucket(double perSecond, int burst, LongSupplier nanoClock) {
        if (!(perSecond > 0) || burst < 1) {
            throw new IllegalArgumentException(
                    "perSecond must be > 0 and burst >= 1, got " + perSecond + " and " + burst);
        }
        this.perSecond = perSecond;
        this.burst = burst;
        this.interval = Math.max(1, Math.round(1_000_000_000d / perSecond));
        this.nanoClock = nanoClock;
        this.full = nanoClock.getAsLong();
    }

    /** @return the default burst for a rate: a tenth of a second's worth, at least 1 */
    public static int defaultBurst(double perSecond) {
        return (int) Math.max(1, Math.round(perSecond / 10));
    }

    /** @return whether a request is admitted now (it then took a token) */
    public synchronized boolean tryTake() {
        long now = nanoClock.getAsLong();
        long from = Math.max(full, now);
        if (from - now > (burst - 1) * interval) {
            return false;
        }
        full = from + interval;
        return true;
    }

    public double perSecond() {
        return perSecond;
    }

    public int burst() {
        return burst;
    }
}
