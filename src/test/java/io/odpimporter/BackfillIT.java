package io.odpimporter;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.odpimporter.testing.Api;
import io.odpimporter.testing.AzuriteTestResource;
import io.odpimporter.testing.Blobs;
import io.odpimporter.testing.EventGrid;
import io.odpimporter.testing.InjectOdpStandIn;
import io.odpimporter.testing.KafkaTestResource;
import io.odpimporter.testing.OdpJournal;
import io.odpimporter.testing.OdpStandInTestResource;
import io.odpimporter.testing.Stores;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;

/**
 * "Start from now" and backfills (docs/operations.md): with {@code importer.sweep.start-after=first-start}, blobs
 * uploaded before the service's first start are left alone by the sweep and the webhook, listed in {@code /status}'s
 * instant, and imported by a backfill whose range reaches below it; {@code force} with a range imports them again;
 * the run names who asked and warns.
 */
@QuarkusIntegrationTest
@TestProfile(BackfillIT.FromFirstStart.class)
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = AzuriteTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = OdpStandInTestResource.class, scope = TestResourceScope.GLOBAL)
class BackfillIT {

    static final String ID = "ocp_quickstart_offline_store_id";
    /** Uploaded before the service starts: older than its first start. */
    static final String OLD_TAG = Stores.tag("backfill-old");

    static final String OLD_BLOB = "backfill/" + OLD_TAG + ".json";
    static final Path LOG = Path.of("target", "quarkus-test.log");

    /** {@code first-start}, with a state topic of this run's own, and the old blob uploaded before the start. */
    public static class FromFirstStart implements QuarkusTestProfile {
        /** A state topic no earlier run wrote to: this start is the first. */
        static final String STATE_TOPIC = "odp-importer.state-" + OLD_TAG;

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("importer.sweep.start-after", "first-start", "importer.topics.state", STATE_TOPIC);
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(OldBlobs.class));
        }
    }

    /** Uploads the old blob once Azurite runs, before the service starts. */
    public static class OldBlobs implements QuarkusTestResourceLifecycleManager {
        @Override
        public Map<String, String> start() {
            // idempotent: Azurite runs once per test JVM, whichever resource starts it
            new AzuriteTestResource().start();
            Blobs.upload(Blobs.container("offline-stores"), OLD_BLOB, Stores.json(Stores.make(OLD_TAG, 0, 3)));
            return Map.of();
        }

        @Override
        public void stop() {}

        @Override
        public int order() {
            return 100;
        }
    }

    @InjectOdpStandIn
    WireMockServer odp;

    @Test
    void aSweepImportsOnlyNewBlobsAndABackfillBelowTheInstantImportsTheOldOnesAgainWithForce() throws Exception {
        Instant oldModified = Blobs.container("offline-stores")
                .getBlobClient(OLD_BLOB)
                .getProperties()
                .getLastModified()
                .toInstant();
        Map<String, Object> startAfter =
                given().get("/status").then().statusCode(200).extract().path("startAfter");
        assertThat(startAfter).containsEntry("setting", "first-start");
        Instant instant = Instant.parse((String) startAfter.get("instant"));
        assertThat(oldModified).isBefore(instant);

        String newTag = Stores.tag("backfill-new");
        Blobs.upload(
                Blobs.container("offline-stores"),
                "backfill/" + newTag + ".json",
                Stores.json(Stores.make(newTag, 0, 2)));
        String sweep = Api.trigger("backfill/", false);
        Response swept = Api.awaitFinished(sweep);
        assertThat(swept.<String>path("status")).isEqualTo("COMPLETE");
        assertThat(swept.<Integer>path("files")).isEqualTo(1);
        assertThat(swept.<String>path("fileDetails[0].blobName")).isEqualTo("backfill/" + newTag + ".json");
        assertThat(swept.<Object>path("warning")).isNull();
        awaitAccepted(newTag, 2);
        assertThat(OdpJournal.accepted(odp, ID, OLD_TAG)).isEmpty();
        assertThat(Files.readString(LOG))
                .contains("Run " + sweep + ": ")
                .contains("1 left alone, last modified before importer.sweep.start-after");

        // the old blob lists NOT_IMPORTED until it is backfilled on purpose
        given().queryParam("prefix", OLD_BLOB)
                .get("/files")
                .then()
                .statusCode(200)
                .body("files.size()", is(1))
                .body("files[0].blobName", is(OLD_BLOB))
                .body("files[0].status", is("NOT_IMPORTED"));

        // a backfill reaching below the instant, on purpose: the old blob is imported, the new one is outside it
        Response answer = Api.operator()
                .queryParam("prefix", "backfill/")
                .queryParam(
                        "modifiedFrom", oldModified.minus(Duration.ofDays(1)).toString())
                .queryParam("modifiedTo", instant.toString())
                .post(Api.RUNS)
                .then()
                .statusCode(202)
                .extract()
                .response();
        assertThat(answer.<String>path("warning")).contains("can overwrite newer values");
        Response backfill = Api.awaitFinished(answer.path("runId"));
        assertThat(backfill.<String>path("status")).isEqualTo("COMPLETE");
        assertThat(backfill.<Integer>path("files")).isEqualTo(1);
        assertThat(backfill.<String>path("fileDetails[0].blobName")).isEqualTo(OLD_BLOB);
        assertThat(backfill.<String>path("requestedBy")).isEqualTo(Api.OPERATOR);
        assertThat(backfill.<String>path("modifiedTo")).isEqualTo(instant.toString());
        assertThat(backfill.<String>path("warning")).contains("can overwrite newer values");
        awaitAccepted(OLD_TAG, 3);

        // the same range again: nothing new; with force the delivered old blob is imported again
        String again = Api.operator()
                .queryParam("prefix", "backfill/")
                .queryParam("modifiedTo", instant.toString())
                .post(Api.RUNS)
                .then()
                .statusCode(202)
                .extract()
                .path("runId");
        assertThat(Api.awaitFinished(again).<Integer>path("files")).isEqualTo(0);
        Response forced = Api.operator()
                .queryParam("prefix", "backfill/")
                .queryParam("modifiedTo", instant.toString())
                .queryParam("force", true)
                .post(Api.RUNS)
                .then()
                .statusCode(202)
                .extract()
                .response();
        assertThat(forced.<String>path("warning")).contains("can overwrite newer values");
        Response reimported = Api.awaitFinished(forced.path("runId"));
        assertThat(reimported.<Integer>path("files")).isEqualTo(1);
        assertThat(reimported.<Boolean>path("force")).isTrue();
        assertThat(reimported.<String>path("requestedBy")).isEqualTo(Api.OPERATOR);
        awaitAccepted(OLD_TAG, 6);
        assertThat(given().get("/activity").then().statusCode(200).extract().<List<Map<String, Object>>>path("$"))
                .anySatisfy(entry -> {
                    assertThat(entry.get("runId")).isEqualTo(forced.path("runId"));
                    assertThat(entry.get("title")).isEqualTo("Forced backfill requested by " + Api.OPERATOR);
                });

        // a forced sweep without a range: who asked is on the run and in the activity log too (start-after holds)
        String forcedSweep = Api.trigger("backfill/", true);
        Response resweep = Api.awaitFinished(forcedSweep);
        assertThat(resweep.<Integer>path("files")).isEqualTo(1);
        assertThat(resweep.<Boolean>path("force")).isTrue();
        assertThat(resweep.<String>path("requestedBy")).isEqualTo(Api.OPERATOR);
        assertThat(given().get("/activity").then().statusCode(200).extract().<List<Map<String, Object>>>path("$"))
                .anySatisfy(entry -> {
                    assertThat(entry.get("runId")).isEqualTo(forcedSweep);
                    assertThat(entry.get("title")).isEqualTo("Forced sweep requested by " + Api.OPERATOR);
                });
    }

    @Test
    void theWebhookLeavesABlobOlderThanTheInstantAlone() {
        var blob = Blobs.container("offline-stores").getBlobClient(OLD_BLOB);
        var event = EventGrid.event(EventGrid.Blob.of(blob)).put("eventTime", "2020-01-01T00:00:00.0000000Z");
        given().queryParam("secret", "test-webhook-secret")
                .contentType("application/json")
                .body(EventGrid.array(List.of(event)))
                .post("/events/blob-created")
                .then()
                .statusCode(200)
                .body("imported", is(0))
                .body("ignored", is(1));
    }

    @Test
    void aBadRangeIs400NamingTheParameter() {
        Api.operator()
                .queryParam("modifiedFrom", "2026-11-01")
                .post(Api.RUNS)
                .then()
                .statusCode(400)
                .body("error", startsWith("modifiedFrom must be an ISO-8601 instant"));
        Api.operator()
                .queryParam("modifiedFrom", "2026-11-08T00:00:00Z")
                .queryParam("modifiedTo", "2026-11-01T00:00:00Z")
                .post(Api.RUNS)
                .then()
                .statusCode(400)
                .body("error", startsWith("modifiedFrom must be before modifiedTo"));
    }

    private void awaitAccepted(String tag, int count) {
        await("ODP accepted " + count + " records of " + tag)
                .atMost(Duration.ofSeconds(60))
                .until(() -> OdpJournal.accepted(odp, ID, tag).size() >= count);
        assertThat(OdpJournal.accepted(odp, ID, tag)).hasSize(count);
    }
}
