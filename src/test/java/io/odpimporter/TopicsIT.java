package io.odpimporter;

import io.odpimporter.testing.AzuriteTestResource;
import io.odpimporter.testing.KafkaTestResource;
import io.odpimporter.testing.OdpStandInTestResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The service creates its topics at start-up (the test broker does not auto-create topics). */
@QuarkusIntegrationTest
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = AzuriteTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = OdpStandInTestResource.class, scope = TestResourceScope.GLOBAL)
class TopicsIT {

    @Test
    void everyTopicExistsWithItsPartitionsAndCleanupPolicy() throws Exception {
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("odp-importer.files", "1 delete");
        expected.put("odp-importer.stores", "3 delete");
        expected.put("odp-importer.dead-letter", "3 delete");
        expected.put("odp-importer.ledger", "3 compact");
        expected.put("odp-importer.runs", "3 compact");
        expected.put("odp-importer.progress", "3 compact");
        expected.put("odp-importer.locks", "1 compact");
        expected.put("odp-importer.state", "1 compact");
        expected.put("odp-importer.activity", "1 delete");
        try (Admin admin = Admin.create(
                Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaTestResource.bootstrapServers()))) {
            Map<String, TopicDescription> topics =
                    admin.describeTopics(expected.keySet()).allTopicNames().get();
            Map<ConfigResource, Config> configs = admin.describeConfigs(expected.keySet().stream()
                            .map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t))
                            .toList())
                    .all()
                    .get();
            Map<String, String> actual = new LinkedHashMap<>();
            for (String topic : expected.keySet()) {
                Config config = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, topic));
                actual.put(
                        topic,
                        topics.get(topic).partitions().size() + " "
                                + config.get("cleanup.policy").value());
                if (List.of(
                                "odp-importer.files",
                                "odp-importer.stores",
                                "odp-importer.dead-letter",
                                "odp-importer.activity")
                        .contains(topic)) {
                    assertThat(config.get("retention.ms").value()).isEqualTo(Long.toString(14L * 24 * 3600 * 1000));
                }
            }
            assertThat(actual).containsExactlyEntriesOf(expected);
        }
    }
}
