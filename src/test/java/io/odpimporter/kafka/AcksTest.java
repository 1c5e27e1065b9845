package io.odpimporter.kafka;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Records sent with one {@link Acks} are waited for together: {@link Acks#await()} returns only once Kafka
 * acknowledged every one of them (and every added future), and fails if Kafka refused one. Kafka is a
 * {@link MockProducer} whose sends complete only when the test says so.
 */
class AcksTest {

    private final MockProducer<String, byte[]> kafka =
            new MockProducer<>(false, null, new StringSerializer(), new ByteArraySerializer());
    private final KafkaWriter writer = new KafkaWriter(kafka, new ObjectMapper());
    private final ExecutorService waiter = Executors.newSingleThreadExecutor();

    @AfterEach
    void stop() {
        waiter.shutdownNow();
    }

    private Acks sendThree() {
        Acks acks = writer.acks();
        for (String key : List.of("a", "b", "c")) {
            writer.send(acks, "stores", key, Map.of("id", key), List.of());
        }
        return acks;
    }

    @Test
    void awaitReturnsOnlyOnceEveryRecordAndAddedFutureIsAcknowledged() {
        Acks acks = sendThree();
        CompletableFuture<Void> parked = new CompletableFuture<>();
        acks.add(parked);
        Future<?> waiting = waiter.submit(acks::await);
        assertThat(kafka.history())
                .extracting(r -> new String(r.value()))
                .containsExactly("{\"id\":\"a\"}", "{\"id\":\"b\"}", "{\"id\":\"c\"}");
        kafka.completeNext();
        kafka.completeNext();
        parked.complete(null);
        await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(5)).until(() -> !waiting.isDone());
        kafka.completeNext();
        await().atMost(Duration.ofSeconds(5)).until(waiting::isDone);
        assertThat(waiting).succeedsWithin(Duration.ofSeconds(1));
    }

    @Test
    void aRecordKafkaRefusedFailsTheWait() {
        Acks acks = sendThree();
        kafka.completeNext();
        kafka.errorNext(new IllegalStateException("broker gone"));
        assertThatThrownBy(acks::await)
                .isInstanceOf(KafkaWriter.KafkaWriteException.class)
                .hasMessageContaining("broker gone");
    }

    @Test
    void nothingSentIsNothingToWaitFor() {
        writer.acks().await();
    }
}
