package io.odpimporter.kafka;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Kafka security is configuration only: the shared kafka.* settings reach our producer and admin client. */
class KafkaClientsTest {

    /** What Azure Event Hubs' Kafka endpoint needs (https://learn.microsoft.com/azure/event-hubs/azure-event-hubs-kafka-overview). */
    private static final Map<String, Object> EVENT_HUBS = Map.of(
            "bootstrap.servers", "mynamespace.servicebus.windows.net:9093",
            "security.protocol", "SASL_SSL",
            "sasl.mechanism", "PLAIN",
            "sasl.jaas.config",
                    "org.apache.kafka.common.security.plain.PlainLoginModule required "
                            + "username=\"$ConnectionString\" password=\"Endpoint=sb://...\";",
            "acks", "1",
            "enable.idempotence", "false",
            "group.id", "not-for-producers");

    @Test
    void theProducerGetsTheSecuritySettingsAndAlwaysAcksAllIdempotently() {
        Map<String, Object> config = KafkaClients.producerConfig(EVENT_HUBS);
        assertThat(config)
                .containsEntry("bootstrap.servers", "mynamespace.servicebus.windows.net:9093")
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "PLAIN")
                .containsKey("sasl.jaas.config")
                .containsEntry("acks", "all")
                .containsEntry("enable.idempotence", true)
                .doesNotContainKey("group.id");
    }

    @Test
    void theStoresProducerLingersAndBatchesAsConfiguredButStillAcksAllIdempotently() {
        Map<String, Object> kafka = new HashMap<>(EVENT_HUBS);
        kafka.put("linger.ms", 1);
        kafka.put("batch.size", 1);
        kafka.put("max.in.flight.requests.per.connection", 50);
        Map<String, Object> config = KafkaClients.storesProducerConfig(kafka, Duration.ofMillis(50), 262_144);
        assertThat(config)
                .containsEntry("security.protocol", "SASL_SSL")
                .containsKey("sasl.jaas.config")
                .containsEntry("acks", "all")
                .containsEntry("enable.idempotence", true)
                .containsEntry("max.in.flight.requests.per.connection", 5)
                .containsEntry("linger.ms", 50)
                .containsEntry("batch.size", 262_144)
                .containsEntry("client.id", "odp-importer-stores-producer")
                .doesNotContainKey("group.id");
        assertThat(KafkaClients.producerConfig(kafka)).containsEntry("client.id", "odp-importer-producer");
    }

    @Test
    void theAdminClientGetsTheSecuritySettings() {
        Map<String, Object> config = KafkaClients.adminConfig(EVENT_HUBS);
        assertThat(config)
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "PLAIN")
                .containsKey("sasl.jaas.config")
                .doesNotContainKeys("acks", "group.id");
    }
}
