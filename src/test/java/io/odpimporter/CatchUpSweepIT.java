package io.odpimporter;

import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.models.BlobProperties;
import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.odpimporter.domain.BlobVersion;
import io.odpimporter.domain.FileDiscovered;
import io.odpimporter.domain.LedgerEntry;
import io.odpimporter.domain.LockEvent;
import io.odpimporter.domain.RunEvent;
import io.odpimporter.domain.Trigger;
import io.odpimporter.testing.Api;
import io.odpimporter.testing.AzuriteTestResource;
import io.odpimporter.testing.Blobs;
import io.odpimporter.testing.InjectOdpStandIn;
import io.odpimporter.testing.KafkaTestClient;
import io.odpimporter.testing.KafkaTestResource;
import io.odpimporter.testing.OdpJournal;
import io.odpimporter.testing.OdpStandInTestResource;
import io.odpimporter.testing.Stores;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A sweep whose replica stopped finishes without anyone: the reconciler sees its lock silent for longer than the
 * lease and the margin (by its own clock), closes the run as ERROR saying how many files it published and which
 * run continues it, and a catch-up sweep starts by itself with the run's prefix, tracker id and force flag, skipping
 * the versions the run published (even with force) and publishing the rest.
 */
@QuarkusIntegrationTest
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = AzuriteTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = OdpStandInTestResource.class, scope = TestResourceScope.GLOBAL)
class CatchUpSweepIT {

    static final String ID = "ocp_quickstart_offline_store_id";
    static final String REPLICA = "a-replica-that-stopped";

    @InjectOdpStandIn
    WireMockServer odp;

    @Test
    void anInterruptedForcedSweepIsClosedAndCaughtUpWithoutATriggerPublishingOnlyWhatItHadNot() {
        BlobContainerClient container = Blobs.container("offline-stores");
        String tag = Stores.tag("catch-up");
        String prefix = tag + "/";
        List<String> blobs = new ArrayList<>();
        List<BlobProperties> versions = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            blobs.add(prefix + "s" + i + ".json");
            versions.add(Blobs.upload(container, blobs.get(i), Stores.json(Stores.make(tag + "-s" + i + "-", 0, 5))));
        }
        String runId = "run-" + tag;
        String catchUp = runId + "-catchup1";
        Instant stopped = Instant.now().minusSeconds(180);

        // what the stopped replica left: its lock, last renewed 3 minutes ago (lease 60 s + margin 10 s) ...
        KafkaTestClient.send(
                "odp-importer.locks",
                null,
                "sweep/" + runId,
                new LockEvent(LockEvent.SCHEMA_VERSION, "sweep", runId, LockEvent.Op.ACQUIRE, stopped, REPLICA),
                stopped);
        // ... a forced manual sweep of the prefix, started then, which published two of the six versions: s0 (its
        // run event says so) and s1 (its ledger entry says so), and stopped (its start is written last here, so the
        // reconciler sees the run with its file)
        int partition = Utils.toPositive(Utils.murmur2(runId.getBytes(StandardCharsets.UTF_8))) % 3;
        for (int i = 0; i < 2; i++) {
            String etag = BlobVersion.unquote(versions.get(i).getETag());
            String file = new BlobVersion("offline-stores", blobs.get(i), etag).key();
            KafkaTestClient.send(
                    "odp-importer.files",
                    null,
                    blobs.get(i),
                    new FileDiscovered(
                            FileDiscovered.SCHEMA_VERSION,
                            AzuriteTestResource.ACCOUNT,
                            "offline-stores",
                            blobs.get(i),
                            etag,
                            versions.get(i).getLastModified().toInstant(),
                            versions.get(i).getBlobSize(),
                            FileDiscovered.Source.SWEEP,
                            runId,
                            stopped,
                            true));
            if (i == 0) {
                KafkaTestClient.send(
                        "odp-importer.runs",
                        partition,
                        runId + "/FILE_DISCOVERED/" + file,
                        RunEvent.fileDiscovered(runId, file, blobs.get(i)));
            } else {
                KafkaTestClient.send(
                        "odp-importer.ledger",
                        file,
                        new LedgerEntry(
                                LedgerEntry.SCHEMA_VERSION,
                                "offline-stores",
                                blobs.get(i),
                                etag,
                                LedgerEntry.State.IN_PROGRESS,
                                runId,
                                0,
                                null,
                                stopped));
            }
        }
        KafkaTestClient.send(
                "odp-importer.runs",
                partition,
                runId + "/STARTED",
                new RunEvent.Started(runId, stopped, Trigger.MANUAL, "ticket-catch-up", true, prefix, REPLICA, null));

        // no trigger: the run is closed and continued
        Response interrupted = awaitFinished(runId);
        assertThat(interrupted.<String>path("status")).isEqualTo("ERROR");
        assertThat(interrupted.<String>path("error"))
                .matches("The sweep was interrupted after [12] file\\(s\\) "
                        + "published \\(its replica stopped: no lock heartbeat for over 70 s\\); catch-up run "
                        + catchUp
                        + " continues it");
        Response caughtUp = awaitFinished(catchUp);
        assertThat(caughtUp.<String>path("status")).isEqualTo("COMPLETE");
        assertThat(caughtUp.<String>path("trigger")).isEqualTo("CATCH_UP");
        assertThat(caughtUp.<String>path("trackerId")).isEqualTo("ticket-catch-up");
        assertThat(caughtUp.<Boolean>path("force")).isTrue();
        assertThat(caughtUp.<String>path("prefix")).isEqualTo(prefix);
        // the four it had not published, and only those, even with force
        assertThat(caughtUp.jsonPath().<String>getList("fileDetails.blobName"))
                .containsExactlyInAnyOrderElementsOf(blobs.subList(2, 6));
        assertThat(caughtUp.<Integer>path("accepted")).isEqualTo(20);

        // every record in ODP once: s0 and s1 imported by the interrupted run, not re-sent by the catch-up
        await("the interrupted run's files")
                .atMost(Duration.ofSeconds(30))
                .until(() -> OdpJournal.accepted(odp, ID, tag + "-").size() >= 30);
        Map<String, Long> sent = OdpJournal.accepted(odp, ID, tag + "-").stream()
                .collect(Collectors.groupingBy(o -> o.get(ID).asText(), Collectors.counting()));
        assertThat(sent)
                .hasSize(30)
                .allSatisfy((id, times) -> assertThat(times).as(id).isEqualTo(1L));
        List<JsonNode> published = KafkaTestClient.readAll("odp-importer.files").stream()
                .filter(r -> r.key() != null && r.key().startsWith(prefix))
                .map(r -> json(r.value()))
                .toList();
        assertThat(published).extracting(e -> e.path("blobName").asText()).containsExactlyInAnyOrderElementsOf(blobs);

        // the interruption is in the interrupted run's log, the catch-up in the activity log
        await("the interrupted run's log")
                .atMost(Duration.ofSeconds(10))
                .until(() -> given()
                        .get(Api.RUNS + "/" + runId + "/logs")
                        .then()
                        .statusCode(200)
                        .extract()
                        .jsonPath()
                        .<String>getList("message")
                        .stream()
                        .anyMatch(m -> m.contains("catch-up run " + catchUp)));
        List<Map<String, Object>> activity = JsonPath.from(given().queryParam("level", "warn")
                        .queryParam("limit", 1000)
                        .get("/activity")
                        .then()
                        .statusCode(200)
                        .extract()
                        .asString())
                .getList("$");
        assertThat(activity).anySatisfy(e -> {
            assertThat(e.get("id")).isEqualTo("catch-up/" + catchUp);
            assertThat(String.valueOf(e.get("summary"))).contains(runId).contains(catchUp);
        });
    }

    /** Waits until the run exists (a catch-up is started by the service) and is no longer RUNNING. */
    private static Response awaitFinished(String runId) {
        await("run " + runId)
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    Response run =
                            given().get(Api.RUNS + "/" + runId).then().extract().response();
                    return run.statusCode() == 200 && !"RUNNING".equals(run.path("status"));
                });
        return given().get(Api.RUNS + "/" + runId)
                .then()
                .statusCode(200)
                .extract()
                .response();
    }

    private static JsonNode json(String value) {
        try {
            return KafkaTestClient.MAPPER.readTree(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
