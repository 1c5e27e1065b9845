package io.odpimporter.deadletter;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.odpimporter.config.ImporterConfig;
import io.odpimporter.domain.DeadLetter;
import io.odpimporter.kafka.KafkaClients;
import io.odpimporter.kafka.TopicView;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * Reads the dead-letter topic whole, with a consumer of its own (no consumer group, nothing committed): for
 * operators listing or replaying what was parked, not for hot paths.
 */
@ApplicationScoped
public class DeadLetterTopic {

    private final Map<String, Object> kafka;
    private final ImporterConfig config;
    private final ObjectMapper mapper;
    private final Admin admin;

    public DeadLetterTopic(
            @Identifier("default-kafka-broker") Map<String, Object> kafka,
            ImporterConfig config,
            ObjectMapper mapper,
            Admin admin) {
        this.admin = admin;
        this.kafka = kafka;
        this.config = config;
        this.mapper = mapper;
    }

    /**
     * @return how many records the dead-letter topic holds now (end minus earliest offset of each partition: the
     *         topic is never compacted, so this is what retention kept)
     * @throws TopicView.ViewNotReadyException if Kafka cannot be asked within 10 s
     */
    public long count() {
        String topic = config.topics().deadLetter();
        try {
            List<TopicPartition> partitions = admin
                    .describeTopics(List.of(topic))
                    .topicNameValues()
                    .get(topic)
                    .get(10, TimeUnit.SECONDS)
                    .partitions()
                    .stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .toList();
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
            partitions.forEach(p -> {
                latest.put(p, OffsetSpec.latest());
                earliest.put(p, OffsetSpec.earliest());
            });
            var end = admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS);
            var start = admin.listOffsets(earliest).all().get(10, TimeUnit.SECONDS);
            return partitions.stream()
                    .mapToLong(p -> end.get(p).offset() - start.get(p).offset())
                    .sum();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TopicView.ViewNotReadyException("Interrupted while reading the offsets of " + topic);
        } catch (ExecutionException | TimeoutException e) {
            throw new TopicView.ViewNotReadyException("Cannot read the offsets of " + topic + ": " + e);
        }
    }

    /**
     * A dead-letter record.
     *
     * @param partition its partition
     * @param offset    its offset
     * @param key       its key (the primary key of a parked store record, the blob name of a parked file)
     * @param value     its value, or null if it cannot be read
     * @param raw       its value as text
     */
    public record Parked(int partition, long offset, String key, DeadLetter value, String raw) {}

    /**
     * Hands every record present now to {@code each}, partition by partition, in offset order; nothing is kept.
     *
     * @throws TopicView.ViewNotReadyException if the topic cannot be read to its end within 60 s
     * @throws org.apache.kafka.common.KafkaException if Kafka cannot be reached (10 s to find the topic)
     */
    public void forEach(Consumer<Parked> each) {
        String topic = config.topics().deadLetter();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(KafkaClients.readerConfig(kafka))) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(10));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new TopicView.ViewNotReadyException("Could not read " + topic + " to its end within 60 s");
                }
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    each.accept(new Parked(
                            record.partition(),
                            record.offset(),
                            record.key(),
                            readValue(record.value()),
                            record.value()));
                }
            }
        }
    }

    private DeadLetter readValue(String json) {
        try {
            return json == null ? null : mapper.readValue(json, DeadLetter.class);
        } catch (Exception e) {
            return null;
        }
    }
}
