package io.odpimporter;

import com.azure.storage.blob.BlobContainerClient;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.odpimporter.domain.BlobVersion;
import io.odpimporter.domain.LedgerEntry;
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
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

/**
 * The files API against the packaged service (docs/operations.md, "Files"), with one rule for {@code *.json} blobs
 * (so a {@code .txt} blob is SKIPPED): every status in one listing, paging with the continuation, hostile names in
 * the history, and re-import (a new REPLAY run sending the records to ODP again; 409, 404, 412; operators only).
 */
@QuarkusIntegrationTest
@TestProfile(FilesApiIT.JsonRule.class)
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = AzuriteTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = OdpStandInTestResource.class, scope = TestResourceScope.GLOBAL)
class FilesApiIT {

    static final String CONTAINER = "offline-stores";
    static final String ID = "ocp_quickstart_offline_store_id";

    /** One rule: every {@code .json} blob to the offline stores; other blobs match no rule. */
    public static class JsonRule implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "importer.rules[0].name", "json-stores",
                    "importer.rules[0].pattern", "**/*.json",
                    "importer.rules[0].object-type", "ocp_quickstart_offline_stores",
                    "importer.rules[0].primary-key", ID,
                    "importer.rules[0].fields[0].name", ID,
                    "importer.rules[0].fields[0].source", "id",
                    "importer.rules[0].fields[1].name", "offline_store_name",
                    "importer.rules[0].fields[1].source", "name",
                    "importer.rules[0].fields[2].name", "offline_store_location",
                    "importer.rules[0].fields[2].source", "location");
        }
    }

    @InjectOdpStandIn
    WireMockServer odp;

    final BlobContainerClient container = Blobs.container(CONTAINER);

    @Test
    void everyStatusShowsInOneListingPagedByTwoAndReimportRefusalsAreClear() {
        String tag = Stores.tag("files");
        String good = tag + "/a.json";
        String bad = tag + "/bad.json";
        String busy = tag + "/busy.json";
        Blobs.upload(container, good, Stores.json(Stores.make(tag, 0, 3)));
        String truncated = Stores.json(Stores.make(tag, 3, 3));
        Blobs.upload(container, bad, truncated.substring(0, truncated.lastIndexOf('{')));
        Blobs.upload(container, tag + "/notes.txt", "not a store");
        Response run = Api.awaitFinished(Api.trigger(tag + "/", false));
        assertThat(run.<Integer>path("filesFailed")).isEqualTo(1);
        Blobs.upload(container, tag + "/new.json", Stores.json(Stores.make(tag, 6, 1)));
        String busyEtag = BlobVersion.unquote(Blobs.upload(container, busy, Stores.json(Stores.make(tag, 7, 1)))
                .getETag());
        // a version being imported by another run, as its announcement leaves it in the ledger
        KafkaTestClient.send(
                "odp-importer.ledger",
                new BlobVersion(CONTAINER, busy, busyEtag).key(),
                new LedgerEntry(
                        new BlobVersion(CONTAINER, busy, busyEtag),
                        LedgerEntry.State.IN_PROGRESS,
                        "run-busy-" + tag,
                        0,
                        null,
                        Instant.now()));

        await("the IN_PROGRESS entry in the ledger view")
                .atMost(Duration.ofSeconds(20))
                .until(() -> "IN_PROGRESS".equals(statuses(tag, 1000).get(busy)));
        Map<String, String> statuses = statuses(tag, 1000);
        assertThat(statuses.get(good)).isIn("IMPORTED", "DELIVERED");
        assertThat(statuses)
                .containsEntry(bad, "FAILED")
                .containsEntry(tag + "/notes.txt", "SKIPPED")
                .containsEntry(tag + "/new.json", "NOT_IMPORTED")
                .containsEntry(busy, "IN_PROGRESS")
                .hasSize(5);
        Response imported = given().queryParam("prefix", tag + "/a")
                .get("/files")
                .then()
                .statusCode(200)
                .extract()
                .response();
        assertThat(imported.<String>path("files[0].runId")).isEqualTo(run.path("id"));
        assertThat(imported.<Integer>path("files[0].records")).isEqualTo(3);
        assertThat(imported.<String>path("files[0].format")).isEqualTo("json");
        assertThat(imported.<String>path("files[0].rule")).startsWith("json-stores@");
        assertThat(imported.<String>path("files[0].lastModified")).isNotNull();
        assertThat(given().queryParam("prefix", tag + "/notes").get("/files").<String>path("files[0].reason"))
                .contains("no rule matches");

        // limit=2: three pages from the container listing, each name once, in name order
        List<List<String>> pages = pages(tag, null, 2);
        assertThat(pages).hasSize(3);
        assertThat(pages.stream().flatMap(List::stream).toList())
                .containsExactly(good, bad, busy, tag + "/new.json", tag + "/notes.txt");
        // ledger states only: through the ledger
        assertThat(pages(tag, "FAILED,IN_PROGRESS", 1)).containsExactly(List.of(bad), List.of(busy));

        given().queryParam("status", "DONE")
                .get("/files")
                .then()
                .statusCode(400)
                .body("error", containsString("status"))
                .body("error", containsString("NOT_IMPORTED"));
        given().queryParam("prefix", tag + "/")
                .queryParam("modifiedFrom", Instant.now().plusSeconds(3600).toString())
                .get("/files")
                .then()
                .statusCode(200)
                .body("files.size()", is(0));

        reimport(busy, null).then().statusCode(409).body("runId", is("run-busy-" + tag));
        reimport(tag + "/missing.json", null)
                .then()
                .statusCode(404)
                .body("error", containsString(tag + "/missing.json"));
        String goodEtag = BlobVersion.unquote(
                container.getBlobClient(good).getProperties().getETag());
        reimport(good, "0x8DEADBEEF0000").then().statusCode(412).body("currentEtag", is(goodEtag));
        Api.operator()
                .contentType(ContentType.JSON)
                .body("{}")
                .post("/files/reimport")
                .then()
                .statusCode(400)
                .body("error", containsString("name is required"));
        Api.viewer()
                .contentType(ContentType.JSON)
                .body(Map.of("name", good))
                .post("/files/reimport")
                .then()
                .statusCode(403);
        Api.viewer().queryParam("prefix", tag + "/").get("/files").then().statusCode(200);

        // described with examples, as every endpoint (RunsApiIT checks the others)
        JsonNode doc =
                readJson(given().queryParam("format", "json").get("/q/openapi").asString());
        for (String[] operation :
                List.of(new String[] {"/files", "get"}, new String[] {"/files/history", "get"}, new String[] {
                    "/files/reimport", "post"
                })) {
            JsonNode described = doc.path("paths").path(operation[0]).path(operation[1]);
            assertThat(described.isMissingNode())
                    .as("%s %s", operation[1], operation[0])
                    .isFalse();
            assertThat(described.path("responses").elements().next().toString()).contains("\"example");
        }
        assertThat(doc.path("paths")
                        .path("/files/reimport")
                        .path("post")
                        .path("requestBody")
                        .toString())
                .contains("\"example");
    }

    @Test
    void reimportingADeliveredBlobSendsItsRecordsAgainInARunOfItsOwn() {
        String tag = Stores.tag("reimport");
        String name = tag + "/r.json";
        String etag = BlobVersion.unquote(Blobs.upload(container, name, Stores.json(Stores.make(tag, 0, 3)))
                .getETag());
        String first = Api.trigger(tag + "/", false);
        Api.awaitFinished(first);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> OdpJournal.accepted(odp, ID, tag + "-").size() == 3);

        Response started = reimport(name, "\"" + etag + "\"")
                .then()
                .statusCode(202)
                .header("Location", containsString(Api.RUNS + "/"))
                .body("status", is("RUNNING"))
                .body("file", is(CONTAINER + "/" + name + "@" + etag))
                .body("warning", containsString("overwriting newer"))
                .extract()
                .response();
        String runId = started.path("runId");
        assertThat(runId).isNotEqualTo(first);
        Response run = Api.awaitFinished(runId);
        assertThat(run.<String>path("status")).isEqualTo("COMPLETE");
        assertThat(run.<String>path("trigger")).isEqualTo("REPLAY");
        assertThat(run.<String>path("reimport")).isEqualTo(CONTAINER + "/" + name + "@" + etag);
        assertThat(run.<String>path("requestedBy")).isEqualTo(Api.OPERATOR);
        assertThat(run.<Integer>path("accepted")).isEqualTo(3);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> OdpJournal.accepted(odp, ID, tag + "-").size() == 6);

        Response history = history(name);
        assertThat(history.<List<Object>>path("versions")).hasSize(1);
        assertThat(history.<String>path("versions[0].runId")).isEqualTo(runId);
        assertThat(history.<String>path("versions[0].status")).isIn("IMPORTED", "DELIVERED");
        await("the re-import in the activity log")
                .atMost(Duration.ofSeconds(20))
                .until(() -> given().queryParam("level", "info")
                        .get("/activity")
                        .asString()
                        .contains("reimport/" + runId));
    }

    @Test
    void hostileNamesTravelAsQueryParametersIntoTheHistoryAndTheListing() {
        String tag = Stores.tag("names");
        String odd = tag + "/a b/100%/what?x=1#frag+plus ünï 😀.json";
        String longName = tag + "/" + "n".repeat(1000 - tag.length() - 1 - ".json".length()) + ".json";
        assertThat(longName).hasSize(1000);
        String oddEtag = BlobVersion.unquote(Blobs.upload(container, odd, Stores.json(Stores.make(tag, 0, 1)))
                .getETag());
        Blobs.upload(container, longName, Stores.json(Stores.make(tag, 1, 1)));

        for (String name : List.of(odd, longName)) {
            Response history = history(name);
            assertThat(history.<String>path("name")).isEqualTo(name);
            assertThat(history.<String>path("versions[0].blobName")).isEqualTo(name);
            assertThat(history.<String>path("versions[0].status")).isEqualTo("NOT_IMPORTED");
        }
        Api.awaitFinished(Api.trigger(tag + "/", false));
        Response history = history(odd);
        assertThat(history.<String>path("versions[0].etag")).isEqualTo(oddEtag);
        assertThat(history.<String>path("versions[0].status")).isIn("IMPORTED", "DELIVERED");
        assertThat(history(longName).<String>path("versions[0].status")).isIn("IMPORTED", "DELIVERED");
        assertThat(statuses(tag + "/a b/100%/", 10)).containsOnlyKeys(odd);
    }

    private static JsonNode readJson(String text) {
        try {
            return KafkaTestClient.MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }

    private static Response reimport(String name, String etag) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("name", name);
        if (etag != null) {
            body.put("etag", etag);
        }
        return Api.operator().contentType(ContentType.JSON).body(body).post("/files/reimport");
    }

    /** GET /files/history with the name percent-encoded by hand (spaces as %20, '+' as %2B). */
    private static Response history(String name) {
        String encoded = URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
        return given().urlEncodingEnabled(false)
                .get("/files/history?name=" + encoded)
                .then()
                .statusCode(200)
                .extract()
                .response();
    }

    /** @return blob name to status of the first page under {@code prefix} */
    private static Map<String, String> statuses(String prefix, int limit) {
        Response page = given().queryParam("prefix", prefix)
                .queryParam("limit", limit)
                .get("/files")
                .then()
                .statusCode(200)
                .extract()
                .response();
        Map<String, String> statuses = new LinkedHashMap<>();
        List<Map<String, Object>> files = page.path("files");
        files.forEach(f -> statuses.put((String) f.get("blobName"), (String) f.get("status")));
        return statuses;
    }

    /** @return the blob names of each page under {@code tag/}, following the continuation to its end */
    private static List<List<String>> pages(String tag, String status, int limit) {
        List<List<String>> pages = new ArrayList<>();
        String continuation = null;
        do {
            var request = given().queryParam("prefix", tag + "/").queryParam("limit", limit);
            if (status != null) {
                request = request.queryParam("status", status);
            }
            if (continuation != null) {
                request = request.queryParam("continuation", continuation);
            }
            Response page =
                    request.get("/files").then().statusCode(200).extract().response();
            pages.add(page.path("files.blobName"));
            continuation = page.path("continuation");
        } while (continuation != null && pages.size() < 10);
        return pages;
    }
}
