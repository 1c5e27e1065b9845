package io.odpimporter;

import com.azure.storage.blob.BlobContainerClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import io.odpimporter.testing.Api;
import io.odpimporter.testing.AzuriteTestResource;
import io.odpimporter.testing.Blobs;
import io.odpimporter.testing.InjectOdpStandIn;
import io.odpimporter.testing.KafkaTestResource;
import io.odpimporter.testing.OdpJournal;
import io.odpimporter.testing.OdpStandInTestResource;
import io.odpimporter.testing.OdpValidation;
import io.odpimporter.testing.Stores;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.zip.GZIPOutputStream;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.containsStringIgnoringCase;
import static org.hamcrest.Matchers.is;

/**
 * Every file format end to end through the packaged service, with no configuration (docs/architecture.md,
 * "Readers"): a CSV, JSON Lines and gzip file gives ODP exactly what the equivalent JSON array gives, the run's
 * files show the format each was read as, bad rows are parked with their line and byte offset, files that cannot be
 * framed fail at their offset, and a parked CSV row is delivered by a dead-letter replay.
 */
@QuarkusIntegrationTest
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = AzuriteTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = OdpStandInTestResource.class, scope = TestResourceScope.GLOBAL)
class FormatsIT {

    static final String ID = "ocp_quickstart_offline_store_id";
    static final String NAME = "offline_store_name";
    static final String LOCATION = "offline_store_location";
    static final ObjectMapper MAPPER = new ObjectMapper();

    /** Stores with what CSV must quote (commas, quotes, a line break), padding to trim, an empty field, UTF-8. */
    static final List<List<String>> STORES = List.of(
            List.of("s0", "Plain", "Oslo"),
            List.of("s1", "Comma, Inc.", "Bergen, Norway"),
            List.of("s2", "The \"Quoted\" Shop", "Line one\nLine two"),
            List.of("s3", "  Padded  ", ""),
            List.of("s4", "Ünïcødé café", "Tromsø"));

    @InjectOdpStandIn
    WireMockServer odp;

    static BlobContainerClient container;

    @BeforeAll
    static void container() {
        container = Blobs.container("offline-stores");
    }

    @Test
    void everyFormatGivesOdpWhatTheEquivalentJsonArrayGivesAndRecordsTheFormatItWasReadAs() {
        String tag = Stores.tag("formats");
        String prefix = tag + "/";
        // blob name -> the format the run must show
        Map<String, String> formats = new LinkedHashMap<>();
        Map<String, String> ids = new LinkedHashMap<>();
        Function<String, String> idOf = label -> {
            ids.put(label, tag + "-" + label + "-");
            return tag + "-" + label + "-";
        };
        upload(prefix + "stores.json", jsonArray(idOf.apply("json")).getBytes(StandardCharsets.UTF_8), null);
        formats.put(prefix + "stores.json", "json");
        upload(prefix + "stores.csv", csv(idOf.apply("csv"), "\r\n", true), null);
        formats.put(prefix + "stores.csv", "csv");
        upload(prefix + "stores.jsonl", jsonLines(idOf.apply("jsonl")), null);
        formats.put(prefix + "stores.jsonl", "jsonl");
        upload(prefix + "stores.ndjson", jsonLines(idOf.apply("ndjson")), null);
        formats.put(prefix + "stores.ndjson", "jsonl");
        upload(prefix + "stores.csv.gz", gzip(csv(idOf.apply("csvgz"), "\n", false)), null);
        formats.put(prefix + "stores.csv.gz", "csv.gz");
        upload(prefix + "stores.jsonl.gz", gzip(jsonLines(idOf.apply("jsonlgz"))), null);
        formats.put(prefix + "stores.jsonl.gz", "jsonl.gz");
        upload(prefix + "stores.json.gz", gzip(utf8(jsonArray(idOf.apply("jsongz")))), null);
        formats.put(prefix + "stores.json.gz", "json.gz");
        // no .gz in the name: Content-Encoding says it, and the service must not let the HTTP client inflate it
        upload(prefix + "encoded.csv", gzip(csv(idOf.apply("encoded"), "\n", false)), "gzip");
        formats.put(prefix + "encoded.csv", "csv.gz");
        // any other name is a JSON array, as before formats; the magic bytes say gzip
        upload(prefix + "stores-export.dat", gzip(utf8(jsonArray(idOf.apply("catchall")))), null);
        formats.put(prefix + "stores-export.dat", "json.gz");

        Response run = Api.awaitFinished(Api.trigger(prefix, false));

        assertThat(run.<String>path("status")).isEqualTo("COMPLETE");
        assertThat(run.<Integer>path("files")).isEqualTo(formats.size());
        assertThat(run.<Integer>path("accepted")).isEqualTo(formats.size() * STORES.size());
        assertThat(run.<Integer>path("rejected")).isZero();
        Map<String, String> shown = new TreeMap<>();
        List<Map<String, Object>> files = run.path("fileDetails");
        files.forEach(f -> shown.put((String) f.get("blobName"), (String) f.get("format")));
        assertThat(shown).isEqualTo(new TreeMap<>(formats));
        List<Map<String, String>> fromJson = received(ids.get("json"));
        assertThat(fromJson)
                .as("the JSON array's stores: trimmed, empty -> absent")
                .contains(
                        Map.of("id", "s3", NAME, "Padded"),
                        Map.of("id", "s2", NAME, "The \"Quoted\" Shop", LOCATION, "Line one\nLine two"))
                .hasSize(STORES.size());
        ids.forEach((label, idPrefix) -> assertThat(received(idPrefix))
                .as("what ODP received from the %s file", label)
                .containsExactlyInAnyOrderElementsOf(fromJson));
    }

    @Test
    void badCsvRowsAreParkedWithLineAndByteOffsetAndEveryGoodRowArrives() {
        String tag = Stores.tag("bad-rows");
        String blob = tag + "/bad.csv";
        List<String> rows = List.of(
                "id,name,location",
                tag + "-0,First,Oslo",
                tag + "-1,Too,many,columns",
                "\"" + tag + "-2\",\"Second\nspans two lines\",Bergen",
                tag + "-3,Nul\u0000byte,Oslo",
                tag + "-4,Last,Tromsø");
        byte[] file = utf8(String.join("\n", rows) + "\n");
        upload(blob, file, null);

        Response run = Api.awaitFinished(Api.trigger(tag + "/", false));

        assertThat(run.<String>path("status")).isEqualTo("COMPLETE");
        assertThat(run.<String>path("fileDetails[0].status")).isEqualTo("IMPORTED");
        assertThat(run.<Integer>path("accepted")).isEqualTo(3);
        assertThat(run.<Integer>path("rejected")).isEqualTo(2);
        assertThat(OdpJournal.accepted(odp, ID, tag))
                .extracting(o -> o.get(ID).asText())
                .containsExactlyInAnyOrder(tag + "-0", tag + "-2", tag + "-4");
        given().queryParam("blob", blob)
                .get("/dead-letters")
                .then()
                .statusCode(200)
                .body("size()", is(2))
                .body("find { it.recordIndex == 1 }.kind", is("INVALID_RECORD"))
                .body("find { it.recordIndex == 1 }.format", is("csv"))
                .body("find { it.recordIndex == 1 }.line", is(3))
                .body("find { it.recordIndex == 1 }.byteOffset", is(offsetOf(file, tag + "-1,")))
                .body("find { it.recordIndex == 1 }.reason", containsStringIgnoringCase("column"))
                .body("find { it.recordIndex == 3 }.kind", is("INVALID_RECORD"))
                .body("find { it.recordIndex == 3 }.line", is(6))
                .body("find { it.recordIndex == 3 }.byteOffset", is(offsetOf(file, tag + "-3,")))
                .body("find { it.recordIndex == 3 }.reason", containsStringIgnoringCase("nul"));
    }

    @Test
    void anUnterminatedQuoteAndABrokenGzipFailTheirFileAtTheirOffsetAfterTheRowsBeforeIt() {
        String tag = Stores.tag("unframed");
        String head = "id,name,location\n" + tag + "-0,First,Oslo\n" + tag + "-1,Second,Bergen\n";
        String open = tag + "-2,\"never closed,Oslo\n" + tag + "-3,Lost,Bergen\n";
        byte[] unterminated = utf8(head + open);
        upload(tag + "/unterminated.csv", unterminated, null);
        StringBuilder many = new StringBuilder("id,name,location\n");
        for (int i = 0; i < 2_000; i++) {
            many.append(tag)
                    .append("-gz-")
                    .append(i)
                    .append(",Store ")
                    .append(i)
                    .append(",City\n");
        }
        byte[] whole = gzip(utf8(many.toString()));
        byte[] cut = Arrays.copyOf(whole, whole.length / 2);
        upload(tag + "/broken.csv.gz", cut, null);

        Response run = Api.awaitFinished(Api.trigger(tag + "/", false));

        assertThat(run.<Integer>path("filesFailed")).isEqualTo(2);
        String csvError = fileDetail(run, tag + "/unterminated.csv", "error");
        assertThat(fileDetail(run, tag + "/unterminated.csv", "status")).isEqualTo("FAILED");
        assertThat(csvError).containsIgnoringCase("quote").contains("at byte " + utf8(head).length);
        assertThat(OdpJournal.accepted(odp, ID, tag + "-"))
                .extracting(o -> o.get(ID).asText())
                .contains(tag + "-0", tag + "-1")
                .doesNotContain(tag + "-2", tag + "-3");
        assertThat(fileDetail(run, tag + "/broken.csv.gz", "status")).isEqualTo("FAILED");
        assertThat(fileDetail(run, tag + "/broken.csv.gz", "format")).isEqualTo("csv.gz");
        assertThat(fileDetail(run, tag + "/broken.csv.gz", "error"))
                .contains("broken gzip stream")
                .containsPattern("at uncompressed byte \\d+ \\(compressed byte \\d+\\)");
    }

    @Test
    void csvRowsParkedByOdpOrAsInvalidAreReplayedLikeJsonRecords() {
        String tag = Stores.tag("csv-replay");
        String blob = tag + "/stores.csv";
        byte[] file = utf8("id,name,location\n" + tag + "-0,Fine,Oslo\n" + tag + "-1,REFUSE,Bergen\n,No id,Oslo\n");
        StubMapping validating = odp.stubFor(post(urlPathMatching("/v3/objects/.*"))
                .atPriority(1)
                .withRequestBody(containing(tag))
                .willReturn(aResponse().withTransformers(OdpValidation.NAME)));
        String runId;
        try {
            upload(blob, file, null);
            Response run = Api.awaitFinished(Api.trigger(tag + "/", false));
            assertThat(run.<Integer>path("accepted")).isEqualTo(1);
            assertThat(run.<Integer>path("rejected")).isEqualTo(2);
            runId = run.path("id");
            given().queryParam("runId", runId)
                    .get("/dead-letters")
                    .then()
                    .statusCode(200)
                    .body("size()", is(2))
                    .body("find { it.recordIndex == 1 }.kind", is("REJECTED_BY_ODP"))
                    .body("find { it.recordIndex == 1 }.reason", containsString("REFUSE"))
                    .body("find { it.recordIndex == 2 }.kind", is("INVALID_RECORD"))
                    .body("find { it.recordIndex == 2 }.format", is("csv"))
                    .body("find { it.recordIndex == 2 }.line", is(4))
                    .body("find { it.recordIndex == 2 }.byteOffset", is(offsetOf(file, ",No id")))
                    .body("find { it.recordIndex == 2 }.reason", containsString("\"id\""));
        } finally {
            odp.removeStub(validating); // the fix: ODP now accepts the name
        }

        String replayRun = Api.operator()
                .queryParam("runId", runId)
                .post("/dead-letters/replay")
                .then()
                .statusCode(202)
                .body("records", is(2))
                .extract()
                .path("runId");
        Response replayed = Api.awaitFinished(replayRun);

        assertThat(replayed.<String>path("status")).isEqualTo("COMPLETE");
        assertThat(replayed.<Integer>path("accepted")).isEqualTo(1);
        assertThat(replayed.<Integer>path("rejected")).isEqualTo(1);
        assertThat(OdpJournal.accepted(odp, ID, tag + "-1"))
                .extracting(o -> o.get(NAME).asText() + "@" + o.get(LOCATION).asText())
                .containsExactly("REFUSE@Bergen");
        // the row without an id is transformed again (its columns, not its text as JSON): still without an id
        given().queryParam("runId", replayRun)
                .get("/dead-letters")
                .then()
                .statusCode(200)
                .body("size()", is(1))
                .body("[0].kind", is("INVALID_RECORD"))
                .body("[0].recordIndex", is(2))
                .body("[0].reason", containsString("\"id\""));
    }

    // ---------------------------------------------------------------------------------------------------------

    private static void upload(String name, byte[] content, String contentEncoding) {
        Blobs.upload(container, name, content, contentEncoding);
    }

    /** @return what ODP accepted for ids starting with {@code idPrefix}: id suffix and the other fields */
    private List<Map<String, String>> received(String idPrefix) {
        List<Map<String, String>> stores = new ArrayList<>();
        for (JsonNode o : OdpJournal.accepted(odp, ID, idPrefix)) {
            Map<String, String> store = new TreeMap<>();
            o.fields().forEachRemaining(f -> store.put(f.getKey(), f.getValue().asText()));
            store.put("id", store.remove(ID).substring(idPrefix.length()));
            stores.add(store);
        }
        return stores;
    }

    private static String jsonArray(String idPrefix) {
        List<Map<String, String>> stores = new ArrayList<>();
        STORES.forEach(s -> stores.add(Map.of("id", idPrefix + s.get(0), "name", s.get(1), "location", s.get(2))));
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(stores);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] jsonLines(String idPrefix) {
        StringBuilder lines = new StringBuilder();
        for (List<String> s : STORES) {
            Map<String, String> store = new LinkedHashMap<>();
            store.put("id", idPrefix + s.get(0));
            store.put("name", s.get(1));
            store.put("location", s.get(2));
            try {
                lines.append(MAPPER.writeValueAsString(store)).append('\n');
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return utf8(lines.toString());
    }

    /** @return the stores as RFC 4180 CSV with a header row, lines ending in {@code eol}, with a UTF-8 BOM or not */
    private static byte[] csv(String idPrefix, String eol, boolean bom) {
        StringBuilder csv = new StringBuilder(bom ? "\uFEFF" : "")
                .append("id,name,location")
                .append(eol);
        for (List<String> s : STORES) {
            csv.append(quoted(idPrefix + s.get(0)))
                    .append(',')
                    .append(quoted(s.get(1)))
                    .append(',')
                    .append(quoted(s.get(2)))
                    .append(eol);
        }
        return utf8(csv.toString());
    }

    private static String quoted(String field) {
        if (field.contains(",") || field.contains("\"") || field.contains("\n")) {
            return '"' + field.replace("\"", "\"\"") + '"';
        }
        return field;
    }

    private static byte[] gzip(byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** @return the byte offset in {@code file} where {@code text} first starts */
    private static int offsetOf(byte[] file, String text) {
        String content = new String(file, StandardCharsets.UTF_8);
        return utf8(content.substring(0, content.indexOf(text))).length;
    }

    private static String fileDetail(Response run, String blob, String field) {
        return run.path("fileDetails.find { it.blobName == '" + blob + "' }." + field);
    }
}
