package io.odpimporter;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import io.odpimporter.testing.Api;
import io.odpimporter.testing.AzuriteTestResource;
import io.odpimporter.testing.Blobs;
import io.odpimporter.testing.InjectOdpStandIn;
import io.odpimporter.testing.KafkaTestClient;
import io.odpimporter.testing.KafkaTestResource;
import io.odpimporter.testing.OdpJournal;
import io.odpimporter.testing.OdpStandInTestResource;
import io.odpimporter.testing.OdpValidation;
import io.odpimporter.testing.Stores;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.notNullValue;

/**
 * ODP refuses 3 of 100 records with a 400: with indexes ({@code detail.invalids[].event}) exactly those are parked
 * from one answer; without indexes ({@code {field, reason}}) the sink finds them by halving the batch. Either way
 * the 97 others are delivered and the 3 are on the dead-letter topic with ODP's reason. A 413 splits a batch and
 * never parks anything, and the batch size that worked is remembered (docs/architecture.md §4.5; the test profile
 * grows it back every 2 s).
 */
@QuarkusIntegrationTest
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = AzuriteTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = OdpStandInTestResource.class, scope = TestResourceScope.GLOBAL)
class OdpRejectionIT {

    static final String ID = "ocp_quickstart_offline_store_id";
    static final String TYPE = "ocp_quickstart_offline_stores";
    static final Path LOG = Path.of("target", "quarkus-test.log");

    @InjectOdpStandIn
    WireMockServer odp;

    @Test
    void threeRefusedRecordsNamedByIndexAreParkedFromOneAnswer() {
        String tag = Stores.tag("invalids");
        run(tag, true);
        // each 400 names its refused records, and a later request resends exactly the others, accepted (other
        // batches may be answered in between: several requests are in flight)
        List<OdpJournal.Upsert> upserts = OdpJournal.upserts(odp, ID, tag);
        assertThat(upserts).hasSizeGreaterThanOrEqualTo(2);
        for (int i = 0; i < upserts.size(); i++) {
            OdpJournal.Upsert u = upserts.get(i);
            if (u.status() == 400) {
                Set<String> others = u.objects().stream()
                        .filter(o ->
                                !"REFUSE".equals(o.path("offline_store_name").asText()))
                        .map(o -> o.path(ID).asText())
                        .collect(Collectors.toSet());
                assertThat(upserts.subList(i + 1, upserts.size()))
                        .as("a 202 resending the %d records of request %d that ODP did not refuse", others.size(), i)
                        .anySatisfy(later -> {
                            assertThat(later.status()).isEqualTo(202);
                            assertThat(later.objects())
                                    .extracting(o -> o.path(ID).asText())
                                    .containsExactlyInAnyOrderElementsOf(others);
                        });
            } else {
                assertThat(u.status()).isEqualTo(202);
            }
        }
    }

    @Test
    void threeRefusedRecordsWithoutIndexesAreFoundByHalving() {
        String tag = Stores.tag("bisect");
        run(tag, false);
        assertThat(OdpJournal.upserts(odp, ID, tag).size()).isGreaterThan(2);
    }

    @Test
    void a413SplitsTheBatchAndASingleRecordRefusedAsTooLargeIsRetriedNeverParked() {
        String tag = Stores.tag("too-large");
        List<Map<String, String>> stores = Stores.make(tag, 0, 20);
        int oneRecord = Stores.json(stores.subList(0, 1)).length();
        // first every request is too large, even one record: nothing may be parked, the fault is reported
        StubMapping tooLarge = odp.stubFor(post(urlPathMatching("/v3/objects/.*"))
                .atPriority(1)
                .withRequestBody(containing(tag))
                .willReturn(
                        aResponse().withTransformers(OdpValidation.NAME).withTransformerParameter("maxBodyBytes", 10)));
        try {
            Blobs.upload(Blobs.container("offline-stores"), tag + "/stores.json", Stores.json(stores));
            String runId = Api.trigger(tag + "/", false);
            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> Api.management()
                            .get("/q/health/well")
                            .then()
                            .statusCode(503)
                            .body("checks.find { it.name == 'odp' }.data.answer", containsString("HTTP 413")));
            assertThat(OdpJournal.upserts(odp, ID, tag))
                    .extracting(u -> u.objects().size())
                    .contains(1);
            assertThat(Api.run(runId).<String>path("status")).isEqualTo("RUNNING");
            assertThat(Api.run(runId).<Integer>path("rejected")).isZero();

            // then ODP takes about three records per request: the sink splits down to what fits
            odp.removeStub(tooLarge);
            tooLarge = odp.stubFor(post(urlPathMatching("/v3/objects/.*"))
                    .atPriority(1)
                    .withRequestBody(containing(tag))
                    .willReturn(aResponse()
                            .withTransformers(OdpValidation.NAME)
                            .withTransformerParameter("maxBodyBytes", oneRecord * 3)));
            Response run = Api.awaitFinished(runId);

            assertThat(run.<String>path("status")).isEqualTo("COMPLETE");
            assertThat(run.<Integer>path("accepted")).isEqualTo(20);
            assertThat(run.<Integer>path("rejected")).isZero();
            Set<String> delivered = new HashSet<>();
            OdpJournal.accepted(odp, ID, tag)
                    .forEach(o -> delivered.add(o.get(ID).asText()));
            assertThat(delivered).hasSize(20);
            given().queryParam("runId", runId)
                    .get("/dead-letters")
                    .then()
                    .statusCode(200)
                    .body("size()", is(0));
            Api.management().get("/q/health/well").then().statusCode(200);
            awaitBatchSize(100); // for the tests after this one
        } finally {
            odp.removeStub(tooLarge);
        }
    }

    @Test
    void a413IsRememberedSoLaterBatchesAreBuiltSmallEnough() throws IOException {
        awaitBatchSize(100); // an earlier 413 test lowered it
        String tag = Stores.tag("remembered");
        int records = 2000;
        // a proxy before ODP takes at most 60 objects per request; the sink builds batches of 100
        StubMapping limit = odp.stubFor(post(urlPathMatching("/v3/objects/.*"))
                .atPriority(1)
                .withRequestBody(containing(tag))
                .willReturn(
                        aResponse().withTransformers(OdpValidation.NAME).withTransformerParameter("maxObjects", 60)));
        try {
            Blobs.upload(
                    Blobs.container("offline-stores"), tag + "/stores.json", Stores.json(Stores.make(tag, 0, records)));
            String runId = Api.trigger(tag + "/", false);
            await().atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(100))
                    .untilAsserted(() -> given().get("/status")
                            .then()
                            .statusCode(200)
                            .body("sink.batchSizes." + TYPE + ".records", lessThanOrEqualTo(50))
                            .body("sink.batchSizes." + TYPE + ".regrowsIn", notNullValue()));
            Response run = Api.awaitFinished(runId);

            assertThat(run.<String>path("status")).isEqualTo("COMPLETE");
            assertThat(run.<Integer>path("accepted")).isEqualTo(records);
            assertThat(run.<Integer>path("rejected")).isZero();
            Set<String> delivered = new HashSet<>();
            OdpJournal.accepted(odp, ID, tag)
                    .forEach(o -> delivered.add(o.get(ID).asText()));
            assertThat(delivered).hasSize(records);
            List<OdpJournal.Upsert> upserts = OdpJournal.upserts(odp, ID, tag);
            long refused = upserts.stream().filter(u -> u.status() == 413).count();
            long accepted = upserts.stream().filter(u -> u.status() == 202).count();
            // without the memory every batch of 100 is refused and halved: about 1 refused for 2 accepted
            assertThat(refused)
                    .as("%d requests refused with 413 for %d accepted", refused, accepted)
                    .isPositive()
                    .isLessThan(accepted / 5);
            assertThat(Files.readString(LOG))
                    .containsPattern("ODP refused a batch of \\d+ records with 413; batches of " + TYPE
                            + " now hold at most \\d+ records, growing back every 2s");
            assertThat(Api.management().get("/q/metrics").asString())
                    .containsPattern("odp_importer_sink_batch_limit_records\\{[^}]*object_type=\"" + TYPE + "\"");

            awaitBatchSize(100);
            assertThat(Files.readString(LOG)).contains("Batches of " + TYPE + " hold 100 records again");
        } finally {
            odp.removeStub(limit);
        }
    }

    /** Waits until batches of the object type hold {@code records} again (the size grows back every 2 s). */
    private static void awaitBatchSize(int records) {
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> given().get("/status")
                        .then()
                        .statusCode(200)
                        .body("sink.batchSizes." + TYPE + ".records", is(records)));
    }

    private void run(String tag, boolean indexes) {
        List<Map<String, String>> stores = new ArrayList<>(Stores.make(tag, 0, 100));
        Set<String> refused = Set.of(tag + "-7", tag + "-50", tag + "-93");
        for (int i = 0; i < stores.size(); i++) {
            if (refused.contains(stores.get(i).get("id"))) {
                Map<String, String> bad = new HashMap<>(stores.get(i));
                bad.put("name", "REFUSE");
                stores.set(i, bad);
            }
        }
        StubMapping validating = odp.stubFor(post(urlPathMatching("/v3/objects/.*"))
                .atPriority(1)
                .withRequestBody(containing(tag))
                .willReturn(
                        aResponse().withTransformers(OdpValidation.NAME).withTransformerParameter("indexes", indexes)));
        try {
            Blobs.upload(Blobs.container("offline-stores"), tag + "/stores.json", Stores.json(stores));

            Response run = Api.awaitFinished(Api.trigger(tag + "/", false));

            assertThat(run.<String>path("status")).isEqualTo("COMPLETE");
            assertThat(run.<Integer>path("accepted")).isEqualTo(97);
            assertThat(run.<Integer>path("rejected")).isEqualTo(3);
            Set<String> delivered = new HashSet<>();
            OdpJournal.accepted(odp, ID, tag)
                    .forEach(o -> delivered.add(o.get(ID).asText()));
            assertThat(delivered).hasSize(97).doesNotContainAnyElementsOf(refused);
            List<JsonNode> parked = KafkaTestClient.readAll("odp-importer.dead-letter").stream()
                    .map(r -> read(r.value()))
                    .filter(j ->
                            (tag + "/stores.json").equals(j.path("blobName").asText()))
                    .toList();
            assertThat(parked).extracting(j -> j.path("kind").asText()).containsOnly("REJECTED_BY_ODP");
            assertThat(parked).extracting(j -> j.path("recordIndex").asLong()).containsExactlyInAnyOrder(7L, 50L, 93L);
            assertThat(parked)
                    .allSatisfy(j -> assertThat(j.path("reason").asText()).contains("REFUSE is not allowed"));
        } finally {
            odp.removeStub(validating);
        }
    }

    private static JsonNode read(String json) {
        try {
            return KafkaTestClient.MAPPER.readTree(json);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
