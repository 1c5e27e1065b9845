package io.odpimporter.kafka;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Base of the in-memory views of our state topics. A subclass consumes its topic from the beginning through a
 * SmallRye channel (a group of its own per instance, nothing committed) and calls {@link #applied} after each
 * record. {@link #awaitCaughtUp} waits until everything written to the topic before the call has been applied:
 * that is how a sweep reads "its view of the ledger up to the end offsets" (docs/architecture.md §5.1).
 */
public abstract class TopicView {

    private final Admin admin;
    private final String topic;
    private final Map<Integer, Long> nextOffsets = new ConcurrentHashMap<>();
    private final Object progress = new Object();

    protected TopicView(Admin admin, String topic) {
        this.admin = admin;
        this.topic = topic;
    }

    /** Records that {@code record} has been applied to the view. */
    protected void applied(ConsumerRecord<?, ?> record) {
        nextOffsets.merge(record.partition(), record.offset() + 1, Math::max);
        synchronized (progress) {
            progress.notifyAll();
        }
    }

    /**
     * Blocks until every record in the topic at the time of the call has been applied.
     *
     * @param timeout how long to wait at most
     * @throws ViewNotReadyException if the view did not catch up within {@code timeout} or Kafka could not be asked
     */
    public void awaitCaughtUp(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<Integer, long[]> bounds = endOffsets(timeout);
        synchronized (progress) {
            while (!caughtUp(bounds)) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new ViewNotReadyException("The view of " + topic + " did not catch up within " + timeout
                            + " (applied up to " + nextOffsets + ", end offsets " + describe(bounds) + ")");
                }
                try {
                    progress.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new ViewNotReadyException("Interrupted while waiting for the view of " + topic);
                }
            }
        }
    }

    private boolean caughtUp(Map<Integer, long[]> bounds) {
        for (Map.Entry<Integer, long[]> e : bounds.entrySet()) {
            long earliest = e.getValue()[0];
            long end = e.getValue()[1];
            long next = nextOffsets.getOrDefault(e.getKey(), earliest);
            // the last record of a partition is never compacted away, so reaching end means all was read
            if (end > earliest && next < end) {
                return false;
            }
        }
        return true;
    }

    private Map<Integer, long[]> endOffsets(Duration timeout) {
        try {
            TopicDescription description = admin.describeTopics(List.of(topic))
                    .topicNameValues()
                    .get(topic)
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
            description.partitions().forEach(p -> {
                latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest());
                earliest.put(new TopicPartition(topic, p.partition()), OffsetSpec.earliest());
            });
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends =
                    admin.listOffsets(latest).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> starts =
                    admin.listOffsets(earliest).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            Map<Integer, long[]> bounds = new HashMap<>();
            ends.forEach((tp, info) ->
                    bounds.put(tp.partition(), new long[] {starts.get(tp).offset(), info.offset()}));
            return bounds;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ViewNotReadyException("Interrupted while reading the end offsets of " + topic);
        } catch (ExecutionException | TimeoutException e) {
            throw new ViewNotReadyException("Cannot read the end offsets of " + topic + ": " + e);
        }
    }

    private static String describe(Map<Integer, long[]> bounds) {
        StringBuilder sb = new StringBuilder("{");
        bounds.forEach((p, b) ->
                sb.append(p).append('=').append(b[0]).append("..").append(b[1]).append(' '));
        return sb.append('}').toString();
    }

    /** The view could not catch up with its topic (Kafka slow or unreachable). */
    public static class ViewNotReadyException extends RuntimeException {
        public ViewNotReadyException(String message) {
            super(message);
        }
    }
}
