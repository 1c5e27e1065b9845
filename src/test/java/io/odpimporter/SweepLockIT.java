package io.odpimporter;

import io.odpimporter.kafka.LockEvent;
import io.odpimporter.testing.Api;
import io.odpimporter.testing.AzuriteTestResource;
import io.odpimporter.testing.KafkaTestClient;
import io.odpimporter.testing.KafkaTestResource;
import io.odpimporter.testing.OdpStandInTestResource;
import io.odpimporter.testing.Stores;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import io.odpimporter.discovery.SweepRequest;
import io.odpimporter.discovery.SweepService;
import jakarta.inject.Inject;

import static org.assertj.core.api.Assertions.assertThat;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

/** One sweep at a time across replicas: the lock lives in Kafka, so a sweep held by another replica blocks ours. */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = AzuriteTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = OdpStandInTestResource.class, scope = TestResourceScope.GLOBAL)
class SweepLockIT {

    @Inject
    SweepService sweeps;

    @Test
    void aScheduledSweepStandsDownWhenItsCronMomentWasAlreadySweptEvenIfThatSweepEnded() {
        Instant moment = Instant.now();
        String manual = Api.operator().queryParam("prefix", "nothing-here/").post(Api.RUNS)
                .then().statusCode(202).extract().path("runId");
        Api.awaitFinished(manual);

        // another replica's scheduler firing late for the same moment: the moment was swept, no second sweep
        SweepService.Started late = sweeps.start(scheduled(moment));
        assertThat(late.accepted()).isFalse();
        assertThat(late.alreadyDone()).isTrue();
        assertThat(late.runningRunId()).isNotNull();
        given().get(Api.RUNS + "/" + late.runningRunId()).then().statusCode(200);

        // the next cron moment is swept
        SweepService.Started next = sweeps.start(scheduled(Instant.now().plusSeconds(2)));
        assertThat(next.accepted()).isTrue();
        Api.awaitFinished(next.runId());
    }

    /** A scheduled sweep of an empty prefix, so it imports nothing of the other tests. */
    private static SweepRequest scheduled(Instant moment) {
        return new SweepRequest(SweepRequest.SCHEDULE, null, false, "nothing-here/", moment);
    }

    @Test
    void aTriggerWhileAnotherReplicaSweepsAnswers409NamingItsRun() {
        String otherRun = "run-" + Stores.tag("other-replica");
        KafkaTestClient.send("odp-importer.locks", "sweep/" + otherRun,
                new LockEvent(LockEvent.SCHEMA_VERSION, "sweep", otherRun, LockEvent.Op.ACQUIRE, Instant.now()));
        try {
            Api.operator().queryParam("prefix", "nothing-here/").post(Api.RUNS)
                    .then().statusCode(409)
                    .body("runningRunId", equalTo(otherRun))
                    .body("error", containsString(otherRun));
        } finally {
            KafkaTestClient.send("odp-importer.locks", "sweep/" + otherRun,
                    new LockEvent(LockEvent.SCHEMA_VERSION, "sweep", otherRun, LockEvent.Op.RELEASE, Instant.now()));
        }
        String runId = Api.operator().queryParam("prefix", "nothing-here/").queryParam("trackerId", "after-release")
                .post(Api.RUNS)
                .then().statusCode(202)
                .header("Location", containsString(Api.RUNS + "/"))
                .body("runId", startsWith("run-"))
                .extract().path("runId");
        Api.awaitFinished(runId);
        given().get(Api.RUNS).then().statusCode(200).body("find { it.id == '" + runId + "' }.trackerId",
                equalTo("after-release"));
    }
}
