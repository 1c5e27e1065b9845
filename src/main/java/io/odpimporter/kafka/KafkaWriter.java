package io.odpimporter.kafka;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.odpimporter.domain.DeadLetter;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.utils.Utils;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * Writes JSON values to Kafka through the service's idempotent producer. A returned future completes when the
 * broker acknowledged the record ({@code acks=all}), which is what the commit rule waits for.
 */
@ApplicationScoped
public class KafkaWriter {

    private final Producer<String, byte[]> producer;
    private final ObjectMapper mapper;

    public KafkaWriter(Producer<String, byte[]> producer, ObjectMapper mapper) {
        this.producer = producer;
        this.mapper = mapper;
    }

    /**
     * Sends {@code value} as JSON.
     *
     * @param value a record, or null for a tombstone
     * @return completes with the record's position once acknowledged; fails with the producer's exception
     */
    public CompletableFuture<RecordMetadata> send(String topic, String key, Object value, List<Header> headers) {
        return send(topic, null, key, value, headers);
    }

    /**
     * Sends {@code value} as JSON to a chosen partition.
     *
     * @param partition the partition, or null for the key's partition
     */
    public CompletableFuture<RecordMetadata> send(
            String topic, Integer partition, String key, Object value, List<Header> headers) {
        // written as UTF-8 bytes at once (no string in between)
        byte[] json = value == null ? null : toJsonBytes(value);
        CompletableFuture<RecordMetadata> result = new CompletableFuture<>();
        producer.send(new ProducerRecord<>(topic, partition, key, json, headers), (metadata, error) -> {
            if (error != null) {
                result.completeExceptionally(error);
            } else {
                result.complete(metadata);
            }
        });
        return result;
    }

    public CompletableFuture<RecordMetadata> send(String topic, String key, Object value) {
        return send(topic, key, value, List.of());
    }

    /**
     * Sends and blocks until acknowledged. Not for event-loop threads.
     *
     * @throws KafkaWriteException when the broker did not acknowledge it
     */
    public RecordMetadata sendAndAwait(String topic, String key, Object value) {
        return await(send(topic, key, value));
    }

    /** Blocks until {@code future} completes. @throws KafkaWriteException if it failed */
    public static <T> T await(CompletableFuture<T> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaWriteException("interrupted while waiting for a Kafka acknowledgement", e);
        } catch (ExecutionException | CompletionException e) {
            throw new KafkaWriteException(
                    "Kafka did not acknowledge a record: " + e.getCause().getMessage(), e.getCause());
        }
    }

    /**
     * Parks a record on the dead-letter topic, with headers naming what and why ({@link DeadLetter#headers()}).
     *
     * @return completes when Kafka acknowledged it
     */
    public CompletableFuture<RecordMetadata> park(String deadLetterTopic, String key, DeadLetter deadLetter) {
        return send(deadLetterTopic, null, key, deadLetter, deadLetter.headers());
    }

    /** @return the partition all records of {@code group} go to, so they keep their order */
    public int partitionOf(String topic, String group) {
        return partitionOf(group, producer.partitionsFor(topic).size());
    }

    /**
     * @return the partition Kafka's default partitioner gives records keyed {@code key} in a topic of
     *         {@code partitions} partitions (murmur2 of the key's UTF-8 bytes)
     */
    public static int partitionOf(String key, int partitions) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    /** @return {@code value} as JSON in UTF-8 */
    private byte[] toJsonBytes(Object value) {
        try {
            return mapper.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A record the broker did not acknowledge. */
    public static class KafkaWriteException extends RuntimeException {
        public KafkaWriteException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
