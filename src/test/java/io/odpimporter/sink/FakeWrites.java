package io.odpimporter.sink;

import io.odpimporter.domain.DeadLetter;
import io.odpimporter.domain.RunEvent;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

/**
 * {@link SinkWrites} kept in memory. Kafka acknowledges at once, unless the test {@link #holdAcks holds} the
 * acknowledgements: then it completes them by hand ({@link #releaseAcks}).
 */
final class FakeWrites implements SinkWrites {

    private final List<RunEvent> events = new ArrayList<>();
    private final List<DeadLetter> deadLetters = new ArrayList<>();
    private final List<CompletableFuture<Object>> held = new ArrayList<>();
    private boolean hold;

    @Override
    public synchronized CompletableFuture<?> publish(RunEvent event) {
        events.add(event);
        return ack();
    }

    @Override
    public synchronized CompletableFuture<?> park(String key, DeadLetter deadLetter) {
        deadLetters.add(deadLetter);
        return ack();
    }

    synchronized void holdAcks() {
        hold = true;
    }

    void releaseAcks() {
        List<CompletableFuture<Object>> release;
        synchronized (this) {
            hold = false;
            release = List.copyOf(held);
            held.clear();
        }
        release.forEach(f -> f.complete(null));
    }

    synchronized List<RunEvent> events() {
        return List.copyOf(events);
    }

    synchronized List<DeadLetter> deadLetters() {
        return List.copyOf(deadLetters);
    }

    /** @return the record indices of the dead letters, in the order parked */
    synchronized List<Long> parkedIndices() {
        return deadLetters.stream().map(DeadLetter::recordIndex).toList();
    }

    /** @return the indices named by run events of {@code type}, in the order published */
    synchronized List<Long> indices(RunEvent.Type type) {
        return events.stream()
                .filter(e -> e.type() == type)
                .flatMap(e -> e instanceof RunEvent.Accepted a
                        ? a.indices().stream()
                        : e instanceof RunEvent.Rejected r ? r.indices().stream() : Stream.<Long>empty())
                .toList();
    }

    private CompletableFuture<Object> ack() {
        CompletableFuture<Object> ack = new CompletableFuture<>();
        if (hold) {
            held.add(ack);
        } else {
            ack.complete(null);
        }
        return ack;
    }
}
