package io.odpimporter;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import io.odpimporter.testing.Api;
import io.odpimporter.testing.AzuriteTestResource;
import io.odpimporter.testing.Blobs;
import io.odpimporter.testing.InjectOdpStandIn;
import io.odpimporter.testing.KafkaTestResource;
import io.odpimporter.testing.OdpStandInTestResource;
import io.odpimporter.testing.Stores;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

/**
 * {@code GET .../runs/{id}/logs}: a run's log lines (sweep, file imports, parked records, ODP retries, its end) read
 * back from the run-logs topic, filtered by level, limited, and capped per run ({@code %test}: 100 lines).
 */
@QuarkusIntegrationTest
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = AzuriteTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = OdpStandInTestResource.class, scope = TestResourceScope.GLOBAL)
class RunLogsIT {

    @InjectOdpStandIn
    WireMockServer odp;

    private static List<Map<String, Object>> logs(String runId, String... query) {
        RequestSpecification request = given();
        for (int i = 0; i + 1 < query.length; i += 2) {
            request = request.queryParam(query[i], query[i + 1]);
        }
        return request.get(Api.RUNS + "/" + runId + "/logs")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("$");
    }

    private static List<String> messages(List<Map<String, Object>> lines) {
        return lines.stream().map(l -> (String) l.get("message")).toList();
    }

    @Test
    void aRunsLogHasItsSweepItsFilesItsParkedRecordsItsOdpRetriesAndItsEnd() {
        String tag = Stores.tag("run-logs");
        // ODP answers the run's first request 503, then accepts
        StubMapping unavailable = odp.stubFor(post(urlPathMatching("/v3/objects/.*"))
                .atPriority(1)
                .withRequestBody(containing(tag))
                .inScenario(tag)
                .whenScenarioStateIs(Scenario.STARTED)
                .willSetStateTo("up")
                .willReturn(aResponse().withStatus(503).withBody("{\"message\":\"busy\"}")));
        try {
            Blobs.upload(Blobs.container("offline-stores"), tag + "/a-good.json", Stores.json(Stores.make(tag, 0, 3)));
            Blobs.upload(
                    Blobs.container("offline-stores"),
                    tag + "/b-bad.json",
                    "[{\"id\":\"" + tag + "-x\",\"name\":\"ok\",\"location\":\"here\"},{\"name\":\"no id\"}]");
            String runId = Api.trigger(tag + "/", false);
            Api.awaitFinished(runId);

            String end = "Offline Store Import complete, imported 4 offline stores (run " + runId;
            await("the run's last line")
                    .atMost(Duration.ofSeconds(20))
                    .until(() -> messages(logs(runId)).stream().anyMatch(m -> m.startsWith(end)));
            List<Map<String, Object>> lines = logs(runId);
            List<String> messages = messages(lines);
            assertThat(messages.get(0)).startsWith("Run " + runId + " started (MANUAL");
            assertThat(messages).anyMatch(m -> m.equals("Run " + runId + ": sweep published 2 file(s)"));
            assertThat(messages)
                    .anyMatch(m -> m.startsWith("ODP did not accept a batch of ") && m.contains("HTTP 503"));
            assertThat(messages.get(messages.size() - 1)).startsWith(end);
            assertThat(lines).allSatisfy(l -> {
                assertThat(l.get("runId")).isEqualTo(runId);
                assertThat(l.get("instance")).isNotNull();
            });
            Map<String, Object> good = lines.stream()
                    .filter(l -> ((String) l.get("message")).startsWith("Blob " + tag + "/a-good.json"))
                    .findFirst()
                    .orElseThrow();
            assertThat(good)
                    .containsEntry("level", "INFO")
                    .containsEntry("blob", tag + "/a-good.json")
                    .containsEntry("logger", "FileImporter");
            assertThat((String) good.get("message")).contains("3 record(s) emitted, 0 parked");
            Map<String, Object> parked = lines.stream()
                    .filter(l -> "WARN".equals(l.get("level")) && ((String) l.get("message")).contains("parked"))
                    .findFirst()
                    .orElseThrow();
            assertThat(parked).containsEntry("blob", tag + "/b-bad.json");
            assertThat((String) parked.get("message")).contains("record 1 at byte");
            List<Instant> times =
                    lines.stream().map(l -> Instant.parse((String) l.get("at"))).toList();
            assertThat(times).isSorted();

            // level: at or above; limit: the newest
            List<Map<String, Object>> warnings = logs(runId, "level", "warn");
            assertThat(warnings)
                    .isNotEmpty()
                    .allSatisfy(l -> assertThat(l.get("level")).isIn("WARN", "ERROR"));
            assertThat(messages(warnings))
                    .anyMatch(m -> m.contains("parked"))
                    .anyMatch(m -> m.startsWith("ODP did not accept a batch"));
            assertThat(logs(runId, "level", "ERROR")).isEmpty();
            List<String> lastTwo = messages(logs(runId, "limit", "2"));
            assertThat(lastTwo).hasSize(2).isEqualTo(messages.subList(messages.size() - 2, messages.size()));
        } finally {
            odp.removeStub(unavailable);
        }
    }

    @Test
    void aRunOverItsCapShowsItsFirstLinesHowManyWereLeftOutAndItsLastLinesWithItsEnd() {
        String tag = Stores.tag("run-logs-cap");
        StringBuilder file = new StringBuilder("[");
        for (int i = 0; i < 150; i++) {
            file.append(i == 0 ? "" : ",")
                    .append("{\"name\":\"no id ")
                    .append(i)
                    .append("\"}");
        }
        Blobs.upload(
                Blobs.container("offline-stores"),
                tag + "/ids-missing.json",
                file.append("]").toString());
        double droppedBefore =
                MetricsIT.valueOrZero(MetricsIT.scrape(), "odp_importer_run_log_lines_dropped_total", "reason=\"cap\"");
        String runId = Api.trigger(tag + "/", false);
        Api.awaitFinished(runId);

        // %test: at most 100 lines: the first 88, a notice, a line saying how many were left out, the last 10
        String end = "Offline Store Import complete, imported 0 offline stores (run " + runId;
        await("the run's last line")
                .atMost(Duration.ofSeconds(20))
                .until(() -> messages(logs(runId)).stream().anyMatch(m -> m.startsWith(end)));
        List<Map<String, Object>> lines = logs(runId);
        List<String> messages = messages(lines);
        assertThat(lines).hasSize(100);
        assertThat(messages.get(0)).startsWith("Run " + runId + " started (MANUAL");
        assertThat(messages.get(87)).contains("parked");
        assertThat(lines.get(88)).containsEntry("level", "WARN");
        assertThat(messages.get(88)).startsWith("The log of run " + runId + " reached 88 lines on ");
        assertThat(lines.get(89)).containsEntry("level", "WARN");
        Matcher leftOut = Pattern.compile("… (\\d+) line\\(s\\) of run " + Pattern.quote(runId) + " left out here on "
                        + "\\S+ \\(importer.run-logs.max-lines-per-run=100 keeps a run's first 88 and last 10 line\\(s\\) per "
                        + "replica; all are in the service's own log\\) …")
                .matcher(messages.get(89));
        assertThat(leftOut.matches()).as(messages.get(89)).isTrue();
        assertThat(messages.get(messages.size() - 1)).startsWith(end);
        assertThat(messages.subList(90, 99)).noneMatch(m -> m.startsWith("The log of run") || m.startsWith("…"));
        // 150 parked lines, the file's and the run's own: every line past the 98 kept is counted, here and there
        long counted = Long.parseLong(leftOut.group(1));
        assertThat(counted).isGreaterThanOrEqualTo(150 + 2 - 98);
        assertThat(MetricsIT.value(MetricsIT.scrape(), "odp_importer_run_log_lines_dropped_total", "reason=\"cap\"")
                        - droppedBefore)
                .isEqualTo(counted);
    }

    @Test
    void aBadLevelOrLimitIs400AndAnUnknownRun404() {
        given().queryParam("level", "loud")
                .get(Api.RUNS + "/run-x/logs")
                .then()
                .statusCode(400)
                .body("error", is("level must be DEBUG, INFO, WARN or ERROR"));
        given().queryParam("limit", 0)
                .get(Api.RUNS + "/run-x/logs")
                .then()
                .statusCode(400)
                .body("error", containsString("limit must be between 1 and 1000"));
        given().get(Api.RUNS + "/run-x/logs").then().statusCode(404).body("error", containsString("No run run-x"));
    }
}
