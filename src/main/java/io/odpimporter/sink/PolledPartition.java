package io.odpimporter.sink;

import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * One stores partition's records in one poll: how many are not finished yet (plus one while the poll is being
 * read), and how to acknowledge the poll's last record of the partition, which lets the partition's offsets up to
 * it be committed. Made by {@link CommitTracker#polled}.
 */
final class PolledPartition {

    private final int partition;
    private final Supplier<CompletionStage<Void>> ackLast;
    /** The partition's assignment when the poll arrived: bumped on revocation, so stale records are dropped. */
    private final long generation;

    private final boolean owned;
    private final AtomicInteger remaining = new AtomicInteger(1);

    /**
     * @param ackLast acknowledges the poll's last record of the partition; null if there is none to acknowledge
     */
    PolledPartition(int partition, Supplier<CompletionStage<Void>> ackLast, long generation, boolean owned) {
        this.partition = partition;
        this.ackLast = ackLast;
        this.generation = generation;
        this.owned = owned;
    }

    int partition() {
        return partition;
    }

    long generation() {
        return generation;
    }

    /** @return whether the partition was assigned to this consumer when the poll arrived */
    boolean owned() {
        return owned;
    }

    /** @return whether there is a last record to acknowledge */
    boolean hasLast() {
        return ackLast != null;
    }

    /** One more of the partition's records in this poll must be finished before the acknowledgement. */
    void admitOne() {
        remaining.incrementAndGet();
    }

    /** @return whether this was the last record (or the poll's reading) the acknowledgement waited for */
    boolean finishOne() {
        return remaining.decrementAndGet() == 0;
    }

    CompletionStage<Void> ackLast() {
        return ackLast.get();
    }
}
