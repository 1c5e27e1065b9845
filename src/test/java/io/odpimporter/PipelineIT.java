package io.odpimporter;

import com.azure.storage.blob.BlobContainerClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
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
import io.quarkus.test.junit.DisabledOnIntegrationTest;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The whole pipeline against a real Kafka broker (KRaft), Azurite and the WireMock ODP stand-in:
 * sweep -> files topic -> importer -> stores topic -> batching sink -> ODP.
 */
@QuarkusIntegrationTest
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = AzuriteTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = OdpStandInTestResource.class, scope = TestResourceScope.GLOBAL)
class PipelineIT {

    static final String ID = "ocp_quickstart_offline_store_id";
    static final String NAME = "offline_store_name";
    static final String LOCATION = "offline_store_location";
    static final int BATCH_SIZE = 100;

    @InjectOdpStandIn
    WireMockServer odp;

    static final Path LOG = Path.of("target", "quarkus-test.log");

    static BlobContainerClient container;

    @BeforeAll
    static void container() {
        container = Blobs.container("offline-stores");
    }

    @Test
    void sampleDataInTwoBlobsReachesOdpWithTheConfiguredFieldNames() throws IOException {
        JsonNode sample;
        try (InputStream in = Files.newInputStream(Path.of("samples", "offline-stores-sample.json"))) {
            sample = new ObjectMapper().readTree(in);
        }
        assertThat(sample).hasSize(10);
        String prefix = Stores.tag("sample") + "/";
        List<JsonNode> first = new ArrayList<>();
        List<JsonNode> second = new ArrayList<>();
        sample.forEach(s -> (first.size() < 5 ? first : second).add(s));
        Blobs.upload(container, prefix + "stores-1.json", first.toString());
        Blobs.upload(container, prefix + "stores-2.json", second.toString());
        Set<String> ids = new HashSet<>();
        sample.forEach(s -> ids.add(s.get("id").asText()));

        String runId = Api.trigger(prefix, true);
        Response run = Api.awaitFinished(runId);

        assertThat(run.<String>path("status")).isEqualTo("COMPLETE");
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(Files.readString(LOG))
                        .contains("Offline Store Import complete, imported 10 offline stores (run " + runId));
        assertThat(run.<Integer>path("files")).isEqualTo(2);
        assertThat(run.<Integer>path("recordsEmitted")).isEqualTo(10);
        assertThat(run.<Integer>path("accepted")).isEqualTo(10);
        assertThat(run.<Integer>path("rejected")).isZero();
        List<OdpJournal.Upsert> upserts = OdpJournal.upserts(odp, ID, ids::contains);
        assertThat(upserts).allSatisfy(u -> {
            assertThat(u.objectType()).isEqualTo("ocp_quickstart_offline_stores");
            assertThat(u.objects()).hasSizeLessThanOrEqualTo(BATCH_SIZE);
        });
        List<JsonNode> accepted = OdpJournal.accepted(odp, ID, ids::contains);
        assertThat(accepted).hasSize(10);
        for (JsonNode store : sample) {
            assertThat(accepted).anySatisfy(o -> {
                assertThat(o.get(ID).asText()).isEqualTo(store.get("id").asText());
                assertThat(o.get(NAME).asText()).isEqualTo(store.get("name").asText());
                assertThat(o.get(LOCATION).asText())
                        .isEqualTo(store.get("location").asText());
                assertThat(o.size()).isEqualTo(3);
            });
        }
    }

    /** Kafka's LZ4 (the producer's compression) runs lz4-java's native library in the packaged service. */
    @Test
    @DisabledOnIntegrationTest(
            value = "no JNI library in a native image: the pure-Java LZ4 is used",
            forArtifactTypes = DisabledOnIntegrationTest.ArtifactType.NATIVE_BINARY)
    void kafkaCompressesWithTheNativeLz4Library() throws IOException {
        assertThat(Files.readString(LOG))
                .contains("LZ4 for Kafka record batches: lz4-java's native library (LZ4Factory:JNI)");
    }

    @Test
    void theLedgerImportsOnlyNewOrChangedBlobVersions() {
        String tag = Stores.tag("ledger");
        String prefix = tag + "/";
        Blobs.upload(container, prefix + "a.json", Stores.json(Stores.make(tag + "-a", 0, 3)));

        Response first = Api.awaitFinished(Api.trigger(prefix, false));
        assertThat(first.<String>path("status")).isEqualTo("COMPLETE");
        assertThat(first.<Integer>path("files")).isEqualTo(1);
        assertThat(first.<Integer>path("accepted")).isEqualTo(3);

        Response second = Api.awaitFinished(Api.trigger(prefix, false));
        assertThat(second.<String>path("status")).isEqualTo("COMPLETE");
        assertThat(second.<Integer>path("files")).isZero();
        assertThat(second.<Integer>path("recordsEmitted")).isZero();
        assertThat(OdpJournal.accepted(odp, ID, tag)).hasSize(3);

        Blobs.upload(container, prefix + "c.json", Stores.json(Stores.make(tag + "-c", 0, 2)));
        Response third = Api.awaitFinished(Api.trigger(prefix, false));
        assertThat(third.<Integer>path("files")).isEqualTo(1);
        assertThat(third.<List<String>>path("fileDetails.blobName")).containsExactly(prefix + "c.json");
        assertThat(third.<Integer>path("accepted")).isEqualTo(2);
        assertThat(OdpJournal.accepted(odp, ID, tag + "-a")).hasSize(3);

        Blobs.upload(container, prefix + "a.json", Stores.json(Stores.make(tag + "-a", 0, 4)));
        Response fourth = Api.awaitFinished(Api.trigger(prefix, false));
        assertThat(fourth.<List<String>>path("fileDetails.blobName")).containsExactly(prefix + "a.json");
        assertThat(fourth.<Integer>path("accepted")).isEqualTo(4);
        assertThat(OdpJournal.accepted(odp, ID, tag + "-a")).hasSize(3 + 4);

        Response forced = Api.awaitFinished(Api.trigger(prefix, true));
        assertThat(forced.<Boolean>path("force")).isTrue();
        assertThat(forced.<List<String>>path("fileDetails.blobName"))
                .containsExactlyInAnyOrder(prefix + "a.json", prefix + "c.json");
        assertThat(forced.<Integer>path("accepted")).isEqualTo(6);
        assertThat(OdpJournal.accepted(odp, ID, tag)).hasSize(3 + 2 + 4 + 6);
    }

    @Test
    void theSameStoreInTwoBlobsEndsWithTheLaterBlobsValues() {
        String tag = Stores.tag("same-id");
        String store = tag + "-store";
        Blobs.upload(
                container,
                tag + "/1-monday.json",
                Stores.json(List.of(Map.of("id", store, "name", "Monday name", "location", "Old town"))));
        Blobs.upload(
                container,
                tag + "/2-tuesday.json",
                Stores.json(List.of(Map.of("id", store, "name", "Tuesday name", "location", "New town"))));

        Response run = Api.awaitFinished(Api.trigger(tag + "/", false));

        assertThat(run.<String>path("status")).isEqualTo("COMPLETE");
        assertThat(run.<Integer>path("accepted")).isEqualTo(2);
        List<JsonNode> accepted = OdpJournal.accepted(odp, ID, store);
        assertThat(accepted).hasSize(2);
        assertThat(accepted.get(accepted.size() - 1).get(NAME).asText()).isEqualTo("Tuesday name");
        assertThat(accepted.get(accepted.size() - 1).get(LOCATION).asText()).isEqualTo("New town");
        assertThat(OdpJournal.upserts(odp, ID, store))
                .allSatisfy(u -> assertThat(u.objects()).hasSize(1));
    }

    @Test
    void nothingIsCompleteBeforeOdpAcceptsAfterAnOutage() throws IOException {
        String tag = Stores.tag("outage");
        StubMapping outage = odp.stubFor(post(urlPathMatching("/v3/objects/.*"))
                .atPriority(1)
                .withRequestBody(containing(tag))
                .willReturn(aResponse().withStatus(503).withBody("Service Unavailable")));
        try {
            Blobs.upload(container, tag + "/stores.json", Stores.json(Stores.make(tag, 0, 10)));
            String runId = Api.trigger(tag + "/", false);
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> OdpJournal.upserts(odp, ID, tag).stream()
                                    .filter(u -> u.status() == 503)
                                    .count()
                            >= 3);
            Response during = Api.run(runId);
            assertThat(during.<String>path("status")).isEqualTo("RUNNING");
            assertThat(during.<Integer>path("accepted")).isZero();
            assertThat(OdpJournal.accepted(odp, ID, tag)).isEmpty();

            odp.removeStub(outage);
            outage = null;
            Response run = Api.awaitFinished(runId);
            assertThat(run.<String>path("status")).isEqualTo("COMPLETE");
            assertThat(run.<Integer>path("accepted")).isEqualTo(10);
            Set<String> ids = new HashSet<>();
            OdpJournal.accepted(odp, ID, tag).forEach(o -> ids.add(o.get(ID).asText()));
            assertThat(ids).hasSize(10);
            String log = Files.readString(LOG);
            assertThat(log)
                    .containsPattern("ODP did not accept a batch of \\d+ records, retrying: HTTP 503")
                    .doesNotContain("test-api-key")
                    .doesNotContain(AzuriteTestResource.connectionString().replaceAll(".*AccountKey=([^;]+);.*", "$1"));
        } finally {
            if (outage != null) {
                odp.removeStub(outage);
            }
        }
    }

    @Test
    void invalidRecordsAndRecordsOdpRefusesAreParkedAndTheRestIsImported() {
        String tag = Stores.tag("parked");
        String refused = tag + "-refused";
        StubMapping refuse = odp.stubFor(
                post(urlPathMatching("/v3/objects/.*"))
                        .atPriority(1)
                        .withRequestBody(containing(refused))
                        .willReturn(
                                aResponse()
                                        .withStatus(400)
                                        .withHeader("Content-Type", "application/json")
                                        .withBody(
                                                "{\"title\":\"Bad Request\",\"status\":400,\"timestamp\":\"2026-11-29T00:00:00Z\","
                                                        + "\"detail\":{\"invalids\":[{\"field\":\"offline_store_name\",\"reason\":\"too long\"}]}}")));
        try {
            String file = "["
                    + String.join(
                            ",",
                            "{\"id\": \"" + tag + "-0\", \"name\": \"A\", \"location\": \"X\"}",
                            "{\"name\": \"no id\", \"location\": \"X\"}",
                            "{\"id\": \"" + refused + "\", \"name\": \"B\"}",
                            "{\"id\": \"" + tag + "-3\", \"name\": \"  C  \", \"location\": \"\"}",
                            "42")
                    + "]";
            Blobs.upload(container, tag + "/mixed.json", file);

            Response run = Api.awaitFinished(Api.trigger(tag + "/", false));

            assertThat(run.<String>path("status")).isEqualTo("COMPLETE");
            assertThat(run.<Integer>path("recordsEmitted")).isEqualTo(3);
            assertThat(run.<Integer>path("accepted")).isEqualTo(2);
            assertThat(run.<Integer>path("rejected")).isEqualTo(3);
            assertThat(run.<String>path("fileDetails[0].rejection"))
                    .isEqualTo("record 1 at byte " + file.indexOf("{\"name\": \"no id\"")
                            + ": missing or empty \"id\" (the primary key)");
            List<JsonNode> accepted = OdpJournal.accepted(odp, ID, tag);
            assertThat(accepted).extracting(o -> o.get(ID).asText()).containsExactlyInAnyOrder(tag + "-0", tag + "-3");
            JsonNode trimmed = accepted.stream()
                    .filter(o -> o.get(ID).asText().equals(tag + "-3"))
                    .findFirst()
                    .orElseThrow();
            assertThat(trimmed.get(NAME).asText()).isEqualTo("C");
            assertThat(trimmed.has(LOCATION))
                    .as("empty location dropped, as the original's SDK did")
                    .isFalse();

            List<JsonNode> parked = KafkaTestClient.readAll("odp-importer.dead-letter").stream()
                    .map(r -> readJson(r.value()))
                    .filter(j -> (tag + "/mixed.json").equals(j.path("blobName").asText()))
                    .toList();
            assertThat(parked)
                    .extracting(j ->
                            j.get("kind").asText() + "#" + j.get("recordIndex").asLong())
                    .containsExactlyInAnyOrder("INVALID_RECORD#1", "REJECTED_BY_ODP#2", "INVALID_RECORD#4");
            assertThat(parked)
                    .anySatisfy(j -> assertThat(j.get("reason").asText()).contains("missing or empty \"id\""));
            assertThat(parked)
                    .anySatisfy(j -> assertThat(j.get("reason").asText())
                            .contains("HTTP 400")
                            .contains("too long"));
            // operators list them over REST
            RestAssured.given()
                    .queryParam("blob", tag + "/mixed.json")
                    .get("/dead-letters")
                    .then()
                    .statusCode(200)
                    .body("size()", Matchers.is(3))
                    .body("recordIndex", Matchers.containsInAnyOrder(1, 2, 4))
                    .body("reason", Matchers.hasItem(Matchers.containsString("missing or empty")));
            // the same facts as headers, for tools that filter on them
            var withHeaders = KafkaTestClient.readAll("odp-importer.dead-letter").stream()
                    .filter(r -> r.headers().lastHeader("odp-importer.blob") != null
                            && (tag + "/mixed.json")
                                    .equals(new String(r.headers()
                                            .lastHeader("odp-importer.blob")
                                            .value())))
                    .toList();
            assertThat(withHeaders).hasSize(3).allSatisfy(r -> {
                assertThat(r.headers().lastHeader("odp-importer.reason")).isNotNull();
                assertThat(r.headers().lastHeader("odp-importer.record-index")).isNotNull();
                assertThat(r.headers().lastHeader("odp-importer.etag")).isNotNull();
                assertThat(r.headers().lastHeader("odp-importer.run-id")).isNotNull();
                assertThat(r.headers().lastHeader("odp-importer.parked-at")).isNotNull();
                assertThat(new String(r.headers()
                                .lastHeader("odp-importer.schema-version")
                                .value()))
                        .isEqualTo("1");
            });
        } finally {
            odp.removeStub(refuse);
        }
    }

    @Test
    void aRecordOverMaxRecordBytesIsParkedWithItsPositionAndTheFileGoesOn() {
        String tag = Stores.tag("huge-record");
        // 1.5 MB of small fields: no string breaks a limit, only the record's size (max-record-bytes, 1 MiB)
        StringBuilder huge = new StringBuilder("{\"id\": \"" + tag + "-1\", \"name\": \"Huge\"");
        for (int i = 0; huge.length() < 1_500_000; i++) {
            huge.append(", \"extra")
                    .append(i)
                    .append("\": \"")
                    .append("x".repeat(40))
                    .append('"');
        }
        huge.append('}');
        String file = "[{\"id\": \"" + tag + "-0\", \"name\": \"A\"}, " + huge + ", {\"id\": \"" + tag
                + "-2\", \"name\": \"C\"}]";
        Blobs.upload(container, tag + "/huge.json", file);

        Response run = Api.awaitFinished(Api.trigger(tag + "/", false));

        assertThat(run.<String>path("status")).isEqualTo("COMPLETE");
        assertThat(run.<String>path("fileDetails[0].status")).isEqualTo("IMPORTED");
        assertThat(run.<Integer>path("accepted")).isEqualTo(2);
        assertThat(run.<Integer>path("rejected")).isEqualTo(1);
        assertThat(OdpJournal.accepted(odp, ID, tag))
                .extracting(o -> o.get(ID).asText())
                .containsExactlyInAnyOrder(tag + "-0", tag + "-2");
        RestAssured.given()
                .queryParam("blob", tag + "/huge.json")
                .get("/dead-letters")
                .then()
                .statusCode(200)
                .body("size()", Matchers.is(1))
                .body("[0].kind", Matchers.is("INVALID_RECORD"))
                .body("[0].recordIndex", Matchers.is(1))
                .body("[0].byteOffset", Matchers.is(file.indexOf(huge.toString())))
                .body("[0].reason", Matchers.containsString("importer.file-import.max-record-bytes"));
    }

    private static JsonNode readJson(String json) {
        try {
            return new ObjectMapper().readTree(json);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void a429WithRetryAfterHoldsTheWholeSinkForThatLong() {
        String tag = Stores.tag("retry-after");
        StubMapping limited = odp.stubFor(post(urlPathMatching("/v3/objects/.*"))
                .atPriority(1)
                .withRequestBody(containing(tag))
                .inScenario(tag)
                .whenScenarioStateIs(Scenario.STARTED)
                .willSetStateTo("limited-once")
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "2")));
        try {
            Blobs.upload(container, tag + "/stores.json", Stores.json(Stores.make(tag, 0, 5)));

            Response run = Api.awaitFinished(Api.trigger(tag + "/", false));

            assertThat(run.<String>path("status")).isEqualTo("COMPLETE");
            assertThat(run.<Integer>path("accepted")).isEqualTo(5);
            assertThat(run.<Integer>path("rejected")).isZero();
            List<OdpJournal.Upsert> upserts = OdpJournal.upserts(odp, ID, tag);
            assertThat(upserts)
                    .extracting(OdpJournal.Upsert::status)
                    .startsWith(429)
                    .endsWith(202);
            // the retry backoff in tests is 200 ms; only the Retry-After header explains a 2 s pause
            assertThat(Duration.between(upserts.get(0).at(), upserts.get(1).at()))
                    .isGreaterThanOrEqualTo(Duration.ofMillis(1900));
        } finally {
            odp.removeStub(limited);
        }
    }

    @Test
    void aRefusedApiKeyPausesTheSinkParksNothingAndIsReportedUntilOdpAcceptsAgain() {
        String tag = Stores.tag("bad-key");
        StubMapping forbidden = odp.stubFor(post(urlPathMatching("/v3/objects/.*"))
                .atPriority(1)
                .withRequestBody(containing(tag))
                .willReturn(aResponse()
                        .withStatus(403)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"message\":\"Forbidden\"}")));
        try {
            Blobs.upload(container, tag + "/stores.json", Stores.json(Stores.make(tag, 0, 4)));
            String runId = Api.trigger(tag + "/", false);
            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> Api.management()
                            .get("/q/health/well")
                            .then()
                            .statusCode(503)
                            .body("checks.find { it.name == 'odp' }.status", Matchers.is("DOWN"))
                            .body("checks.find { it.name == 'odp' }.data.answer", Matchers.containsString("HTTP 403")));
            // ready all the same: an ODP fault does not take the API offline
            Api.management().get("/q/health/ready").then().statusCode(200);
            assertThat(Api.run(runId).<String>path("status")).isEqualTo("RUNNING");

            odp.removeStub(forbidden);
            forbidden = null;
            Response run = Api.awaitFinished(runId);
            assertThat(run.<String>path("status")).isEqualTo("COMPLETE");
            assertThat(run.<Integer>path("accepted")).isEqualTo(4);
            assertThat(run.<Integer>path("rejected")).isZero();
            Api.management().get("/q/health/well").then().statusCode(200);
            RestAssured.given()
                    .queryParam("runId", runId)
                    .get("/dead-letters")
                    .then()
                    .statusCode(200)
                    .body("size()", Matchers.is(0));
        } finally {
            if (forbidden != null) {
                odp.removeStub(forbidden);
            }
        }
    }
}
