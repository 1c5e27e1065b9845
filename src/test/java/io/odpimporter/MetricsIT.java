package io.odpimporter;

import com.azure.core.util.BinaryData;
import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.BlobContainerClient;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import io.odpimporter.testing.Api;
import io.odpimporter.testing.AzuriteTestResource;
import io.odpimporter.testing.Blobs;
import io.odpimporter.testing.EntraIdTestResource;
import io.odpimporter.testing.EventGrid;
import io.odpimporter.testing.InjectOdpStandIn;
import io.odpimporter.testing.KafkaTestResource;
import io.odpimporter.testing.OdpJournal;
import io.odpimporter.testing.OdpStandInTestResource;
import io.odpimporter.testing.Stores;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The Prometheus meters at {@code /q/metrics}: present under the {@code odp_importer_} prefix and moving with an
 * import (sweep and webhook) and an ODP outage. Deltas, not absolute values: other tests share the service.
 */
@QuarkusIntegrationTest
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = AzuriteTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = OdpStandInTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = EntraIdTestResource.class, scope = TestResourceScope.GLOBAL)
class MetricsIT {

    static final String ID = "ocp_quickstart_offline_store_id";
    static BlobContainerClient container;

    @InjectOdpStandIn
    WireMockServer odp;

    @BeforeAll
    static void container() {
        container = Blobs.container("offline-stores");
    }

    static String scrape() {
        return Api.management()
                .get("/q/metrics")
                .then()
                .statusCode(200)
                .extract()
                .asString();
    }

    /** @return the sum of the series {@code name} whose labels contain every {@code label="value"} given */
    static double value(String metrics, String name, String... labels) {
        Double sum = sum(metrics, name, labels);
        assertThat(sum).as("series %s%s in /q/metrics", name, List.of(labels)).isNotNull();
        return sum;
    }

    /** @return like {@link #value}, 0 if the series is not registered yet */
    static double valueOrZero(String metrics, String name, String... labels) {
        Double sum = sum(metrics, name, labels);
        return sum == null ? 0 : sum;
    }

    private static Double sum(String metrics, String name, String... labels) {
        Double sum = null;
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "(\\{[^}]*})? ([-+0-9.eE]+|NaN)$")
                .matcher(metrics);
        while (m.find()) {
            String series = m.group(1) == null ? "" : m.group(1);
            boolean all = true;
            for (String label : labels) {
                all &= series.contains(label);
            }
            if (all) {
                sum = (sum == null ? 0 : sum) + Double.parseDouble(m.group(2));
            }
        }
        return sum;
    }

    @Test
    void aSweepImportMovesThePipelineMeters() {
        String tag = Stores.tag("metrics");
        String before = scrape();
        String file = Stores.json(Stores.make(tag, 0, 150));
        file = file.substring(0, file.length() - 1) + ",{\"name\":\"no id\"}]";
        Blobs.upload(container, tag + "/stores.json", file);
        Response run = Api.awaitFinished(Api.trigger(tag + "/", false));
        assertThat(run.<String>path("status")).isEqualTo("COMPLETE");
        String after = scrape();

        assertThat(value(after, "odp_importer_blobs_discovered_total", "source=\"manual\"")
                        - valueOrZero(before, "odp_importer_blobs_discovered_total", "source=\"manual\""))
                .isEqualTo(1);
        assertThat(value(after, "odp_importer_files_total", "outcome=\"imported\"")
                        - valueOrZero(before, "odp_importer_files_total", "outcome=\"imported\""))
                .isEqualTo(1);
        assertThat(value(after, "odp_importer_records_emitted_total")
                        - valueOrZero(before, "odp_importer_records_emitted_total"))
                .isEqualTo(150);
        assertThat(value(after, "odp_importer_records_accepted_total")
                        - valueOrZero(before, "odp_importer_records_accepted_total"))
                .isEqualTo(150);
        assertThat(value(after, "odp_importer_records_rejected_total", "stage=\"importer\"")
                        - valueOrZero(before, "odp_importer_records_rejected_total", "stage=\"importer\""))
                .isEqualTo(1);
        // 150 records in batches of at most 100: at least two 2xx requests, with latency buckets
        assertThat(value(after, "odp_importer_odp_requests_seconds_count", "status_class=\"2xx\"")
                        - valueOrZero(before, "odp_importer_odp_requests_seconds_count", "status_class=\"2xx\""))
                .isGreaterThanOrEqualTo(2);
        assertThat(value(after, "odp_importer_odp_requests_seconds_bucket", "status_class=\"2xx\"", "le=\"+Inf\""))
                .isPositive();
        assertThat(value(after, "odp_importer_sink_batch_size_records_sum")
                        - valueOrZero(before, "odp_importer_sink_batch_size_records_sum"))
                .isGreaterThanOrEqualTo(150);
        assertThat(value(after, "odp_importer_sink_batch_size_records_bucket", "le=\"+Inf\""))
                .isPositive();
        assertThat(value(after, "odp_importer_sink_state", "state=\"flowing\"")).isEqualTo(1);
        assertThat(value(after, "odp_importer_sink_state", "state=\"paused\"")).isZero();
        assertThat(value(after, "odp_importer_kafka_consumer_records_lag_max", "topic=\"odp-importer.stores\""))
                .isNotNegative();
        assertThat(value(after, "odp_importer_kafka_consumer_records_lag_max", "topic=\"odp-importer.files\""))
                .isNotNegative();
    }

    @Test
    void anOdpOutageCountsRetriesAnd5xxAndShowsTheSinkRetrying() {
        String tag = Stores.tag("metrics-outage");
        StubMapping outage = odp.stubFor(post(urlPathMatching("/v3/objects/.*"))
                .atPriority(1)
                .withRequestBody(containing(tag))
                .willReturn(aResponse().withStatus(503).withBody("down")));
        String before = scrape();
        String runId;
        try {
            Blobs.upload(container, tag + "/stores.json", Stores.json(Stores.make(tag, 0, 5)));
            runId = Api.trigger(tag + "/", false);
            await("the sink retries")
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> OdpJournal.upserts(odp, ID, tag).size() >= 3);
            await("the sink state says retrying")
                    .atMost(Duration.ofSeconds(10))
                    .until(() -> value(scrape(), "odp_importer_sink_state", "state=\"retrying\"") == 1);
            String during = scrape();
            assertThat(value(during, "odp_importer_odp_retries_total")
                            - valueOrZero(before, "odp_importer_odp_retries_total"))
                    .isGreaterThanOrEqualTo(2);
            assertThat(value(during, "odp_importer_odp_requests_seconds_count", "status_class=\"5xx\"")
                            - valueOrZero(before, "odp_importer_odp_requests_seconds_count", "status_class=\"5xx\""))
                    .isGreaterThanOrEqualTo(2);
        } finally {
            odp.removeStub(outage);
        }
        assertThat(Api.awaitFinished(runId).<String>path("status")).isEqualTo("COMPLETE");
        await("the sink flows again")
                .atMost(Duration.ofSeconds(10))
                .until(() -> value(scrape(), "odp_importer_sink_state", "state=\"flowing\"") == 1);
    }

    @Test
    void aWebhookImportRecordsTheUploadToOdpLatency() {
        String tag = Stores.tag("metrics-eg");
        String before = scrape();
        BlobClient blob = container.getBlobClient(tag + "/stores.json");
        blob.upload(BinaryData.fromString(Stores.json(Stores.make(tag, 0, 3))), true);
        given().queryParam("secret", "test-webhook-secret")
                .contentType("application/json")
                .body(EventGrid.array(List.of(EventGrid.event(EventGrid.Blob.of(blob)))))
                .post("/events/blob-created")
                .then()
                .statusCode(200);
        await("ODP has the records")
                .atMost(Duration.ofSeconds(60))
                .until(() -> OdpJournal.accepted(odp, ID, tag + "-").size() >= 3);
        await("the latency is recorded")
                .atMost(Duration.ofSeconds(10))
                .until(() -> value(scrape(), "odp_importer_event_grid_upload_to_odp_seconds_count")
                                - valueOrZero(before, "odp_importer_event_grid_upload_to_odp_seconds_count")
                        >= 1);
        String after = scrape();
        assertThat(value(after, "odp_importer_blobs_discovered_total", "source=\"event_grid\"")
                        - valueOrZero(before, "odp_importer_blobs_discovered_total", "source=\"event_grid\""))
                .isEqualTo(1);
        // measured from the event's time (sub-second, written just now by the test): well under a minute
        double max = value(after, "odp_importer_event_grid_upload_to_odp_seconds_max");
        assertThat(max).isPositive().isLessThan(60);
    }
}
