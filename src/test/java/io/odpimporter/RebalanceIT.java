package io.odpimporter;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import io.odpimporter.testing.Api;
import io.odpimporter.testing.AzuriteTestResource;
import io.odpimporter.testing.Blobs;
import io.odpimporter.testing.InjectOdpStandIn;
import io.odpimporter.testing.KafkaTestResource;
import io.odpimporter.testing.OdpJournal;
import io.odpimporter.testing.OdpStandInTestResource;
import io.odpimporter.testing.Stores;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Per-key order on rebalance (docs/architecture.md §5.4): when stores partitions move to another replica while the
 * sink retries during an ODP outage, the sink stops sending those partitions' records (the new owner sends them), and takes
 * them up again from the committed offset when the partitions come back. Nothing is lost.
 */
@QuarkusIntegrationTest
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = AzuriteTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = OdpStandInTestResource.class, scope = TestResourceScope.GLOBAL)
class RebalanceIT {

    static final String ID = "ocp_quickstart_offline_store_id";

    @InjectOdpStandIn
    WireMockServer odp;

    @Test
    void recordsOfRevokedPartitionsAreLeftToTheirNewOwner() {
        String tag = Stores.tag("rebalance");
        StubMapping outage = odp.stubFor(post(urlPathMatching("/v3/objects/.*"))
                .atPriority(1)
                .withRequestBody(containing(tag))
                .willReturn(aResponse().withStatus(503)));
        KafkaConsumer<String, String> otherReplica = null;
        try {
            Blobs.upload(Blobs.container("offline-stores"), tag + "/a.json", Stores.json(Stores.make(tag, 0, 30)));
            String runId = Api.trigger(tag + "/", false);
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> OdpJournal.upserts(odp, ID, tag).stream()
                                    .filter(u -> u.status() == 503)
                                    .count()
                            >= 2);

            // another replica joins the stores consumer group and takes some partitions
            otherReplica = new KafkaConsumer<>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaTestResource.bootstrapServers(),
                    ConsumerConfig.GROUP_ID_CONFIG, "odp-blob-importer-stores",
                    ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                    ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName(),
                    ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                    ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName()));
            otherReplica.subscribe(List.of("odp-importer.stores"));
            KafkaConsumer<String, String> other = otherReplica;
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                other.poll(Duration.ofMillis(100));
                return !other.assignment().isEmpty();
            });
            Set<Integer> moved =
                    other.assignment().stream().map(TopicPartition::partition).collect(Collectors.toSet());
            List<String> ids =
                    IntStream.range(0, 30).mapToObj(i -> tag + "-" + i).toList();
            Set<String> stayed =
                    ids.stream().filter(id -> !moved.contains(partition(id))).collect(Collectors.toSet());
            assertThat(stayed).isNotEmpty().hasSizeLessThan(30);

            odp.removeStub(outage);
            outage = null;
            await().atMost(Duration.ofSeconds(30)).until(() -> accepted(tag).containsAll(stayed));
            // a little more polling by the other replica keeps it in the group while the sink works
            other.poll(Duration.ofMillis(500));
            assertThat(accepted(tag))
                    .as("only the partitions the sink still owns were sent")
                    .isEqualTo(stayed);

            // the other replica leaves without committing: its partitions come back and nothing is lost
            otherReplica.close();
            otherReplica = null;
            await().atMost(Duration.ofSeconds(60)).until(() -> accepted(tag).size() == 30);
            assertThat(Api.awaitFinished(runId).<Integer>path("accepted")).isEqualTo(30);
        } finally {
            if (outage != null) {
                odp.removeStub(outage);
            }
            if (otherReplica != null) {
                otherReplica.close();
            }
        }
    }

    private Set<String> accepted(String tag) {
        Set<String> ids = new HashSet<>();
        OdpJournal.accepted(odp, ID, tag).forEach(o -> ids.add(o.get(ID).asText()));
        return ids;
    }

    /** The stores topic's partition of a key (Kafka's default partitioner, 3 partitions). */
    private static int partition(String key) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % 3;
    }
}
