package io.odpimporter;

import io.odpimporter.testing.Api;
import io.odpimporter.testing.AzuriteTestResource;
import io.odpimporter.testing.Blobs;
import io.odpimporter.testing.EntraIdTestResource;
import io.odpimporter.testing.KafkaTestClient;
import io.odpimporter.testing.KafkaTestResource;
import io.odpimporter.testing.OdpStandInTestResource;
import io.odpimporter.testing.Stores;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Only the newest {@code importer.runs.keep} runs are kept (3 here): older finished runs get a tombstone for every
 * one of their keys on the compacted runs topic and are no longer listed or found.
 */
@QuarkusIntegrationTest
@TestProfile(RunRetentionIT.KeepThree.class)
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = AzuriteTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = OdpStandInTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = EntraIdTestResource.class, scope = TestResourceScope.GLOBAL)
class RunRetentionIT {

    public static class KeepThree implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("importer.runs.keep", "3");
        }
    }

    @Test
    void runsBeyondTheNewestKeepAreDroppedWithTombstonesForAllTheirKeys() {
        String tag = Stores.tag("keep");
        Blobs.upload(Blobs.container("offline-stores"), tag + "/stores.json", Stores.json(Stores.make(tag, 0, 2)));
        List<String> runIds = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            // forced, so every run imports the file: each run has file and record events, not just its start
            String runId = Api.operator()
                    .queryParam("trackerId", tag)
                    .queryParam("prefix", tag + "/")
                    .queryParam("force", true)
                    .post(Api.RUNS)
                    .then()
                    .statusCode(202)
                    .extract()
                    .path("runId");
            Api.awaitFinished(runId);
            runIds.add(runId);
        }

        await("only the newest 3 runs listed")
                .atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(given().queryParam("trackerId", tag)
                                .get(Api.RUNS)
                                .then()
                                .statusCode(200)
                                .extract()
                                .jsonPath()
                                .<String>getList("id"))
                        .containsExactly(runIds.get(4), runIds.get(3), runIds.get(2)));
        for (String dropped : runIds.subList(0, 2)) {
            given().get(Api.RUNS + "/" + dropped).then().statusCode(404);
            given().get(Api.RUNS + "/" + dropped + "/logs").then().statusCode(404);
        }
        given().get(Api.RUNS + "/" + runIds.get(2)).then().statusCode(200);

        List<ConsumerRecord<String, String>> records = KafkaTestClient.readAll("odp-importer.runs");
        for (String dropped : runIds.subList(0, 2)) {
            Set<String> keys = records.stream()
                    .filter(r -> r.key().startsWith(dropped + "/"))
                    .map(ConsumerRecord::key)
                    .collect(Collectors.toSet());
            assertThat(keys)
                    .as("keys of %s", dropped)
                    .contains(dropped + "/STARTED", dropped + "/COMPLETED")
                    .anyMatch(k -> k.startsWith(dropped + "/FILE_DONE/"));
            for (String key : keys) {
                ConsumerRecord<String, String> last = records.stream()
                        .filter(r -> r.key().equals(key))
                        .reduce((a, b) -> b)
                        .orElseThrow();
                assertThat(last.value()).as("last record of %s", key).isNull();
            }
        }
        Set<String> kept = records.stream()
                .filter(r -> r.key().startsWith(runIds.get(4) + "/"))
                .filter(r -> r.value() == null)
                .map(ConsumerRecord::key)
                .collect(Collectors.toSet());
        assertThat(kept).as("tombstones of the newest run").isEmpty();
    }
}
