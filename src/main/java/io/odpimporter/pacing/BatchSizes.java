package io.odpimporter.pacing;

import io.odpimporter.domain.StoreRecord;
import io.odpimporter.metrics.PipelineMetrics;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.LongSupplier;

/**
 * The batch size ODP (or a proxy before it) takes, remembered per (ODP host, target: an object type, or events)
 * after a 413 (Payload Too Large), so the next batches are built small enough instead of being refused and halved again
 * (docs/architecture.md §4.5):
 * <ul>
 *   <li>a batch of n records as the sink built it refused with 413 (n at most the current size: a batch built before
 *       an earlier 413 tells nothing new) lowers the size to n/2, the half the split sends first;</li>
 *   <li>a batch of m records accepted after that raises it to m while m is below n: the size is the largest accepted
 *       since the 413;</li>
 *   <li>a 413 at the remembered size lowers it further. A part of a split refused again does not: it may hold one
 *       record too large for any batch (retried alone as a configuration fault), which a smaller size would not
 *       cure;</li>
 *   <li>every {@code importer.sink.batch-size-regrow} after its last change the size doubles, up to
 *       {@code batch-size}: a limit that was raised, or a 413 caused by one huge record, does not shrink batches
 *       for good. Doubling reaches {@code batch-size} from 1 in at most 9 steps; where the limit stays, each step
 *       costs one refused request per interval.</li>
 * </ul>
 * Time is monotonic ({@code nanoTime}); the size grows when it is read (the sink reads it for every batch, the
 * gauge at each scrape), so no timer or thread is needed. Thread-safe.
 */
public final class BatchSizes {

    private static final Logger LOG = Logger.getLogger(BatchSizes.class);

    private final int batchSize;
    private final long regrowNanos;
    private final String regrowText;
    private final LongSupplier nanoTime;
    private final PipelineMetrics metrics;
    private final ConcurrentMap<Key, Size> sizes = new ConcurrentHashMap<>();

    private record Key(String host, StoreRecord.Target target) {}

    /**
     * The name of a target in {@code /status} and the gauge's {@code object_type} tag.
     *
     * @return objects: the object type; events: {@code events}
     */
    public static String label(StoreRecord.Target target) {
        return target.kind() == StoreRecord.Target.Kind.EVENTS ? "events" : target.objectType();
    }

    /**
     * What is remembered of a target, for {@code /status}.
     *
     * @param records   the most records a batch holds now
     * @param regrowsIn how long until it doubles (whole seconds, rounded up), or null while it is {@code batch-size}
     */
    public record Limit(int records, Duration regrowsIn) {}

    /**
     * @param batchSize {@code importer.sink.batch-size}: the most records a batch ever holds
     * @param regrow    {@code importer.sink.batch-size-regrow}: how often a lowered size doubles
     * @param nanoTime  monotonic time in nanoseconds
     * @param metrics   where each (host, target)'s size is a gauge
     */
    public BatchSizes(int batchSize, Duration regrow, LongSupplier nanoTime, PipelineMetrics metrics) {
        this.batchSize = batchSize;
        this.regrowNanos = Math.max(1, regrow.toNanos());
        this.regrowText = text(regrow);
        this.nanoTime = nanoTime;
        this.metrics = metrics;
    }

    /** @return the sizes of the targets sent to one ODP host */
    public Host host(String host) {
        return new Host(host);
    }

    /** The sizes of the targets sent to one ODP host. */
    public final class Host {

        private final String host;

        private Host(String host) {
            this.host = host;
        }

        /** @return the most records a batch for {@code target} holds now (1 to {@code batch-size}) */
        public int current(StoreRecord.Target target) {
            return size(target).current(nanoTime.getAsLong());
        }

        /** A batch of {@code records} as the sink built it (not a part of a split) was refused with 413. */
        public void refused(StoreRecord.Target target, int records) {
            size(target).refused(records, nanoTime.getAsLong());
        }

        /** A batch (or a part of one) of {@code records} was accepted. */
        public void accepted(StoreRecord.Target target, int records) {
            size(target).accepted(records, nanoTime.getAsLong());
        }

        /** @return each target seen, by its {@link BatchSizes#label}, and what is remembered of it */
        public Map<String, Limit> limits() {
            long now = nanoTime.getAsLong();
            Map<String, Limit> limits = new TreeMap<>();
            sizes.forEach((key, size) -> {
                if (key.host().equals(host)) {
                    limits.put(label(key.target()), size.limit(now));
                }
            });
            return limits;
        }

        private Size size(StoreRecord.Target target) {
            Key key = new Key(host, target);
            Size size = sizes.get(key);
            if (size != null) {
                return size;
            }
            Size created = new Size(label(target), nanoTime.getAsLong());
            size = sizes.putIfAbsent(key, created);
            if (size != null) {
                return size;
            }
            metrics.batchLimit(host, label(target), () -> created.current(nanoTime.getAsLong()));
            return created;
        }
    }

    /** One target's size. */
    private final class Size {

        private final String objectType;
        private int records = batchSize;
        /** The size of the last batch refused with 413 that lowered the size, or 0 once it grew again. */
        private int refusedAt;
        /** When the size was last lowered or doubled. */
        private long changedAt;

        Size(String objectType, long now) {
            this.objectType = objectType;
            this.changedAt = now;
        }

        synchronized int current(long now) {
            regrow(now);
            return records;
        }

        synchronized Limit limit(long now) {
            regrow(now);
            if (records == batchSize) {
                return new Limit(records, null);
            }
            long seconds = (regrowNanos - (now - changedAt) + 999_999_999) / 1_000_000_000;
            return new Limit(records, Duration.ofSeconds(seconds));
        }

        synchronized void refused(int refused, long now) {
            regrow(now);
            if (refused < 2 || refused > records) {
                return; // one record is no size to go by; a larger batch was built before the size fell
            }
            records = refused / 2;
            refusedAt = refused;
            changedAt = now;
            LOG.infof(
                    "ODP refused a batch of %d records with 413; batches of %s now hold at most %d records, "
                            + "growing back every %s",
                    refused, objectType, records, regrowText);
        }

        synchronized void accepted(int accepted, long now) {
            regrow(now);
            if (refusedAt > 0 && accepted > records && accepted < refusedAt) {
                records = accepted;
                LOG.debugf(
                        "ODP accepted a batch of %s records after a 413: batches of %s now hold at most that many",
                        Integer.toString(accepted), objectType);
            }
        }

        /** Doubles the size for each {@code batch-size-regrow} since its last change, up to batch-size. */
        private void regrow(long now) {
            if (records == batchSize) {
                return;
            }
            long steps = (now - changedAt) / regrowNanos;
            if (steps <= 0) {
                return;
            }
            records = (int) Math.min(batchSize, (long) records << Math.min(steps, 31));
            refusedAt = 0;
            changedAt += steps * regrowNanos;
            if (records == batchSize) {
                LOG.infof("Batches of %s hold %d records again (importer.sink.batch-size)", objectType, records);
            } else {
                LOG.debugf("Batches of %s now hold at most %d records (growing back)", objectType, records);
            }
        }
    }

    /** @return {@code 5m}, {@code 30s}, {@code 1h} or {@code 250ms}, as the configuration writes durations */
    private static String text(Duration duration) {
        long millis = duration.toMillis();
        if (millis % 3_600_000 == 0 && millis > 0) {
            return millis / 3_600_000 + "h";
        }
        if (millis % 60_000 == 0 && millis > 0) {
            return millis / 60_000 + "m";
        }
        if (millis % 1000 == 0 && millis > 0) {
            return millis / 1000 + "s";
        }
        return millis + "ms";
    }
}
