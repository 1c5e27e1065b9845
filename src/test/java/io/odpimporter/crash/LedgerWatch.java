package io.odpimporter.crash;

import com.fasterxml.jackson.databind.JsonNode;
import io.odpimporter.testing.KafkaTestClient;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import static org.awaitility.Awaitility.await;

/**
 * Follows a ledger topic as the service writes it: the latest entry of each blob version (key
 * {@code container/name@etag}), as JSON, a tombstone removing it. The crash suite's view of what the ledger says
 * (docs/architecture.md, "Files"), read from the topic itself rather than through the service.
 */
final class LedgerWatch implements AutoCloseable {

    private final KafkaConsumer<String, String> consumer;
    private final String topic;
    private final Map<String, JsonNode> latest = new LinkedHashMap<>();

    LedgerWatch(String bootstrapServers, String topic) {
        this.topic = topic;
        this.consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName()));
    }

    /** Reads what arrived since the last call (polls once). @return the latest entry of each version */
    Map<String, JsonNode> poll() {
        if (consumer.assignment().isEmpty()) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(5)).stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .toList();
            if (partitions.isEmpty()) {
                return latest;
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
        }
        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(20))) {
            if (r.value() == null) {
                latest.remove(r.key());
            } else {
                latest.put(r.key(), json(r.value()));
            }
        }
        return latest;
    }

    /** Reads the topic up to its end offsets of now. @return the latest entry of each version */
    Map<String, JsonNode> readToEnd() {
        poll();
        Map<TopicPartition, Long> end = consumer.endOffsets(consumer.assignment());
        await("the ledger " + topic + " read to its end")
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(10))
                .until(() -> {
                    poll();
                    return end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
                });
        return latest;
    }

    /** @return how many versions' latest entries match {@code which} */
    long count(Predicate<JsonNode> which) {
        return latest.values().stream().filter(which).count();
    }

    /** @return whether the entry's after-import action is DONE */
    static boolean actionDone(JsonNode entry) {
        return "DONE".equals(entry.path("afterImport").path("state").asText());
    }

    /** @return whether the entry is in {@code state} (IN_PROGRESS, IMPORTED, DELIVERED, FAILED) */
    static boolean in(JsonNode entry, String state) {
        return state.equals(entry.path("state").asText());
    }

    private static JsonNode json(String value) {
        try {
            return KafkaTestClient.MAPPER.readTree(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(1));
    }
}
