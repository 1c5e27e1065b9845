package io.odpimporter;

import com.azure.storage.blob.BlobContainerClient;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import io.odpimporter.testing.Api;
import io.odpimporter.testing.AzuriteTestResource;
import io.odpimporter.testing.Blobs;
import io.odpimporter.testing.InjectOdpStandIn;
import io.odpimporter.testing.KafkaTestClient;
import io.odpimporter.testing.KafkaTestResource;
import io.odpimporter.testing.OdpSchemaStandIn;
import io.odpimporter.testing.OdpStandInTestResource;
import io.odpimporter.testing.Stores;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;

/**
 * The dry run against the packaged service and the stateful ODP stand-in (docs/architecture.md, "Dry run"): a CSV and
 * a JSON Lines file with bad rows are read, mapped and checked against the live schema; the run's report counts each
 * kind of problem with examples; nothing reaches ODP, the ledger, the files or stores topics; the blobs are untouched;
 * the run is listed as a dry run.
 */
@QuarkusIntegrationTest
@TestProfile(DryRunIT.DryRunRules.class)
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = AzuriteTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = OdpStandInTestResource.class, scope = TestResourceScope.GLOBAL)
class DryRunIT {

    static final String CONTAINER = "offline-stores";

    /** CSV to dry_stores (every column a field), JSON Lines to dry_orders (mapped fields). */
    public static class DryRunRules implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.ofEntries(
                    Map.entry("importer.rules[0].name", "drystores"),
                    Map.entry("importer.rules[0].pattern", "*/dry/*.csv"),
                    Map.entry("importer.rules[0].object-type", "dry_stores"),
                    Map.entry("importer.rules[0].primary-key", "store_id"),
                    Map.entry("importer.rules[1].name", "dryorders"),
                    Map.entry("importer.rules[1].pattern", "*/dry/*.jsonl"),
                    Map.entry("importer.rules[1].object-type", "dry_orders"),
                    Map.entry("importer.rules[1].primary-key", "order_id"),
                    Map.entry("importer.rules[1].fields[0].name", "order_id"),
                    Map.entry("importer.rules[1].fields[0].source", "id"),
                    Map.entry("importer.rules[1].fields[1].name", "total"),
                    Map.entry("importer.rules[1].fields[1].type", "number"),
                    Map.entry("importer.rules[1].fields[2].name", "note"),
                    // the test seeds these objects itself: the service's bootstrap leaves them alone
                    Map.entry("importer.rules[0].schema", "off"),
                    Map.entry("importer.rules[1].schema", "off"),
                    Map.entry("importer.rules[2].name", "drybusy"),
                    Map.entry("importer.rules[2].pattern", "*/busy/*.csv"),
                    Map.entry("importer.rules[2].object-type", "dry_busy"),
                    Map.entry("importer.rules[2].primary-key", "id"),
                    Map.entry("importer.rules[2].schema", "off"),
                    Map.entry("importer.dry-run.examples", "2"));
        }
    }

    @InjectOdpStandIn
    WireMockServer odp;

    @InjectOdpStandIn
    OdpSchemaStandIn schema;

    @Test
    void aDryRunReportsWhatOdpWouldRefuseAndSendsRecordsMovesNothing() {
        // the live schema: dry_stores has no colour, size is a number; dry_orders has no note
        schema.seed("{\"name\":\"dry_stores\",\"display_name\":\"Dry stores\",\"fields\":["
                + "{\"name\":\"store_id\",\"type\":\"string\",\"display_name\":\"Id\",\"primary\":true},"
                + "{\"name\":\"name\",\"type\":\"string\",\"display_name\":\"Name\"},"
                + "{\"name\":\"size\",\"type\":\"number\",\"display_name\":\"Size\"}]}");
        schema.seed("{\"name\":\"dry_orders\",\"display_name\":\"Dry orders\",\"fields\":["
                + "{\"name\":\"order_id\",\"type\":\"string\",\"display_name\":\"Id\",\"primary\":true},"
                + "{\"name\":\"total\",\"type\":\"number\",\"display_name\":\"Total\"}]}");
        String tag = Stores.tag("dryrun");
        BlobContainerClient container = Blobs.container(CONTAINER);
        String csv = tag + "/dry/shops.csv";
        String jsonl = tag + "/dry/orders.jsonl";
        String csvEtag = Blobs.upload(
                        container,
                        csv,
                        "store_id,name,size,colour\n"
                                + tag + "-1,Plain,3,\n"
                                + tag + "-2,Coloured,4,red\n"
                                + tag + "-3,Big,big,\n"
                                + ",No key,5,\n"
                                + tag + "-5," + "x".repeat(1100) + ",6,\n")
                .getETag();
        String jsonlEtag = Blobs.upload(
                        container,
                        jsonl,
                        "{\"id\":\"" + tag + "-o1\",\"total\":\"12\"}\n"
                                + "{\"id\":\"" + tag + "-o2\",\"total\":\"twelve\"}\n"
                                + "{\"id\":\"" + tag + "-o3\",\"total\":\"3\",\"note\":\"hi\"}\n")
                .getETag();

        String runId = Api.operator()
                .queryParam("prefix", tag + "/")
                .queryParam("dryRun", true)
                .when()
                .post(Api.RUNS)
                .then()
                .statusCode(202)
                .extract()
                .path("runId");

        JsonPath run = await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .until(
                        () -> given().get(Api.RUNS + "/" + runId)
                                .then()
                                .extract()
                                .jsonPath(),
                        r -> "COMPLETE".equals(r.getString("status")));
        assertThat(run.getBoolean("dryRun")).isTrue();
        assertThat(run.getInt("files")).isEqualTo(2);

        Map<String, Object> shops = file(run, csv);
        assertThat(shops.get("status")).isEqualTo("IMPORTED");
        assertThat(shops.get("rule")).asString().startsWith("drystores@");
        Map<String, Object> shopsReport = report(shops);
        assertThat(shopsReport).containsEntry("read", 5).containsEntry("wouldBeAccepted", 1);
        assertThat(counts(shopsReport))
                .containsEntry("unknown-field", 1)
                .containsEntry("type-mismatch", 1)
                .containsEntry("missing-primary-key", 1)
                .containsEntry("text-too-long", 1);
        Map<String, Object> colour = example(shopsReport, "unknown-field");
        assertThat(colour)
                .containsEntry("position", "line 3 (byte " + (26 + (tag + "-1,Plain,3,\n").length()) + ")")
                .containsEntry("field", "colour")
                .containsEntry("value", "red");
        assertThat(example(shopsReport, "type-mismatch"))
                .containsEntry("field", "size")
                .containsEntry("value", "big");

        Map<String, Object> orders = report(file(run, jsonl));
        assertThat(orders).containsEntry("read", 3).containsEntry("wouldBeAccepted", 1);
        assertThat(counts(orders)).containsEntry("unparseable-number", 1).containsEntry("unknown-field", 1);
        assertThat(example(orders, "unparseable-number"))
                .containsEntry(
                        "position", "line 2 (byte " + ("{\"id\":\"" + tag + "-o1\",\"total\":\"12\"}\n").length() + ")")
                .containsEntry("field", "total");

        // listed as a dry run
        List<Map<String, Object>> listed =
                given().get(Api.RUNS).then().extract().jsonPath().getList("");
        assertThat(listed)
                .anySatisfy(r -> assertThat(r).containsEntry("id", runId).containsEntry("dryRun", true));

        // nothing sent to ODP, nothing in the ledger, the files or stores topics; the blobs untouched
        odp.verify(0, postRequestedFor(urlPathMatching("/v3/objects/dry_.*")));
        for (String topic : List.of("odp-importer.ledger", "odp-importer.files", "odp-importer.stores")) {
            assertThat(KafkaTestClient.readAll(topic))
                    .as(topic)
                    .noneMatch(r -> (r.key() != null && r.key().contains(tag))
                            || (r.value() != null && r.value().contains(tag)));
        }
        // the files API (from the ledger view): the versions have no run, no state written by the dry run
        List<Object> runs = given().queryParam("name", csv)
                .get("/files/history")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("versions.runId");
        assertThat(runs).isNotEmpty().containsOnlyNulls();
        assertThat(container.getBlobClient(csv).getProperties().getETag()).isEqualTo(csvEtag);
        assertThat(container.getBlobClient(jsonl).getProperties().getETag()).isEqualTo(jsonlEtag);
        assertThat(container.getBlobClient(csv).getTags()).isEmpty();
    }

    @Test
    void aSecondDryRunOnTheReplicaIsRefusedWithRetryAfterUntilTheFirstEnds() {
        // dry_busy's schema read takes 3 s: the first dry run holds its slot at least that long
        StubMapping slowSchema = odp.stubFor(get(urlPathEqualTo("/v3/schema/objects/dry_busy"))
                .atPriority(1)
                .willReturn(aResponse().withStatus(404).withFixedDelay(3_000)));
        try {
            String tag = Stores.tag("drybusy");
            Blobs.upload(Blobs.container(CONTAINER), tag + "/busy/a.csv", "id,name\n" + tag + "-1,A\n");

            String first = dryRun(tag).then().statusCode(202).extract().path("runId");
            dryRun(tag)
                    .then()
                    .statusCode(429)
                    .header("Retry-After", "30")
                    .body("error", containsString("importer.dry-run.max-concurrent"));

            awaitComplete(first);
            String next = dryRun(tag).then().statusCode(202).extract().path("runId");
            assertThat(next).isNotEqualTo(first);
            awaitComplete(next);
        } finally {
            odp.removeStub(slowSchema);
        }
    }

    private static Response dryRun(String tag) {
        return Api.operator()
                .queryParam("prefix", tag + "/")
                .queryParam("dryRun", true)
                .when()
                .post(Api.RUNS);
    }

    private static void awaitComplete(String runId) {
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .until(
                        () -> given().get(Api.RUNS + "/" + runId)
                                .then()
                                .extract()
                                .path("status"),
                        "COMPLETE"::equals);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> file(JsonPath run, String blob) {
        List<Map<String, Object>> files = run.getList("fileDetails");
        return files.stream()
                .filter(f -> blob.equals(f.get("blobName")))
                .findFirst()
                .orElseThrow();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> report(Map<String, Object> file) {
        return (Map<String, Object>) file.get("report");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> counts(Map<String, Object> report) {
        Map<String, Object> counts = new TreeMap<>();
        ((List<Map<String, Object>>) report.get("problems"))
                .forEach(p -> counts.put((String) p.get("kind"), p.get("count")));
        return counts;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> example(Map<String, Object> report, String kind) {
        return ((List<Map<String, Object>>) report.get("problems"))
                .stream()
                        .filter(p -> kind.equals(p.get("kind")))
                        .map(p -> ((List<Map<String, Object>>) p.get("examples")).get(0))
                        .findFirst()
                        .orElseThrow();
    }
}
