package io.odpimporter;

import com.azure.core.util.BinaryData;
import com.azure.storage.blob.BlobContainerClient;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.odpimporter.testing.Api;
import io.odpimporter.testing.AzuriteTestResource;
import io.odpimporter.testing.Blobs;
import io.odpimporter.testing.EntraIdTestResource;
import io.odpimporter.testing.EventGrid;
import io.odpimporter.testing.InjectOdpStandIn;
import io.odpimporter.testing.KafkaTestClient;
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
import java.util.Set;
import java.util.stream.Collectors;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

/**
 * {@code POST .../runs/{id}/cancel}: a RUNNING sweep stops discovering; the files it discovered are imported, the
 * run ends CANCELLED and says so; what cannot be cancelled is refused with the reason.
 */
@QuarkusIntegrationTest
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = AzuriteTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = OdpStandInTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = EntraIdTestResource.class, scope = TestResourceScope.GLOBAL)
class CancelIT {

    static final String ID = "ocp_quickstart_offline_store_id";
    static final int BLOBS = 600;
    static BlobContainerClient container;

    @InjectOdpStandIn
    WireMockServer odp;

    @BeforeAll
    static void container() {
        container = Blobs.container("offline-stores");
    }

    @Test
    void aCancelledSweepStopsDiscoveringAndImportsWhatItFound() {
        String tag = Stores.tag("cancel");
        for (int i = 0; i < BLOBS; i++) {
            Blobs.upload(
                    container, String.format("%s/%04d.json", tag, i), Stores.json(Stores.make(tag + "-" + i, 0, 1)));
        }
        String runId = Api.trigger(tag + "/", false);
        // cancel once discovery is under way, so some files were discovered and must still be imported
        await("the first files discovered")
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> Api.run(runId).<Integer>path("files") > 0);
        Api.operator()
                .post(Api.RUNS + "/" + runId + "/cancel")
                .then()
                .statusCode(202)
                .body("runId", is(runId))
                .body("cancellation", containsString("cancel requested by test-operator"));

        Response run = Api.awaitFinished(runId, Duration.ofSeconds(120));
        assertThat(run.<String>path("status")).isEqualTo("CANCELLED");
        int files = run.path("files");
        assertThat(files).as("files discovered before the cancel").isBetween(1, BLOBS - 1);
        assertThat(run.<Integer>path("filesImported")).isEqualTo(files);
        assertThat(run.<Integer>path("accepted")).isEqualTo(files);
        assertThat(run.<String>path("cancellation"))
                .contains("discovery stopped after " + files + " file(s)")
                .contains("they were imported");
        // nothing was discovered after the cancel, and everything discovered reached ODP
        List<String> discovered = KafkaTestClient.readAll("odp-importer.files").stream()
                .filter(r -> r.value() != null && r.value().contains(runId))
                .map(r -> r.key())
                .toList();
        assertThat(discovered).hasSize(files);
        Set<String> atOdp = OdpJournal.accepted(odp, ID, tag + "-").stream()
                .map(o -> o.get(ID).asText())
                .collect(Collectors.toSet());
        assertThat(atOdp).hasSize(files);
        await("the activity entry")
                .atMost(Duration.ofSeconds(20))
                .until(() -> given().queryParam("limit", 1000)
                        .get("/activity")
                        .then()
                        .extract()
                        .jsonPath()
                        .getList("findAll { it.id == 'run-end/" + runId + "' }.title")
                        .contains("Offline Store Import cancelled"));

        Api.operator()
                .post(Api.RUNS + "/" + runId + "/cancel")
                .then()
                .statusCode(409)
                .body("error", is("Run " + runId + " is not RUNNING"));
    }

    @Test
    void anUnknownRunIs404AndAWebhookRunIsNotASweep() {
        Api.operator()
                .post(Api.RUNS + "/run-nobody-started/cancel")
                .then()
                .statusCode(404)
                .body("error", containsString("No run run-nobody-started"));

        String tag = Stores.tag("cancel-eg");
        var blob = container.getBlobClient(tag + "/stores.json");
        blob.upload(BinaryData.fromString(Stores.json(Stores.make(tag, 0, 1))), true);
        String eventGridRun = given().queryParam("secret", "test-webhook-secret")
                .contentType("application/json")
                .body(EventGrid.array(List.of(EventGrid.event(EventGrid.Blob.of(blob)))))
                .post("/events/blob-created")
                .then()
                .statusCode(200)
                .extract()
                .path("runId");
        Api.operator()
                .post(Api.RUNS + "/" + eventGridRun + "/cancel")
                .then()
                .statusCode(409)
                .body("error", containsString("is not a sweep"));
    }
}
