package io.odpimporter.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Plain Kafka clients for tests: write JSON values as another replica would, read a topic whole. */
public final class KafkaTestClient {

    public static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private KafkaTestClient() {}

    /** Writes one record and waits for the acknowledgement. */
    public static void send(String topic, String key, Object value) {
        send(topic, null, key, value);
    }

    /** Writes one record to a partition (null: the key's) and waits for the acknowledgement. */
    public static void send(String topic, Integer partition, String key, Object value) {
        send(topic, partition, key, value, null);
    }

    /**
     * Writes one record to a partition (null: the key's) with a record timestamp (null: now), as a replica whose
     * clock said {@code timestamp} would have, and waits for the acknowledgement.
     */
    public static void send(String topic, Integer partition, String key, Object value, Instant timestamp) {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaTestResource.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName()))) {
            String json = value == null ? null : (value instanceof String s ? s : MAPPER.writeValueAsString(value));
            producer.send(new ProducerRecord<>(
                            topic, partition, timestamp == null ? null : timestamp.toEpochMilli(), key, json))
                    .get();
        } catch (Exception e) {
            throw new IllegalStateException("Cannot write to " + topic, e);
        }
    }

    /** @return every record of {@code topic} present now, on the tests' broker */
    public static List<ConsumerRecord<String, String>> readAll(String topic) {
        return readAll(KafkaTestResource.bootstrapServers(), topic);
    }

    /** @return every record of {@code topic} present now, on the broker at {@code bootstrapServers} */
    public static List<ConsumerRecord<String, String>> readAll(String bootstrapServers, String topic) {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName()))) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<ConsumerRecord<String, String>> records = new ArrayList<>();
            long deadline = System.currentTimeMillis() + 30_000;
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (System.currentTimeMillis() > deadline) {
                    throw new IllegalStateException("Could not read " + topic + " to its end");
                }
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            return records;
        }
    }
}
