package io.odpimporter;

import com.azure.storage.blob.BlobContainerClient;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.odpimporter.testing.Api;
import io.odpimporter.testing.AzuriteTestResource;
import io.odpimporter.testing.Blobs;
import io.odpimporter.testing.EntraIdTestResource;
import io.odpimporter.testing.InjectOdpStandIn;
import io.odpimporter.testing.KafkaTestResource;
import io.odpimporter.testing.OdpStandInTestResource;
import io.odpimporter.testing.Stores;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.is;

/**
 * The activity log (run ends, files parked as bad, configuration faults) at {@code GET /activity}, and its
 * notifications to the configured URL (the ODP stand-in's {@code /hooks/activity} in the test profile).
 */
@QuarkusIntegrationTest
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = AzuriteTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = OdpStandInTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = EntraIdTestResource.class, scope = TestResourceScope.GLOBAL)
class ActivityIT {

    static final String HOOK = "/hooks/activity";
    static BlobContainerClient container;

    @InjectOdpStandIn
    WireMockServer odp;

    @BeforeAll
    static void container() {
        container = Blobs.container("offline-stores");
    }

    private static List<Map<String, Object>> activity(String level) {
        return JsonPath.from(given().queryParam("level", level)
                        .queryParam("limit", 1000)
                        .get("/activity")
                        .then()
                        .statusCode(200)
                        .extract()
                        .asString())
                .getList("$");
    }

    private static Map<String, Object> entry(String level, String id) {
        return activity(level).stream()
                .filter(e -> id.equals(e.get("id")))
                .findFirst()
                .orElse(null);
    }

    private List<LoggedRequest> hookCalls(String containing) {
        return odp.findAll(postRequestedFor(urlPathEqualTo(HOOK))).stream()
                .filter(r -> r.getBodyAsString().contains(containing))
                .toList();
    }

    @Test
    void aCleanRunIsASuccessAndABadFileAndItsRunAreWarningsSentToTheHook() {
        String clean = Stores.tag("activity-clean");
        Blobs.upload(container, clean + "/stores.json", Stores.json(Stores.make(clean, 0, 3)));
        String cleanRun = Api.awaitFinished(Api.trigger(clean + "/", false)).path("id");
        await("the run's SUCCESS entry")
                .atMost(Duration.ofSeconds(20))
                .until(() -> entry("success", "run-end/" + cleanRun) != null);
        Map<String, Object> success = entry("success", "run-end/" + cleanRun);
        assertThat(success.get("title")).isEqualTo("Offline Store Import complete");
        assertThat((String) success.get("summary")).startsWith("Imported 3 offline stores in run " + cleanRun);
        assertThat(success.get("runId")).isEqualTo(cleanRun);

        String tag = Stores.tag("activity-bad");
        Blobs.upload(container, tag + "/good.json", Stores.json(Stores.make(tag, 0, 2)));
        String truncated = Stores.json(Stores.make(tag + "-b", 0, 2));
        Blobs.upload(container, tag + "/bad.json", truncated.substring(0, truncated.length() - 10));
        String runId = Api.awaitFinished(Api.trigger(tag + "/", false)).path("id");

        await("the bad file's and the run's WARN entries")
                .atMost(Duration.ofSeconds(20))
                .until(() -> entry("warn", "run-end/" + runId) != null
                        && activity("WARN").stream()
                                .anyMatch(e -> runId.equals(e.get("runId")) && "file".equals(e.get("activity"))));
        Map<String, Object> file = activity("warn").stream()
                .filter(e -> runId.equals(e.get("runId")) && "file".equals(e.get("activity")))
                .findFirst()
                .orElseThrow();
        assertThat(file.get("title")).isEqualTo("File parked as bad: " + tag + "/bad.json");
        @SuppressWarnings("unchecked")
        Map<String, Object> details = (Map<String, Object>) file.get("details");
        assertThat(details)
                .containsEntry("blob", tag + "/bad.json")
                .containsEntry("runId", runId)
                .containsKeys("etag", "byteOffset", "reason");
        assertThat((String) details.get("reason")).contains(tag + "/bad.json");
        Map<String, Object> end = entry("warn", "run-end/" + runId);
        assertThat((String) end.get("summary")).contains("1 failed");
        // the level filter: neither is listed among errors or successes
        assertThat(activity("error,success")).noneMatch(e -> runId.equals(e.get("runId")));

        await("both WARN entries notified")
                .atMost(Duration.ofSeconds(20))
                .until(() -> !hookCalls("run-end/" + runId).isEmpty()
                        && !hookCalls("file-failed/" + runId).isEmpty());
        LoggedRequest sent = hookCalls("run-end/" + runId).get(0);
        assertThat(sent.getHeader("Content-Type")).startsWith("application/json");
        assertThat(sent.queryParameter("token").firstValue()).isEqualTo("notify-secret-token");
        // SUCCESS is below the notify level (WARN): the clean run, finished before, was never sent
        assertThat(hookCalls("run-end/" + cleanRun)).isEmpty();
    }

    @Test
    void aConfigurationFaultIsAnErrorEntryAndItsEndAnInfoEntry() {
        Instant start = Instant.now();
        String tag = Stores.tag("activity-key");
        StubMapping forbidden = odp.stubFor(post(urlPathMatching("/v3/objects/.*"))
                .atPriority(1)
                .withRequestBody(containing(tag))
                .willReturn(aResponse()
                        .withStatus(403)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"message\":\"Forbidden\"}")));
        String runId;
        try {
            Blobs.upload(container, tag + "/stores.json", Stores.json(Stores.make(tag, 0, 2)));
            runId = Api.trigger(tag + "/", false);
            await("an ERROR entry for the fault")
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> activity("error").stream()
                            .anyMatch(e -> "configuration".equals(e.get("activity"))
                                    && Instant.parse((String) e.get("at")).isAfter(start)));
        } finally {
            odp.removeStub(forbidden);
        }
        Map<String, Object> fault = activity("error").stream()
                .filter(e -> "configuration".equals(e.get("activity"))
                        && Instant.parse((String) e.get("at")).isAfter(start))
                .findFirst()
                .orElseThrow();
        assertThat(fault.get("title")).isEqualTo("ODP refuses the import (HTTP 403)");
        assertThat((String) fault.get("summary"))
                .contains("importer.odp.api-key")
                .contains("nothing is parked");
        assertThat(Api.awaitFinished(runId).<String>path("status")).isEqualTo("COMPLETE");
        await("an INFO entry for its end")
                .atMost(Duration.ofSeconds(20))
                .until(() -> activity("info").stream()
                        .anyMatch(e -> ("odp-configuration-fault-over/"
                                        + ((String) fault.get("id")).substring("odp-configuration-fault/".length()))
                                .equals(e.get("id"))));
        await("the ERROR entry notified")
                .atMost(Duration.ofSeconds(20))
                .until(() -> !hookCalls((String) fault.get("id")).isEmpty());
    }

    @Test
    void aNotificationTheHookRefusesIsSentAgain() {
        String tag = Stores.tag("activity-retry");
        StubMapping refuseOnce = odp.stubFor(post(urlPathEqualTo(HOOK))
                .atPriority(1)
                .withRequestBody(containing("file-failed/"))
                .withRequestBody(containing(tag))
                .inScenario("hook-" + tag)
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(503))
                .willSetStateTo("refused once"));
        try {
            Blobs.upload(container, tag + "/bad.json", "[{\"id\":\"" + tag + "-0\"},");
            String runId = Api.awaitFinished(Api.trigger(tag + "/", false)).path("id");
            await("sent again after the 503")
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> hookCalls("file-failed/" + runId).size() >= 2);
            assertThat(odp.getAllServeEvents().stream()
                            .filter(e -> e.getRequest().getUrl().startsWith(HOOK)
                                    && e.getRequest().getBodyAsString().contains("file-failed/" + runId))
                            .map(e -> e.getResponse().getStatus())
                            .toList())
                    .contains(503, 200);
        } finally {
            odp.removeStub(refuseOnce);
        }
    }

    @Test
    void aBadLevelOrLimitIs400() {
        given().queryParam("level", "debug")
                .get("/activity")
                .then()
                .statusCode(400)
                .body("error", is("level must be INFO, SUCCESS, WARN or ERROR (comma-separated)"));
        given().queryParam("limit", 0).get("/activity").then().statusCode(400);
    }
}
