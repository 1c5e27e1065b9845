package io.odpimporter.sink;

import io.smallrye.mutiny.Uni;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.LongConsumer;

/**
 * A {@link SinkRuntime} whose time moves only when the test {@link #advance advances} it: timers and sleeps fire
 * then, in due order, on the test's thread. Failed attempts are retried at once (the backoff is Mutiny's), and the
 * sink goes on after answers on the thread that completed them.
 */
final class FakeRuntime implements SinkRuntime {

    private static final Instant START = Instant.parse("2026-12-04T10:00:00Z");

    private record Due(long atNanos, long id, Runnable action) {}

    private long nanos = 1_000_000_000L;
    private long nextId;
    private final List<Due> due = new ArrayList<>();

    @Override
    public synchronized long nanoTime() {
        return nanos;
    }

    @Override
    public synchronized Instant now() {
        return START.plusNanos(nanos);
    }

    @Override
    public Uni<Void> sleep(Duration wait) {
        return Uni.createFrom().deferred(() -> {
            CompletableFuture<Void> done = new CompletableFuture<>();
            schedule(wait.toNanos(), () -> done.complete(null));
            return Uni.createFrom().completionStage(done);
        });
    }

    @Override
    public long setTimer(long millis, LongConsumer expired) {
        long[] id = new long[1];
        id[0] = schedule(millis * 1_000_000L, () -> expired.accept(id[0]));
        return id[0];
    }

    @Override
    public synchronized void cancelTimer(long id) {
        due.removeIf(d -> d.id() == id);
    }

    @Override
    public <T> Uni<T> retried(Uni<T> attempt) {
        return attempt.onFailure().retry().indefinitely();
    }

    @Override
    public Executor afterAnswers() {
        return Runnable::run;
    }

    /** Moves time on by {@code step}, firing what falls due meanwhile. */
    void advance(Duration step) {
        long until;
        synchronized (this) {
            until = nanos + step.toNanos();
        }
        while (true) {
            Due next;
            synchronized (this) {
                next = due.stream()
                        .filter(d -> d.atNanos() <= until)
                        .min(Comparator.comparingLong(Due::atNanos).thenComparingLong(Due::id))
                        .orElse(null);
                if (next == null) {
                    nanos = until;
                    return;
                }
                due.remove(next);
                nanos = Math.max(nanos, next.atNanos());
            }
            next.action().run();
        }
    }

    /** @return timers and sleeps not fired yet */
    synchronized int pending() {
        return due.size();
    }

    private synchronized long schedule(long inNanos, Runnable action) {
        long id = nextId++;
        due.add(new Due(nanos + inNanos, id, action));
        return id;
    }
}
