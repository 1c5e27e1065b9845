package io.odpimporter.kafka;

import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.RecordMetadata;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The acknowledgements one writer waits for together, e.g. a file's records between two progress marks: records
 * sent with {@link KafkaWriter#send(Acks, String, String, Object, List)} share one callback and one count, so a
 * record costs no future of its own (the importer sent a million futures per million records, completed one by one
 * on the producer's thread and joined with {@code allOf}). Used by one thread; single use: {@link #await()} once.
 */
public final class Acks {

    /** Records sent and not yet acknowledged, plus one while the window is open. */
    private final AtomicInteger outstanding = new AtomicInteger(1);

    private final CompletableFuture<Void> records = new CompletableFuture<>();
    private final List<CompletableFuture<?>> others = new ArrayList<>();

    /** Called by the producer once per record, on its I/O thread. */
    final Callback callback = this::onCompletion;

    Acks() {}

    private void onCompletion(RecordMetadata metadata, Exception error) {
        if (error != null) {
            records.completeExceptionally(error);
        } else {
            arrive();
        }
    }

    private void arrive() {
        if (outstanding.decrementAndGet() == 0) {
            records.complete(null);
        }
    }

    /** A record is about to be sent with {@link #callback}. */
    void sending() {
        outstanding.incrementAndGet();
    }

    /** Waits for {@code future} too (e.g. a dead letter's acknowledgement). */
    public void add(CompletableFuture<?> future) {
        others.add(future);
    }

    /**
     * Blocks until every record sent with these acks and every added future completed. Not for event-loop threads.
     *
     * @throws KafkaWriter.KafkaWriteException when one was not acknowledged
     */
    public void await() {
        arrive();
        others.add(records);
        KafkaWriter.await(CompletableFuture.allOf(others.toArray(CompletableFuture[]::new)));
    }
}
