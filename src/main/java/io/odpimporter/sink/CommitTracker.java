package io.odpimporter.sink;

import io.smallrye.mutiny.Uni;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The commit rule: the stores topic is consumed one poll at a time ({@code batch=true}); a poll's last record of a
 * partition is acknowledged to the connector (whose throttled strategy commits only contiguous acknowledged
 * offsets) once each of the poll's records of that partition is finished: answered 2xx by ODP, or parked on the
 * dead-letter topic with a Kafka acknowledgement, and its run event acknowledged. So offset n+1 is committed only
 * when everything up to n is in ODP or parked.
 *
 * <p>It also knows which stores partitions this consumer owns: a partition revoked meanwhile is never
 * acknowledged from an earlier poll (its new owner sends the records again), and its records still waiting are not
 * sent ({@link #current}).
 */
final class CommitTracker {

    /** Per stores partition: bumped when the partition is revoked, so its buffered records are dropped. */
    private final Map<Integer, Long> generations = new ConcurrentHashMap<>();

    private final Set<Integer> assigned = ConcurrentHashMap.newKeySet();

    /**
     * Starts counting a partition's records in a poll; the caller {@link #finished finishes} it once more when the
     * poll is read.
     *
     * @param ackLast acknowledges the poll's last record of the partition, or null
     */
    PolledPartition polled(int partition, Supplier<CompletionStage<Void>> ackLast) {
        return new PolledPartition(
                partition, ackLast, generations.getOrDefault(partition, 0L), assigned.contains(partition));
    }

    /** @return whether the consumer owns the partition now */
    boolean owns(int partition) {
        return assigned.contains(partition);
    }

    /** @return whether the record's partition was not revoked since it was polled */
    boolean current(Pending p) {
        return generations.getOrDefault(p.partition(), 0L) == p.polled().generation();
    }

    /** The consumer got these stores partitions. */
    void assigned(Collection<Integer> partitions) {
        assigned.addAll(partitions);
    }

    /** The consumer lost these stores partitions: nothing polled before is acknowledged or sent any more. */
    void revoked(Collection<Integer> partitions) {
        assigned.removeAll(partitions);
        partitions.forEach(p -> generations.merge(p, 1L, Long::sum));
    }

    /**
     * One of the partition's records in a poll is finished (accepted by ODP or parked): when it was the last one,
     * the poll's last record of the partition is acknowledged, unless the partition was revoked since.
     *
     * @return completes when the acknowledgement (if any) is done
     */
    Uni<Void> finished(PolledPartition part) {
        CompletionStage<Void> ack = finishOne(part);
        return ack == null ? Uni.createFrom().voidItem() : Uni.createFrom().completionStage(ack);
    }

    /** @return the acknowledgement this record's end starts, or null if none is due */
    private CompletionStage<Void> finishOne(PolledPartition part) {
        if (!part.finishOne()
                || !part.owned()
                || !part.hasLast()
                || generations.getOrDefault(part.partition(), 0L) != part.generation()) {
            return null;
        }
        return part.ackLast();
    }

    /**
     * Marks the records finished; acknowledges each poll's partition whose records are now all finished (only
     * those acknowledgements are waited for: nothing is made per record).
     */
    Uni<Void> finishedAll(Collection<Pending> records) {
        List<Uni<Void>> acks = null;
        for (Pending p : records) {
            CompletionStage<Void> ack = finishOne(p.polled());
            if (ack != null) {
                if (acks == null) {
                    acks = new ArrayList<>(2);
                }
                acks.add(Uni.createFrom().completionStage(ack));
            }
        }
        if (acks == null) {
            return Uni.createFrom().voidItem();
        }
        return acks.size() == 1
                ? acks.get(0)
                : Uni.join().all(acks).andFailFast().replaceWithVoid();
    }
}
