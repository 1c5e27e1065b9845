package io.odpimporter.sink;

import io.odpimporter.domain.StoreRecord;
import io.odpimporter.pacing.AccountPacing;
import io.smallrye.mutiny.Uni;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.BiConsumer;
import java.util.function.IntPredicate;
import java.util.function.ToIntFunction;

/**
 * The sink's buffer and per-key order gate. Records fill an open batch of at most {@code batch-size} (less for a
 * target while a 413 is remembered: {@code BatchSizes}, docs/architecture.md §4.5), closed when full,
 * {@code linger} after its first record, or when a record's target differs (one ODP request holds one target) or,
 * for objects, its primary key is in it already (a batch never holds one object key twice). Closed batches are sent
 * oldest first; the oldest waits (and so do the ones behind it) while one of its object keys is in flight, so two
 * requests in flight never share an object key and a key's records go out in offset order. Events have no order
 * gate: their key (the first identifier) only partitions them, so a batch may hold it twice and two batches in
 * flight may share it. Only a batch whose keys are free takes a permit of the account's {@link AccountPacing}
 * (docs/architecture.md §4.7), when it is sent: a batch waiting for a key holds none. The buffer holds at most
 * {@link #capacity} records, counting those ODP accepted whose run events are still being written: it follows the
 * account's limit; beyond that the poll waits (back-pressure on the topic).
 */
final class SinkBuffer {

    private static final Logger LOG = Logger.getLogger(BatchingSink.class);

    /** {@code batch-size}. */
    private final int batchSize;
    /** The most records a batch for a target holds now. */
    private final ToIntFunction<StoreRecord.Target> batchSizeOf;

    private final long lingerMillis;
    private final AccountPacing pacing;
    /** {@code buffer-capacity}, if set: a cap on {@link #capacity}. */
    private final Optional<Integer> capacityCap;

    private final SinkRuntime runtime;
    /**
     * Starts a batch's request holding its first attempt's permit (called holding the lock); {@link #done} is
     * called when the batch is over.
     */
    private final BiConsumer<List<Pending>, AccountPacing.Permit> send;

    private final Object lock = new Object();
    private List<Pending> open = new ArrayList<>();
    private final Set<String> openKeys = new HashSet<>();
    private StoreRecord.Target openTarget;
    /** The most records the open batch holds, read when its first record came. */
    private int openLimit;

    private long lingerTimer = -1;
    private final Deque<List<Pending>> ready = new ArrayDeque<>();
    /**
     * Batches sent and not done (in flight or retrying), and the object primary keys they hold: no key is in two
     * (events' keys are not held).
     */
    private int inFlight;

    private final Set<String> inFlightKeys = new HashSet<>();
    private int buffered;
    /** Records ODP accepted whose run events and acknowledgement are still being written (count as buffered). */
    private int recording;

    private final Deque<CompletableFuture<Void>> waitingForRoom = new ArrayDeque<>();

    SinkBuffer(
            int batchSize,
            Duration linger,
            AccountPacing pacing,
            Optional<Integer> capacityCap,
            SinkRuntime runtime,
            BiConsumer<List<Pending>, AccountPacing.Permit> send) {
        this(batchSize, target -> batchSize, linger, pacing, capacityCap, runtime, send);
    }

    /**
     * @param batchSize   {@code batch-size}: the most records of a batch, which the capacity counts in
     * @param batchSizeOf the most records a batch for a target holds now (at most {@code batchSize})
     */
    SinkBuffer(
            int batchSize,
            ToIntFunction<StoreRecord.Target> batchSizeOf,
            Duration linger,
            AccountPacing pacing,
            Optional<Integer> capacityCap,
            SinkRuntime runtime,
            BiConsumer<List<Pending>, AccountPacing.Permit> send) {
        this.batchSize = batchSize;
        this.batchSizeOf = batchSizeOf;
        this.lingerMillis = Math.max(1, linger.toMillis());
        this.pacing = pacing;
        this.capacityCap = capacityCap;
        this.runtime = runtime;
        this.send = send;
        // a permit freed (by any sink of the account), a grown limit or a start slot come: send what can be sent,
        // let polls in; the account's start slots are timed with this sink's timers
        Executor after = runtime.afterAnswers();
        pacing.onPermitFree(
                () -> after.execute(this::paced),
                (millis, action) -> runtime.setTimer(millis, id -> after.execute(action)));
    }

    /**
     * The records a sink holds at most for a limit: the limit's batches in flight plus 4 (one filling, a few
     * closed and ready), capped by {@code buffer-capacity} if set.
     */
    static int capacity(int limit, int batchSize, Optional<Integer> cap) {
        int follows = (limit + 4) * batchSize;
        return cap.map(c -> Math.min(c, follows)).orElse(follows);
    }

    /** @return records the buffer holds at most now (it follows the account's limit) */
    int capacity() {
        return capacity(pacing.limit(), batchSize, capacityCap);
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
                if ((openTarget != null && !openTarget.equals(pending.target()))
                        || (pending.gated() && openKeys.contains(pending.primaryKey()))) {
                    closeOpenBatch();
                }
                open.add(pending);
                if (pending.gated()) {
                    openKeys.add(pending.primaryKey());
                }
                openTarget = pending.target();
                buffered++;
                if (open.size() == 1) {
                    openLimit = batchSizeOf.applyAsInt(openTarget);
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
            open.stream().filter(Pending::gated).forEach(p -> openKeys.add(p.primaryKey()));
            if (open.isEmpty()) {
                openTarget = null;
            }
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

    /**
     * A batch is over (ODP answered it; its permits were released by its attempts): its object keys are free, its
     * records leave the buffer.
     */
    void done(List<Pending> batch) {
        List<CompletableFuture<Void>> release;
        synchronized (lock) {
            inFlight--;
            batch.stream().filter(Pending::gated).forEach(p -> inFlightKeys.remove(p.primaryKey()));
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

    /** @return batches sent and not done (in flight, or retrying) */
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
        return buffered + recording < capacity();
    }

    /** A permit may be free, or the limit grew: sends what can be sent and lets waiting polls in. */
    private void paced() {
        List<CompletableFuture<Void>> release;
        synchronized (lock) {
            sendNext();
            release = roomMade();
        }
        release.forEach(f -> f.complete(null));
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
            openTarget = null;
        }
    }

    /**
     * Starts sending queued batches, oldest first, while the oldest one's object keys are free and the account gives
     * it a permit (asked only then: a batch waiting for a key holds no permit). An events batch has no keys to wait
     * for; it waits only for a permit, or behind an older objects batch.
     */
    private void sendNext() {
        while (!ready.isEmpty()) {
            List<Pending> next = ready.peek();
            if (next.stream().anyMatch(p -> p.gated() && inFlightKeys.contains(p.primaryKey()))) {
                return;
            }
            Optional<AccountPacing.Permit> permit = pacing.tryAcquire();
            if (permit.isEmpty()) {
                return; // woken when a permit is free or at the account's next start slot
            }
            List<Pending> batch = List.copyOf(ready.poll());
            inFlight++;
            batch.stream().filter(Pending::gated).forEach(p -> inFlightKeys.add(p.primaryKey()));
            send.accept(batch, permit.get());
        }
    }
}
