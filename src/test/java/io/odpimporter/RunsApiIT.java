package io.odpimporter;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import io.odpimporter.testing.Api;
import io.odpimporter.testing.AzuriteTestResource;
import io.odpimporter.testing.Blobs;
import io.odpimporter.testing.InjectOdpStandIn;
import io.odpimporter.testing.KafkaTestClient;
import io.odpimporter.testing.KafkaTestResource;
import io.odpimporter.testing.OdpStandInTestResource;
import io.odpimporter.testing.OdpValidation;
import io.odpimporter.testing.Stores;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.response.Response;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;

/** The runs API: its filters, clear JSON errors for bad requests, and the OpenAPI document describing it all. */
@QuarkusIntegrationTest
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = AzuriteTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = OdpStandInTestResource.class, scope = TestResourceScope.GLOBAL)
class RunsApiIT {

    @InjectOdpStandIn
    WireMockServer odp;

    @Test
    void aRunningRunShowsItsRecordsPerSecondAndAFinishedOneDoesNot() {
        String tag = Stores.tag("rate");
        // ODP taking 300 ms per request: 1,000 records in 10 batches last a few seconds
        StubMapping slow = odp.stubFor(WireMock.post(WireMock.urlPathMatching("/v3/objects/.*"))
                .atPriority(1)
                .withRequestBody(WireMock.containing(tag))
                .willReturn(OdpValidation.accepted().withFixedDelay(300)));
        try {
            Blobs.upload(
                    Blobs.container("offline-stores"), tag + "/stores.json", Stores.json(Stores.make(tag, 0, 1000)));
            String runId = Api.trigger(tag + "/", false);
            Awaitility.await("a live rate while RUNNING")
                    .atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> {
                        Response run = Api.run(runId);
                        Float rate = run.path("recordsPerSecond");
                        return "RUNNING".equals(run.path("status")) && rate != null && rate > 0;
                    });
            Response done = Api.awaitFinished(runId);
            assertThat(done.<String>path("status")).isEqualTo("COMPLETE");
            assertThat(done.<Object>path("recordsPerSecond")).isNull();
        } finally {
            odp.removeStub(slow);
        }
    }

    @Test
    void forceMustBeTrueOrFalse() {
        Api.operator()
                .queryParam("force", "yes")
                .post(Api.RUNS)
                .then()
                .statusCode(400)
                .body("error", containsString("force must be given once, as true or false"));
    }

    @Test
    void aBareEmptyOrRepeatedDryRunIsRefusedNotTakenForARealRun() {
        Api.operator()
                .queryParam("dryRun")
                .post(Api.RUNS)
                .then()
                .statusCode(400)
                .body("error", containsString("dryRun must be given once, as true or false"));
        Api.operator().queryParam("dryRun", "").post(Api.RUNS).then().statusCode(400);
        Api.operator()
                .queryParam("dryRun", "false")
                .queryParam("dryRun", "true")
                .post(Api.RUNS)
                .then()
                .statusCode(400);
    }

    @Test
    void aPrefixWithAControlCharacterIsRefused() {
        Api.operator()
                .queryParam("prefix", "a\u0000b")
                .post(Api.RUNS)
                .then()
                .statusCode(400)
                .body("error", containsString("prefix must not contain control characters"));
    }

    @Test
    void anUnknownRunIs404WithAMessage() {
        given().get(Api.RUNS + "/does-not-exist")
                .then()
                .statusCode(404)
                .body("error", containsString("No run does-not-exist"));
    }

    @Test
    void runsAreFilteredByTrackerIdStatusTriggerSinceAndLimit() {
        String tag = Stores.tag("filters");
        Blobs.upload(Blobs.container("offline-stores"), tag + "/stores.json", Stores.json(Stores.make(tag, 0, 2)));
        String runId = Api.operator()
                .queryParam("trackerId", tag)
                .queryParam("prefix", tag + "/")
                .post(Api.RUNS)
                .then()
                .statusCode(202)
                .extract()
                .path("runId");
        Api.awaitFinished(runId);

        given().queryParam("trackerId", tag)
                .get(Api.RUNS)
                .then()
                .statusCode(200)
                .body("$", hasSize(1))
                .body("[0].id", is(runId));
        given().queryParam("trackerId", tag)
                .queryParam("status", "complete")
                .get(Api.RUNS)
                .then()
                .body("$", hasSize(1));
        given().queryParam("trackerId", tag)
                .queryParam("status", "RUNNING")
                .get(Api.RUNS)
                .then()
                .body("$", hasSize(0));
        given().queryParam("trackerId", tag)
                .queryParam("trigger", "MANUAL")
                .get(Api.RUNS)
                .then()
                .body("$", hasSize(1));
        given().queryParam("trackerId", tag)
                .queryParam("trigger", "event_grid")
                .get(Api.RUNS)
                .then()
                .body("$", hasSize(0));
        String created = given().get(Api.RUNS + "/" + runId).then().extract().path("created");
        given().queryParam("trackerId", tag)
                .queryParam("since", created)
                .get(Api.RUNS)
                .then()
                .body("$", hasSize(1));
        given().queryParam("trackerId", tag)
                .queryParam("since", Instant.parse(created).plusMillis(1).toString())
                .get(Api.RUNS)
                .then()
                .body("$", hasSize(0));
        given().queryParam("limit", 1).get(Api.RUNS).then().statusCode(200).body("$", hasSize(1));
    }

    @Test
    void badFiltersAre400WithTheAllowedValues() {
        given().queryParam("status", "DONE")
                .get(Api.RUNS)
                .then()
                .statusCode(400)
                .body("error", is("status must be one of CANCELLED, COMPLETE, ERROR, RUNNING"));
        given().queryParam("trigger", "CRON")
                .get(Api.RUNS)
                .then()
                .statusCode(400)
                .body("error", is("trigger must be one of CATCH_UP, EVENT_GRID, MANUAL, REPLAY, SCHEDULE"));
        given().queryParam("since", "yesterday")
                .get(Api.RUNS)
                .then()
                .statusCode(400)
                .body("error", containsString("ISO-8601"));
        given().queryParam("limit", 0)
                .get(Api.RUNS)
                .then()
                .statusCode(400)
                .body("error", is("limit must be between 1 and 1000"));
    }

    @Test
    void theOpenApiDocumentDescribesEveryEndpointWithExamplesAndSwaggerUiIsServed() throws Exception {
        JsonNode doc = KafkaTestClient.MAPPER.readTree(given().queryParam("format", "json")
                .get("/q/openapi")
                .then()
                .statusCode(200)
                .extract()
                .asString());
        Map<String, List<String>> expected = Map.ofEntries(
                Map.entry(Api.RUNS, List.of("get", "post")),
                Map.entry(Api.RUNS + "/{id}", List.of("get")),
                Map.entry(Api.RUNS + "/{id}/cancel", List.of("post")),
                Map.entry(Api.RUNS + "/{id}/logs", List.of("get")),
                Map.entry("/dead-letters", List.of("get")),
                Map.entry("/dead-letters/replay", List.of("post")),
                Map.entry("/events/blob-created", List.of("post", "options")),
                Map.entry("/activity", List.of("get")),
                Map.entry("/status", List.of("get")),
                Map.entry("/me", List.of("get")));
        List<String> withoutExamples = new ArrayList<>();
        expected.forEach((path, methods) -> {
            for (String method : methods) {
                JsonNode operation = doc.path("paths").path(path).path(method);
                assertThat(operation.isMissingNode())
                        .as("%s %s in /q/openapi", method, path)
                        .isFalse();
                if (method.equals("options")) {
                    continue; // a handshake without a body
                }
                JsonNode ok = operation.path("responses").elements().next();
                if (!ok.toString().contains("\"example")) {
                    withoutExamples.add(method + " " + path);
                }
                if (operation.has("requestBody")
                        && !operation.path("requestBody").toString().contains("\"example")) {
                    withoutExamples.add(method + " " + path + " (request)");
                }
            }
        });
        assertThat(withoutExamples)
                .as("operations whose first answer has no example")
                .isEmpty();
        given().get("/q/swagger-ui/").then().statusCode(200).body(containsString("swagger"));
    }
}
