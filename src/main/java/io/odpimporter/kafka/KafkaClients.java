package io.odpimporter.kafka;

import io.odpimporter.config.ImporterConfig;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The Kafka admin client and the service's two producers, all built from the shared {@code kafka.*} configuration
 * (bootstrap servers, security), so SASL_SSL or Event Hubs work by configuration alone: the shared producer (state,
 * run events, dead letters, replays) and the importer's producer of store records ({@link StoreWriter}), which
 * batches longer. Both are idempotent with {@code acks=all} (docs/architecture.md §4.2).
 */
@ApplicationScoped
public class KafkaClients {

    /** Qualifies the importer's producer of store records. */
    public static final String STORES_PRODUCER = "stores-producer";

    /** Keys of the shared Kafka configuration an admin client understands. */
    private static final Set<String> ADMIN_KEYS = AdminClientConfig.configNames();

    @Produces
    @Singleton
    Admin admin(@Identifier("default-kafka-broker") Map<String, Object> kafka) {
        return Admin.create(adminConfig(kafka));
    }

    /**
     * @param kafka the shared {@code kafka.*} configuration (bootstrap servers, {@code security.protocol},
     *              {@code sasl.*}, {@code ssl.*}, ...)
     * @return the admin client's configuration: every admin key of {@code kafka}, plus our client id
     */
    public static Map<String, Object> adminConfig(Map<String, Object> kafka) {
        Map<String, Object> config = new HashMap<>();
        kafka.forEach((k, v) -> {
            if (ADMIN_KEYS.contains(k)) {
                config.put(k, v);
            }
        });
        config.putIfAbsent(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 30_000);
        config.put(AdminClientConfig.CLIENT_ID_CONFIG, "odp-importer-admin");
        return config;
    }

    void closeAdmin(@Disposes Admin admin) {
        admin.close(Duration.ofSeconds(5));
    }

    @Produces
    @Singleton
    Producer<String, byte[]> producer(@Identifier("default-kafka-broker") Map<String, Object> kafka) {
        return new KafkaProducer<>(producerConfig(kafka));
    }

    /**
     * @param kafka the shared {@code kafka.*} configuration
     * @return the producer's configuration: every producer key of {@code kafka} (security included), then
     *         {@code acks=all} and idempotence, which configuration cannot turn off (docs/architecture.md §4.2);
     *         string keys, values as the UTF-8 bytes of their JSON ({@link KafkaWriter} writes them)
     */
    public static Map<String, Object> producerConfig(Map<String, Object> kafka) {
        Map<String, Object> config = new HashMap<>();
        kafka.forEach((k, v) -> {
            if (ProducerConfig.configNames().contains(k)) {
                config.put(k, v);
            }
        });
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        config.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 5);
        config.putIfAbsent(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "odp-importer-producer");
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return config;
    }

    @Produces
    @Singleton
    @Identifier(STORES_PRODUCER)
    Producer<String, byte[]> storesProducer(
            @Identifier("default-kafka-broker") Map<String, Object> kafka, ImporterConfig importer) {
        return new KafkaProducer<>(storesProducerConfig(
                kafka,
                importer.fileImport().producerLinger(),
                importer.fileImport().producerBatchSize()));
    }

    /**
     * @param kafka     the shared {@code kafka.*} configuration
     * @param linger    {@code importer.file-import.producer-linger}
     * @param batchSize {@code importer.file-import.producer-batch-size}
     * @return the configuration of the importer's producer of store records: the shared producer's
     *         ({@link #producerConfig}: {@code acks=all} and idempotence, which configuration cannot turn off), with
     *         its own linger, batch size and client id
     */
    public static Map<String, Object> storesProducerConfig(Map<String, Object> kafka, Duration linger, int batchSize) {
        Map<String, Object> config = producerConfig(kafka);
        config.put(ProducerConfig.LINGER_MS_CONFIG, (int) Math.min(Integer.MAX_VALUE, linger.toMillis()));
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, batchSize);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "odp-importer-stores-producer");
        return config;
    }

    /**
     * @param kafka the shared {@code kafka.*} configuration
     * @return the configuration of a short-lived reader of one of our topics: every consumer key of {@code kafka}
     *         (security included), no consumer group, nothing committed, string keys and values
     */
    public static Map<String, Object> readerConfig(Map<String, Object> kafka) {
        Map<String, Object> config = new HashMap<>();
        kafka.forEach((k, v) -> {
            if (ConsumerConfig.configNames().contains(k)) {
                config.put(k, v);
            }
        });
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        return config;
    }

    /**
     * Hands {@code each} the records of one partition written from {@code fromMillis} (record timestamp, via
     * {@code offsetsForTimes}) up to the partition's end at the time of the call, stopping early at the first record
     * stamped after {@code untilMillis}.
     *
     * @param consumer a reader ({@link #readerConfig}); its assignment is replaced
     * @param timeout  how long reading may take at most
     * @throws TopicView.ViewNotReadyException if the partition is not read within {@code timeout}
     * @throws org.apache.kafka.common.KafkaException if Kafka cannot be asked (10 s per request)
     */
    public static void readPartition(
            KafkaConsumer<String, String> consumer,
            TopicPartition partition,
            long fromMillis,
            long untilMillis,
            Duration timeout,
            Consumer<ConsumerRecord<String, String>> each) {
        consumer.assign(List.of(partition));
        OffsetAndTimestamp first = consumer.offsetsForTimes(
                        Map.of(partition, Math.max(0, fromMillis)), Duration.ofSeconds(10))
                .get(partition);
        if (first == null) {
            return; // nothing written since
        }
        long end =
                consumer.endOffsets(List.of(partition), Duration.ofSeconds(10)).get(partition);
        consumer.seek(partition, first.offset());
        long deadline = System.nanoTime() + timeout.toNanos();
        while (consumer.position(partition) < end) {
            if (System.nanoTime() > deadline) {
                throw new TopicView.ViewNotReadyException("Could not read " + partition + " within " + timeout);
            }
            for (var record : consumer.poll(Duration.ofMillis(200))) {
                if (record.offset() >= end || record.timestamp() > untilMillis) {
                    return;
                }
                each.accept(record);
            }
        }
    }

    void closeProducer(@Disposes Producer<String, byte[]> producer) {
        producer.flush();
        producer.close(Duration.ofSeconds(10));
    }

    void closeStoresProducer(@Disposes @Identifier(STORES_PRODUCER) Producer<String, byte[]> producer) {
        producer.flush();
        producer.close(Duration.ofSeconds(10));
    }
}
