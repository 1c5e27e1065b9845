package io.odpimporter;

import io.odpimporter.domain.LockEvent;
import io.odpimporter.testing.Api;
import io.odpimporter.testing.AzuriteTestResource;
import io.odpimporter.testing.KafkaTestClient;
import io.odpimporter.testing.KafkaTestResource;
import io.odpimporter.testing.OdpStandInTestResource;
import io.odpimporter.testing.Stores;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

/** One sweep at a time across replicas: the lock lives in Kafka, so a sweep held by another replica blocks ours. */
@QuarkusIntegrationTest
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = AzuriteTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = OdpStandInTestResource.class, scope = TestResourceScope.GLOBAL)
class SweepLockIT {

    @Test
    void aTriggerWhileAnotherReplicaSweepsAnswers409NamingItsRun() {
        String otherRun = "run-" + Stores.tag("other-replica");
        KafkaTestClient.send(
                "odp-importer.locks",
                "sweep/" + otherRun,
                new LockEvent(LockEvent.SCHEMA_VERSION, "sweep", otherRun, LockEvent.Op.ACQUIRE, Instant.now(), null));
        try {
            Api.operator()
                    .queryParam("prefix", "nothing-here/")
                    .post(Api.RUNS)
                    .then()
                    .statusCode(409)
                    .body("runningRunId", equalTo(otherRun))
                    .body("error", containsString(otherRun));
        } finally {
            KafkaTestClient.send(
                    "odp-importer.locks",
                    "sweep/" + otherRun,
                    new LockEvent(
                            LockEvent.SCHEMA_VERSION, "sweep", otherRun, LockEvent.Op.RELEASE, Instant.now(), null));
        }
        String runId = Api.operator()
                .queryParam("prefix", "nothing-here/")
                .queryParam("trackerId", "after-release")
                .post(Api.RUNS)
                .then()
                .statusCode(202)
                .header("Location", containsString(Api.RUNS + "/"))
                .body("runId", startsWith("run-"))
                .extract()
                .path("runId");
        Api.awaitFinished(runId);
        given().get(Api.RUNS)
                .then()
                .statusCode(200)
                .body("find { it.id == '" + runId + "' }.trackerId", equalTo("after-release"));
    }
}
