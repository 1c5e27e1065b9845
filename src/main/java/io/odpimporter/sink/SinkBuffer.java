package io.odpimporter.sink;

import io.smallrye.mutiny.Uni;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.IntPredicate;
import java.util.function.ToIntFunction;

/**
 * The sink's buffer and per-key order gate. Records fill an open batch of at most {@code batch-size} (less for an
 * object type while a 413 is remembered: {@code BatchSizes}, docs/architecture.md §4.5), closed when full, {@code linger} after its first record, or when a record's primary key is in it already or its object type
 * differs (a batch never holds one key twice). Closed batches are sent oldest first, at most {@code max-in-flight}
 * at once; the oldest waits (and so do the ones behind it) while one of its keys is in flight, so two requests in
 * flight never share a key and a key's records go out in offset order. The buffer holds at most
 * {@code buffer-capacity} records, counting those ODP accepted whose run events are still being written; beyond
 * that the poll waits (back-pressure on the topic).
 */
final class SinkBuffer {

    private static final Logger LOG = Logger.getLogger(BatchingSink.class);

    /** The most records a batch of an object type holds now. */
    private final ToIntFunction<String> batchSize;

    private final long lingerMillis;
    private final int maxInFlight;
    private final int capacity;
    private final SinkRuntime runtime;
    /** Starts a batch's request (called holding the lock); {@link #done} is called when it is over. */
    private final Consumer<List<Pending>> send;

    private final Object lock = new Object();
    private List<Pending> open = new ArrayList<>();
    private final Set<String> openKeys = new HashSet<>();
    private String openType;
    /** The most records the open batch holds, read when its first record came. */
    private int openLimit;

    private long lingerTimer = -1;
    private final Deque<List<Pending>> ready = new ArrayDeque<>();
    /** Requests (batches) in flight, and the primary keys they hold: no key is in two of them. */
    private int inFlight;

    private final Set<String> inFlightKeys = new HashSet<>();
    private int buffered;
    /** Records ODP accepted whose run events and acknowledgement are still being written (count as buffered). */
    private int recording;

    private final Deque<CompletableFuture<Void>> waitingForRoom = new ArrayDeque<>();

    SinkBuffer(
            int batchSize,
            Duration linger,
            int maxInFlight,
            int capacity,
            SinkRuntime runtime,
            Consumer<List<Pending>> send) {
        this(objectType -> batchSize, linger, maxInFlight, capacity, runtime, send);
    }

    /** @param batchSize the most records a batch of an object type holds now */
    SinkBuffer(
            ToIntFunction<String> batchSize,
            Duration linger,
            int maxInFlight,
            int capacity,
            SinkRuntime runtime,
            Consumer<List<Pending>> send) {
        this.batchSize = batchSize;
        this.lingerMillis = Math.max(1, linger.toMillis());
        this.maxInFlight = maxInFlight;
        this.capacity = capacity;
        this.runtime = runtime;
        this.send = send;
    }

    /**
     * Buffers a poll's records in order and starts sending what can be sent.
     *
     * @param owned whether the consumer still owns a partition: records of others are left to their new owner
     * @return completes when the buffer has room again (now, unless it is full)
     */
    Uni<Void> add(List<Pending> records, IntPredicate owned) {
        CompletableFuture<Void> room = null;
        synchronized (lock) {
            for (Pending pending : records) {
                if (!owned.test(pending.partition())) {
                    continue; // revoked while this poll was read
                }
                if (openKeys.contains(pending.primaryKey())
                        || (openType != null && !openType.equals(pending.objectType()))) {
                    closeOpenBatch();
                }
                open.add(pending);
                openKeys.add(pending.primaryKey());
                openType = pending.objectType();
                buffered++;
                if (open.size() == 1) {
                    openLimit = batchSize.applyAsInt(openType);
                }
                if (open.size() >= openLimit) {
                    closeOpenBatch();
                } else if (open.size() == 1) {
                    lingerTimer = runtime.setTimer(lingerMillis, this::lingerExpired);
                }
            }
            sendNext();
            if (!hasRoom()) {
                room = new CompletableFuture<>();
                waitingForRoom.add(room);
            }
        }
        return room == null ? Uni.createFrom().voidItem() : Uni.createFrom().completionStage(room);
    }

    /**
     * Drops the buffered records of revoked partitions (their new owner sends them). {@code revoke} runs holding
     * the buffer's lock, so no record of those partitions is buffered after it.
     */
    void revoked(Collection<Integer> partitions, Runnable revoke) {
        List<CompletableFuture<Void>> release = new ArrayList<>();
        synchronized (lock) {
            revoke.run();
            int before = open.size();
            open.removeIf(p -> partitions.contains(p.partition()));
            int dropped = before - open.size();
            openKeys.clear();
            open.forEach(p -> openKeys.add(p.primaryKey()));
            for (List<Pending> batch : ready) {
                int size = batch.size();
                batch.removeIf(p -> partitions.contains(p.partition()));
                dropped += size - batch.size();
            }
            ready.removeIf(List::isEmpty);
            buffered -= dropped;
            release = roomMade();
            if (dropped > 0) {
                LOG.infof(
                        "Stores partitions %s revoked: %d buffered records left to their new owner",
                        partitions, dropped);
            }
        }
        release.forEach(f -> f.complete(null));
    }

    /** A batch's request is over (ODP answered it): its keys and its slot are free, its records leave the buffer. */
    void done(List<Pending> batch) {
        List<CompletableFuture<Void>> release;
        synchronized (lock) {
            inFlight--;
            batch.forEach(p -> inFlightKeys.remove(p.primaryKey()));
            buffered -= batch.size();
            release = roomMade();
            sendNext();
        }
        release.forEach(f -> f.complete(null));
    }

    /** Records ODP accepted are being recorded: until {@link #recorded}, they count against the capacity. */
    void recording(int records) {
        synchronized (lock) {
            recording += records;
        }
    }

    void recorded(int records) {
        List<CompletableFuture<Void>> release;
        synchronized (lock) {
            recording -= records;
            release = roomMade();
        }
        release.forEach(f -> f.complete(null));
    }

    /** @return records held: buffered, in flight, or accepted and being recorded */
    int held() {
        synchronized (lock) {
            return buffered + recording;
        }
    }

    /** @return requests in flight */
    int inFlight() {
        synchronized (lock) {
            return inFlight;
        }
    }

    /** @return the polls waiting for room, taken off the queue while there is room. Caller holds the lock. */
    private List<CompletableFuture<Void>> roomMade() {
        List<CompletableFuture<Void>> release = new ArrayList<>();
        while (hasRoom() && !waitingForRoom.isEmpty()) {
            release.add(waitingForRoom.poll());
        }
        return release;
    }

    /** @return whether the buffer has room for more records. Caller holds the lock. */
    private boolean hasRoom() {
        return buffered + recording < capacity;
    }

    private void lingerExpired(long timerId) {
        synchronized (lock) {
            if (timerId == lingerTimer && !open.isEmpty()) {
                closeOpenBatch();
                sendNext();
            }
        }
    }

    /** Moves the open batch to the send queue. Caller holds the lock. */
    private void closeOpenBatch() {
        if (lingerTimer >= 0) {
            runtime.cancelTimer(lingerTimer);
            lingerTimer = -1;
        }
        if (!open.isEmpty()) {
            ready.add(open);
            open = new ArrayList<>();
            openKeys.clear();
            openType = null;
        }
    }

    /** Starts sending queued batches, oldest first, while there is a free slot and no key is in flight. */
    private void sendNext() {
        while (inFlight < maxInFlight && !ready.isEmpty()) {
            List<Pending> next = ready.peek();
            if (next.stream().anyMatch(p -> inFlightKeys.contains(p.primaryKey()))) {
                return;
            }
            List<Pending> batch = List.copyOf(ready.poll());
            inFlight++;
            batch.forEach(p -> inFlightKeys.add(p.primaryKey()));
            send.accept(batch);
        }
    }
}
