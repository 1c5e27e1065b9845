package io.odpimporter;

import com.azure.storage.blob.BlobContainerClient;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import io.odpimporter.domain.BlobVersion;
import io.odpimporter.rules.EventIds;
import io.odpimporter.testing.Api;
import io.odpimporter.testing.AzuriteTestResource;
import io.odpimporter.testing.Blobs;
import io.odpimporter.testing.InjectOdpStandIn;
import io.odpimporter.testing.KafkaTestResource;
import io.odpimporter.testing.OdpJournal;
import io.odpimporter.testing.OdpStandInTestResource;
import io.odpimporter.testing.RulesExample;
import io.odpimporter.testing.Stores;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rules end to end through the packaged service (docs/architecture.md, "Rules" and "Events"), configured with the
 * complete example of docs/configuration.md ("Rules"), each pattern under a test folder ({@code *}{@code /stores/*.csv}
 * for {@code stores/*.csv}): store CSV files to the offline stores with their columns mapped, orders in JSON Lines to
 * the object type {@code orders} with a number, a timestamp and a constant, purchase events from CSV; what the ODP
 * stand-in received is exactly what the rules make. A blob no rule matches is SKIPPED with the reason; the run shows
 * each file's rule; a row whose conversion fails, an event without its identifier and an event ODP refuses are parked
 * with the rule, and a replay goes through the recorded rule.
 */
@QuarkusIntegrationTest
@TestProfile(RulesIT.ExampleRules.class)
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = AzuriteTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = OdpStandInTestResource.class, scope = TestResourceScope.GLOBAL)
class RulesIT {

    static final String CONTAINER = "offline-stores";
    static final String STORE_ID = "ocp_quickstart_offline_store_id";
    static final String NAME = "offline_store_name";
    static final String LOCATION = "offline_store_location";
    /** Numbers as BigDecimal, so 19.9 and 19.90 compare by value ({@link #normal}). */
    static final ObjectMapper MAPPER = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    /** The example of docs/configuration.md, each pattern one folder down: {@code <test>/stores/x.csv}. */
    public static class ExampleRules implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> rules = new LinkedHashMap<>(RulesExample.properties());
            rules.replaceAll((key, value) -> key.endsWith(".pattern") ? "*/" + value : value);
            return rules;
        }
    }

    @InjectOdpStandIn
    WireMockServer odp;

    static BlobContainerClient container;

    @BeforeAll
    static void container() {
        container = Blobs.container(CONTAINER);
    }

    @Test
    void threeRulesSendWhatTheirMappingsMakeAndABlobNoRuleMatchesIsSkippedWithTheReason() {
        String tag = Stores.tag("rules");
        String stores = tag + "/stores/shops.csv";
        String orders = tag + "/orders/2026-12.jsonl";
        String events = tag + "/events/purchases.csv";
        String readme = tag + "/misc/readme.txt";
        String nested = tag + "/stores/2026/shops.csv"; // * does not cross a /
        // columns in another order than the fields, one not mapped; padding to trim; an empty location
        upload(
                stores,
                "location,notes,id,name\n"
                        + "Oslo,first,"
                        + tag + "-s0,Plain\n"
                        + "Bergen ,\"a, b\","
                        + tag + "-s1,\"  Padded  \"\n"
                        + ",,"
                        + tag + "-s2,No location\n");
        upload(
                orders,
                "{\"id\":\"" + tag + "-o1\",\"total\":\"19.90\",\"created\":\"2026-12-01 09:30:00\"}\n"
                        + "{\"id\":\"" + tag + "-o2\",\"total\":7,\"created\":\"12/01/2026 09:30\"}\n"
                        + "{\"id\":\"" + tag
                        + "-o3\",\"total\":\" 0.5 \",\"created\":\"2026-12-01T10:30:00+01:00\"}\n");
        String etag = upload(
                events,
                "email,order,price,extra\n"
                        + tag + "-ann@example.com," + tag + "-o1,19.90,x\n"
                        + " " + tag + "-bob@example.com ," + tag + "-o2,7,y\n");
        upload(readme, "not a data file\n");
        upload(nested, "id,name,location\n" + tag + "-nested,Nested,Oslo\n");

        Response run = Api.awaitFinished(Api.trigger(tag + "/", false));

        assertThat(run.<String>path("status")).isEqualTo("COMPLETE");
        assertThat(run.<Integer>path("files")).isEqualTo(5);
        assertThat(run.<Integer>path("accepted")).isEqualTo(3 + 3 + 2);
        assertThat(run.<Integer>path("rejected")).isZero();
        assertThat(fileDetail(run, stores, "status")).isEqualTo("IMPORTED");
        assertThat(fileDetail(run, stores, "rule")).startsWith("stores@");
        assertThat(fileDetail(run, stores, "format")).isEqualTo("csv");
        assertThat(fileDetail(run, orders, "status")).isEqualTo("IMPORTED");
        assertThat(fileDetail(run, orders, "rule")).startsWith("orders@");
        assertThat(fileDetail(run, orders, "format")).isEqualTo("jsonl");
        assertThat(fileDetail(run, events, "status")).isEqualTo("IMPORTED");
        assertThat(fileDetail(run, events, "rule")).startsWith("purchases@");
        for (String skipped : List.of(readme, nested)) {
            assertThat(fileDetail(run, skipped, "status")).as(skipped).isEqualTo("SKIPPED");
            assertThat(fileDetail(run, skipped, "note"))
                    .as(skipped)
                    .containsIgnoringCase("no rule matches")
                    .contains(skipped);
            assertThat(fileDetail(run, skipped, "rule")).as(skipped).isNull();
        }

        assertThat(objects("ocp_quickstart_offline_stores", STORE_ID, tag + "-s"))
                .as("the stores: mapped by column name, trimmed, the blank location omitted, notes not sent")
                .containsExactlyInAnyOrder(
                        Map.of(STORE_ID, tag + "-s0", NAME, "Plain", LOCATION, "Oslo"),
                        Map.of(STORE_ID, tag + "-s1", NAME, "Padded", LOCATION, "Bergen"),
                        Map.of(STORE_ID, tag + "-s2", NAME, "No location"));
        assertThat(objects("ocp_quickstart_offline_stores", STORE_ID, tag + "-nested"))
                .isEmpty();
        assertThat(objects("orders", "order_id", tag + "-o"))
                .as("the orders: numbers converted, every timestamp format to ISO 8601 UTC, the constant")
                .containsExactlyInAnyOrder(
                        order(tag + "-o1", "19.9"), order(tag + "-o2", "7"), order(tag + "-o3", "0.5"));
        BlobVersion version = new BlobVersion(CONTAINER, events, etag);
        assertThat(events(tag))
                .as("the purchase events: type and action constants, the email identifier, data with the id")
                .containsExactlyInAnyOrder(
                        purchase(tag + "-ann@example.com", tag + "-o1", "19.9", EventIds.idempotenceId(version, 0)),
                        purchase(tag + "-bob@example.com", tag + "-o2", "7", EventIds.idempotenceId(version, 1)));
        assertThat(OdpJournal.acceptedEvents(odp, OdpJournal.identifier("email", tag)))
                .extracting(e -> e.at("/data/idempotence_id").asText())
                .doesNotHaveDuplicates();
    }

    @Test
    void parkedRowsKeepTheirRuleAndAReplayGoesThroughIt() {
        String tag = Stores.tag("rules-parked");
        String orders = tag + "/orders/bad.jsonl";
        String events = tag + "/events/bad.csv";
        upload(
                orders,
                "{\"id\":\"" + tag + "-o1\",\"total\":\"1.5\",\"created\":\"2026-12-01 09:30:00\"}\n" + "{\"id\":\""
                        + tag + "-o2\",\"total\":\"12,5\",\"created\":\"2026-12-01 09:30:00\"}\n");
        String refused = tag + "-refused@example.com";
        String etag = upload(
                events,
                "email,order,price\n"
                        + tag + "-ann@example.com," + tag + "-o1,1.5\n"
                        + "," + tag + "-o9,3\n"
                        + refused + "," + tag + "-o2,2\n");
        BlobVersion version = new BlobVersion(CONTAINER, events, etag);
        // ODP refuses the event of `refused` (a 400 naming no index: the sink splits the batch until it is alone)
        StubMapping refusing = odp.stubFor(post(urlPathEqualTo("/v3/events"))
                .atPriority(1)
                .withRequestBody(containing(refused))
                .willReturn(aResponse()
                        .withStatus(400)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"title\":\"Bad Request\",\"status\":400,\"timestamp\":\"2026-12-01T00:00:00Z\","
                                + "\"detail\":{\"invalids\":[{\"field\":\"identifiers.email\","
                                + "\"reason\":\"refused-email-domain\"}]}}")));
        String runId;
        try {
            Response run = Api.awaitFinished(Api.trigger(tag + "/", false));
            runId = run.path("id");
            assertThat(run.<String>path("status")).isEqualTo("COMPLETE");
            assertThat(run.<Integer>path("accepted")).isEqualTo(2);
            assertThat(run.<Integer>path("rejected")).isEqualTo(3);
        } finally {
            odp.removeStub(refusing); // the fix: ODP now takes the email
        }
        Response parked = given().queryParam("runId", runId)
                .get("/dead-letters")
                .then()
                .statusCode(200)
                .extract()
                .response();
        assertThat(parked.<List<?>>path("")).hasSize(3);
        JsonNode badTotal = deadLetter(parked, orders, 1);
        assertThat(badTotal.path("kind").asText()).isEqualTo("INVALID_RECORD");
        assertThat(badTotal.path("format").asText()).isEqualTo("jsonl");
        assertThat(badTotal.path("line").asInt()).isEqualTo(2);
        assertThat(badTotal.path("rule").asText()).startsWith("orders@");
        assertThat(badTotal.path("reason").asText()).contains("total").contains("12,5");
        JsonNode noEmail = deadLetter(parked, events, 1);
        assertThat(noEmail.path("kind").asText()).isEqualTo("INVALID_RECORD");
        assertThat(noEmail.path("line").asInt()).isEqualTo(3);
        assertThat(noEmail.path("rule").asText()).startsWith("purchases@");
        assertThat(noEmail.path("reason").asText()).containsIgnoringCase("identifier");
        JsonNode refusedEvent = deadLetter(parked, events, 2);
        assertThat(refusedEvent.path("kind").asText()).isEqualTo("REJECTED_BY_ODP");
        // the sink parks what ODP refused with its target, not its rule: it does not know the rule
        assertThat(refusedEvent.path("target").asText()).isEqualTo("events");
        assertThat(refusedEvent.path("reason").asText()).contains("refused-email-domain");
        assertThat(fileDetailOf(runId, orders, "rejection")).contains("12,5");

        String replayRun = Api.operator()
                .queryParam("runId", runId)
                .post("/dead-letters/replay")
                .then()
                .statusCode(202)
                .extract()
                .path("runId");
        Response replayed = Api.awaitFinished(replayRun);

        assertThat(replayed.<String>path("status")).isEqualTo("COMPLETE");
        assertThat(replayed.<Integer>path("accepted")).isEqualTo(1);
        assertThat(replayed.<Integer>path("rejected")).isEqualTo(2);
        // the refused event, sent again to the events endpoint with its id of the first sending
        assertThat(events(refused))
                .containsExactly(purchase(refused, tag + "-o2", "2", EventIds.idempotenceId(version, 2)));
        // the invalid rows went through their rules again: the orders rule's number conversion, the events rule's
        // identifier (the default rule would have asked for an "id")
        Response again = given().queryParam("runId", replayRun)
                .get("/dead-letters")
                .then()
                .statusCode(200)
                .extract()
                .response();
        assertThat(again.<List<?>>path("")).hasSize(2);
        JsonNode badTotalAgain = deadLetter(again, orders, 1);
        assertThat(badTotalAgain.path("kind").asText()).isEqualTo("INVALID_RECORD");
        assertThat(badTotalAgain.path("rule").asText())
                .isEqualTo(badTotal.path("rule").asText());
        assertThat(badTotalAgain.path("reason").asText())
                .isEqualTo(badTotal.path("reason").asText());
        JsonNode noEmailAgain = deadLetter(again, events, 1);
        assertThat(noEmailAgain.path("rule").asText())
                .isEqualTo(noEmail.path("rule").asText());
        assertThat(noEmailAgain.path("reason").asText())
                .isEqualTo(noEmail.path("reason").asText());
        assertThat(objects("orders", "order_id", tag + "-o2")).isEmpty();
    }

    // ---------------------------------------------------------------------------------------------------------

    private static String upload(String name, String content) {
        return Blobs.upload(container, name, content.getBytes(StandardCharsets.UTF_8), null)
                .getETag();
    }

    /** @return the objects of {@code objectType} ODP accepted whose primary key starts with {@code prefix} */
    private List<Map<String, Object>> objects(String objectType, String primaryKey, String prefix) {
        List<Map<String, Object>> objects = new ArrayList<>();
        OdpJournal.upserts(odp, primaryKey, prefix).stream()
                .filter(OdpJournal.Upsert::accepted)
                .filter(u -> u.objectType().equals(objectType))
                .forEach(u -> u.objects().forEach(o -> objects.add(normalObject(o))));
        return objects;
    }

    /** @return the events ODP accepted whose first identifier starts with {@code prefix}, normalised */
    private List<Map<String, Object>> events(String prefix) {
        return OdpJournal.acceptedEvents(odp, OdpJournal.identifier("email", prefix)).stream()
                .map(RulesIT::normalObject)
                .toList();
    }

    private static Map<String, Object> order(String id, String total) {
        return Map.of(
                "order_id",
                id,
                "total",
                new BigDecimal(total).stripTrailingZeros(),
                "order_date",
                "2026-12-01T09:30:00Z",
                "channel",
                "web");
    }

    private static Map<String, Object> purchase(String email, String order, String price, String idempotenceId) {
        return Map.of(
                "type",
                "order",
                "action",
                "purchase",
                "identifiers",
                Map.of("email", email),
                "data",
                Map.of(
                        "order_id",
                        order,
                        "price",
                        new BigDecimal(price).stripTrailingZeros(),
                        "idempotence_id",
                        idempotenceId));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> normalObject(JsonNode node) {
        return (Map<String, Object>) normal(node);
    }

    /** @return the JSON value as maps, lists, strings, booleans and numbers (BigDecimal without trailing zeros) */
    private static Object normal(JsonNode node) {
        try {
            JsonNode value = MAPPER.readTree(node.toString());
            return normalValue(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Object normalValue(JsonNode value) {
        if (value.isObject()) {
            Map<String, Object> map = new TreeMap<>();
            value.fields().forEachRemaining(f -> map.put(f.getKey(), normalValue(f.getValue())));
            return map;
        }
        if (value.isArray()) {
            List<Object> list = new ArrayList<>();
            value.forEach(v -> list.add(normalValue(v)));
            return list;
        }
        if (value.isNumber()) {
            return value.decimalValue().stripTrailingZeros();
        }
        if (value.isBoolean()) {
            return value.booleanValue();
        }
        return value.isNull() ? null : value.asText();
    }

    private static String fileDetail(Response run, String blob, String field) {
        return run.path("fileDetails.find { it.blobName == '" + blob + "' }." + field);
    }

    private static String fileDetailOf(String runId, String blob, String field) {
        return fileDetail(Api.run(runId), blob, field);
    }

    /** @return the dead letter of the response for record {@code index} of {@code blob} */
    private static JsonNode deadLetter(Response deadLetters, String blob, long index) {
        try {
            for (JsonNode d : MAPPER.readTree(deadLetters.asString())) {
                if (d.path("blobName").asText().equals(blob)
                        && d.path("recordIndex").asLong() == index) {
                    return d;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new AssertionError("no dead letter of " + blob + " #" + index + " in " + deadLetters.asString());
    }
}
