package io.odpimporter.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.config.MeterFilter;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.Config;

import java.util.HashMap;
import java.util.Map;

/**
 * Puts the Kafka consumers' lag under the service's prefix, per topic: Micrometer's Kafka client binder (enabled by
 * Quarkus for the messaging channels) reports {@code kafka.consumer.fetch.manager.records.lag.max} per consumer
 * ({@code client.id}); it is exported as {@code odp_importer_kafka_consumer_records_lag_max} (records behind the
 * end of the topic, the highest over the consumer's partitions in the last sample window) with a {@code topic} tag:
 * each channel's consumer reads one topic ({@code mp.messaging.incoming.<channel>.topic}; its client id is
 * {@code kafka-consumer-<channel>} unless {@code client.id} is set). Other Kafka client metrics keep their names.
 */
@Singleton
public class KafkaLagNames {

    static final String KAFKA_LAG = "kafka.consumer.fetch.manager.records.lag";
    private static final String PREFIX = "mp.messaging.incoming.";

    @Produces
    @Singleton
    public MeterFilter renameLag(Config config) {
        Map<String, String> topicByClient = new HashMap<>();
        for (String name : config.getPropertyNames()) {
            if (name.startsWith(PREFIX) && name.endsWith(".topic")) {
                String channel = name.substring(PREFIX.length(), name.length() - ".topic".length());
                String clientId = config.getOptionalValue(PREFIX + channel + ".client.id", String.class)
                        .orElse("kafka-consumer-" + channel);
                config.getOptionalValue(name, String.class).ifPresent(topic -> topicByClient.put(clientId, topic));
            }
        }
        return new MeterFilter() {
            @Override
            public Meter.Id map(Meter.Id id) {
                if (id.getName().equals(KAFKA_LAG) || id.getName().equals(KAFKA_LAG + ".max")) {
                    Meter.Id renamed = id.withName("odp.importer.kafka.consumer.records.lag"
                            + id.getName().substring(KAFKA_LAG.length()));
                    String topic = topicByClient.get(id.getTag("client.id"));
                    return topic == null || id.getTag("topic") != null
                            ? renamed
                            : renamed.withTag(Tag.of("topic", topic));
                }
                return id;
            }
        };
    }
}
