package io.odpimporter.runs;

import io.odpimporter.config.ImporterConfig;
import io.odpimporter.kafka.KafkaClients;
import io.odpimporter.kafka.KafkaWriter;
import io.odpimporter.kafka.TopicView;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Drops runs from the compacted runs topic: finds every key a run's events were written under (reading the run's
 * partition from shortly before its start) and writes a tombstone for each, so compaction removes the run and every
 * replica's view forgets it on reading the first tombstone.
 */
@ApplicationScoped
public class RunRetention {

    /** Events of a run written this long before its start or after its end are still found (clocks, late events). */
    private static final Duration MARGIN = Duration.ofMinutes(10);

    private final Map<String, Object> kafka;
    private final ImporterConfig config;
    private final KafkaWriter writer;

    public RunRetention(
            @Identifier("default-kafka-broker") Map<String, Object> kafka, ImporterConfig config, KafkaWriter writer) {
        this.kafka = kafka;
        this.config = config;
        this.writer = writer;
    }

    /** A run to drop: its id and the times its events were written between. */
    public record Dropped(String runId, Instant created, Instant ended) {}

    /**
     * Writes tombstones for every key of the given runs and waits for Kafka's acknowledgement; each run's
     * {@code <runId>/STARTED} key last, only once the others are acknowledged: the views forget a run on reading that
     * tombstone, so a run whose other tombstones failed stays listed and is dropped again at the next attempt.
     *
     * @return the number of tombstones written
     * @throws TopicView.ViewNotReadyException if the runs topic cannot be read within 60 s
     * @throws KafkaWriter.KafkaWriteException if a tombstone is not acknowledged
     */
    public int drop(List<Dropped> runs) {
        Map<String, Instant> created = new HashMap<>();
        runs.forEach(r -> created.put(r.runId(), r.created()));
        Instant until = runs.stream()
                .map(r -> r.ended() == null ? Instant.now() : r.ended())
                .max(Instant::compareTo)
                .orElseGet(Instant::now)
                .plus(MARGIN);
        String topic = config.topics().runs();
        Map<Integer, List<String>> byPartition = new HashMap<>();
        Map<String, Set<String>> keys = new HashMap<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(KafkaClients.readerConfig(kafka))) {
            int partitions =
                    consumer.partitionsFor(topic, Duration.ofSeconds(10)).size();
            created.keySet().forEach(runId -> {
                byPartition
                        .computeIfAbsent(KafkaWriter.partitionOf(runId, partitions), p -> new ArrayList<>())
                        .add(runId);
                keys.put(runId, new LinkedHashSet<>());
            });
            for (Map.Entry<Integer, List<String>> entry : byPartition.entrySet()) {
                TopicPartition partition = new TopicPartition(topic, entry.getKey());
                Instant earliest = entry.getValue().stream()
                        .map(created::get)
                        .min(Instant::compareTo)
                        .orElseThrow();
                readKeys(consumer, partition, earliest.minus(MARGIN), until, keys);
            }
        } catch (KafkaException e) {
            throw new TopicView.ViewNotReadyException("Cannot read " + topic + ": " + e.getMessage());
        }
        int tombstones = tombstone(topic, keys, false);
        return tombstones + tombstone(topic, keys, true);
    }

    private int tombstone(String topic, Map<String, Set<String>> keys, boolean started) {
        List<CompletableFuture<?>> sent = new ArrayList<>();
        keys.forEach((runId, runKeys) -> runKeys.stream()
                .filter(key -> started == key.equals(runId + "/STARTED"))
                .forEach(key -> sent.add(writer.send(topic, writer.partitionOf(topic, runId), key, null, List.of()))));
        KafkaWriter.await(CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)));
        return sent.size();
    }

    /** Reads the keys of {@code keys}' runs written between {@code from} and {@code until} (or the end). */
    private static void readKeys(
            KafkaConsumer<String, String> consumer,
            TopicPartition partition,
            Instant from,
            Instant until,
            Map<String, Set<String>> keys) {
        KafkaClients.readPartition(
                consumer, partition, from.toEpochMilli(), until.toEpochMilli(), Duration.ofSeconds(60), record -> {
                    if (record.key() != null && record.value() != null) {
                        Set<String> runKeys = keys.get(runIdOf(record.key()));
                        if (runKeys != null) {
                            runKeys.add(record.key());
                        }
                    }
                });
    }

    /** @return the run id a runs-topic key starts with ({@code <runId>/<TYPE>[/...]}) */
    static String runIdOf(String key) {
        int slash = key.indexOf('/');
        return slash < 0 ? key : key.substring(0, slash);
    }
}
