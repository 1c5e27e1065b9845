package io.odpimporter.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ODP stand-in's schema with state and its strict mode ({@link OdpSchemaStandIn}), on an in-process WireMock
 * with the stand-in's mappings and extensions as {@link OdpStandInTestResource} has them; and the same mappings on
 * plain WireMock (the docker-compose container), which answer the quickstart object statically.
 */
class OdpSchemaStandInTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper MAPPER = new ObjectMapper();
    static final String STORES = "{\"name\":\"stores\",\"display_name\":\"Stores\",\"fields\":["
            + "{\"name\":\"store_id\",\"type\":\"string\",\"display_name\":\"Id\",\"description\":\"id\","
            + "\"primary\":true},"
            + "{\"name\":\"store_name\",\"type\":\"string\",\"display_name\":\"Name\",\"description\":\"name\"},"
            + "{\"name\":\"opened\",\"type\":\"timestamp\",\"display_name\":\"Opened\"}]}";

    private static OdpSchemaStandIn schema;
    private static WireMockServer odp;
    private static WireMockServer plain;

    @BeforeAll
    static void start() {
        schema = new OdpSchemaStandIn();
        odp = new WireMockServer(options()
                .dynamicPort()
                .usingFilesUnderClasspath("odp-stand-in")
                .globalTemplating(false)
                .extensions(new OdpValidation(), new OdpRateLimit(), new OdpEventsValidation(), schema));
        odp.start();
        odp.stubFor(OdpEventsValidation.stub());
        plain = new WireMockServer(
                options().dynamicPort().usingFilesUnderClasspath("odp-stand-in").globalTemplating(false));
        plain.start();
    }

    @AfterAll
    static void stop() {
        odp.stop();
        plain.stop();
    }

    @BeforeEach
    void reset() {
        schema.reset();
    }

    private static HttpResponse<String> send(WireMockServer server, String method, String path, String key, String body)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
                .header("Content-Type", "application/json")
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            request.header("x-api-key", key);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send(odp, "GET", path, "key", null);
    }

    private static HttpResponse<String> post(String path, String body) throws IOException, InterruptedException {
        return send(odp, "POST", path, "key", body);
    }

    private static JsonNode json(HttpResponse<String> answer) throws IOException {
        return MAPPER.readTree(answer.body());
    }

    private static String invalids(HttpResponse<String> answer) throws IOException {
        return json(answer).at("/detail/invalids").toString();
    }

    @Test
    void anUnknownObjectIs404UntilCreatedThenItIsAnsweredWithItsFields() throws Exception {
        assertThat(get("/v3/schema/objects/stores").statusCode()).isEqualTo(404);
        assertThat(json(get("/v3/schema/objects/stores")).path("status").asInt())
                .isEqualTo(404);
        assertThat(json(get("/v3/schema/objects"))).isEmpty();

        HttpResponse<String> created = post("/v3/schema/objects", STORES);

        assertThat(created.statusCode()).isEqualTo(200);
        HttpResponse<String> read = get("/v3/schema/objects/stores");
        assertThat(read.statusCode()).isEqualTo(200);
        JsonNode object = json(read);
        assertThat(object.path("name").asText()).isEqualTo("stores");
        assertThat(object.path("display_name").asText()).isEqualTo("Stores");
        assertThat(object.path("fields").toString())
                .isEqualTo("[{\"name\":\"store_id\",\"type\":\"string\",\"display_name\":\"Id\","
                        + "\"description\":\"id\",\"primary\":true},"
                        + "{\"name\":\"store_name\",\"type\":\"string\",\"display_name\":\"Name\","
                        + "\"description\":\"name\"},"
                        + "{\"name\":\"opened\",\"type\":\"timestamp\",\"display_name\":\"Opened\"}]");
        assertThat(json(get("/v3/schema/objects")).findValuesAsText("name")).contains("stores");
        assertThat(schema.object("stores")).contains(object);
    }

    @Test
    void aSecondCreateIsRefusedAsAlreadyUsed() throws Exception {
        post("/v3/schema/objects", STORES);

        HttpResponse<String> again = post("/v3/schema/objects", STORES.replace("Stores", "Other"));

        assertThat(again.statusCode()).isEqualTo(400);
        assertThat(invalids(again)).isEqualTo("[{\"field\":\"name\",\"reason\":\"already used by another object\"}]");
        assertThat(schema.object("stores").orElseThrow().path("display_name").asText())
                .isEqualTo("Stores");
    }

    @Test
    void anInvalidObjectIsRefusedWithOdpsInvalids() throws Exception {
        HttpResponse<String> badName = post("/v3/schema/objects", STORES.replace("\"stores\"", "\"Stores!\""));
        HttpResponse<String> noPrimary = post("/v3/schema/objects", STORES.replace("\"primary\":true", "\"x\":1"));
        HttpResponse<String> numberPrimary = post(
                "/v3/schema/objects",
                STORES.replace(
                        "\"type\":\"string\",\"display_name\":\"Id\"", "\"type\":\"number\",\"display_name\":\"Id\""));
        HttpResponse<String> badType = post("/v3/schema/objects", STORES.replace("timestamp", "date"));
        HttpResponse<String> noFields = post("/v3/schema/objects", "{\"name\":\"stores\",\"display_name\":\"S\"}");

        assertThat(badName.statusCode()).isEqualTo(400);
        assertThat(json(badName).at("/detail/invalids/0/field").asText()).isEqualTo("name");
        assertThat(invalids(noPrimary)).contains("at least one primary field of type string is required");
        assertThat(invalids(numberPrimary)).contains("a primary field must be of type string");
        assertThat(invalids(badType)).contains("{\"field\":\"fields[2].type\"");
        assertThat(invalids(noFields)).contains("at least one field is required");
        assertThat(get("/v3/schema/objects/stores").statusCode())
                .as("nothing created")
                .isEqualTo(404);
    }

    @Test
    void fieldsAreAddedOneOrManyNeverRetypedNorMadePrimary() throws Exception {
        post("/v3/schema/objects", STORES);

        HttpResponse<String> one = post(
                "/v3/schema/objects/stores/fields",
                "{\"name\":\"size\",\"type\":\"number\",\"display_name\":\"Size\",\"description\":\"m2\"}");
        HttpResponse<String> many = post(
                "/v3/schema/objects/stores/fields",
                "[{\"name\":\"open\",\"type\":\"boolean\",\"display_name\":\"Open\"},"
                        + "{\"name\":\"tags\",\"type\":\"vector\",\"display_name\":\"Tags\"}]");
        HttpResponse<String> retype = post(
                "/v3/schema/objects/stores/fields",
                "{\"name\":\"store_name\",\"type\":\"number\",\"display_name\":\"Name\"}");
        HttpResponse<String> primary = post(
                "/v3/schema/objects/stores/fields",
                "{\"name\":\"code\",\"type\":\"string\",\"display_name\":\"Code\",\"primary\":true}");
        HttpResponse<String> unknown = post(
                "/v3/schema/objects/nothing/fields", "{\"name\":\"a\",\"type\":\"string\",\"display_name\":\"A\"}");

        assertThat(one.statusCode()).isEqualTo(200);
        assertThat(json(one).path("name").asText()).isEqualTo("size");
        assertThat(many.statusCode()).isEqualTo(200);
        assertThat(retype.statusCode()).isEqualTo(400);
        assertThat(invalids(retype)).isEqualTo("[{\"field\":\"name\",\"reason\":\"already exists\"}]");
        assertThat(primary.statusCode()).isEqualTo(400);
        assertThat(invalids(primary)).contains("a primary key can only be set when the object is created");
        assertThat(unknown.statusCode()).isEqualTo(404);
        JsonNode fields = schema.object("stores").orElseThrow().path("fields");
        assertThat(fields.findValuesAsText("name"))
                .containsExactly("store_id", "store_name", "opened", "size", "open", "tags");
        assertThat(fields.get(1).path("type").asText()).as("never retyped").isEqualTo("string");
        assertThat(fields.get(3).has("primary")).isFalse();
    }

    @Test
    void theSchemaApiChecksTheKeyAsTheOtherEndpointsDo() throws Exception {
        post("/v3/schema/objects", STORES);
        String field = "{\"name\":\"a\",\"type\":\"string\",\"display_name\":\"A\"}";

        assertThat(send(odp, "GET", "/v3/schema/objects/stores", null, null).statusCode())
                .isEqualTo(401);
        assertThat(send(odp, "GET", "/v3/schema/objects/stores", "bad-key", null)
                        .statusCode())
                .isEqualTo(403);
        assertThat(send(odp, "GET", "/v3/schema/objects", "revoked-key", null).statusCode())
                .isEqualTo(403);
        assertThat(send(odp, "POST", "/v3/schema/objects", null, STORES).statusCode())
                .isEqualTo(401);
        assertThat(send(odp, "POST", "/v3/schema/objects", "bad-key", STORES).statusCode())
                .isEqualTo(403);
        assertThat(send(odp, "POST", "/v3/schema/objects/stores/fields", "bad-key", field)
                        .statusCode())
                .isEqualTo(403);
        assertThat(schema.object("stores").orElseThrow().path("fields")).hasSize(3);
    }

    @Test
    void theAdminApiSeedsReadsTogglesStrictAndResets() throws Exception {
        HttpResponse<String> seeded = send(odp, "POST", "/__admin/odp/schema", null, "{\"objects\":[" + STORES + "]}");
        assertThat(seeded.statusCode()).isEqualTo(200);
        assertThat(get("/v3/schema/objects/stores").statusCode()).isEqualTo(200);

        send(odp, "POST", "/__admin/odp/schema", null, STORES.replace("timestamp", "number"));
        assertThat(schema.object("stores").orElseThrow().at("/fields/2/type").asText())
                .as("a seed replaces an object of the same name")
                .isEqualTo("number");

        send(odp, "POST", "/__admin/odp/schema/strict", null, null);
        JsonNode state = json(send(odp, "GET", "/__admin/odp/schema", null, null));
        assertThat(state.path("strict").asBoolean()).isTrue();
        assertThat(state.path("objects")).hasSize(1);
        assertThat(state.at("/objects/0/name").asText()).isEqualTo("stores");
        assertThat(schema.strict()).isTrue();

        send(odp, "DELETE", "/__admin/odp/schema/strict", null, null);
        assertThat(schema.strict()).isFalse();

        send(odp, "POST", "/__admin/odp/schema/strict", null, null);
        send(odp, "DELETE", "/__admin/odp/schema", null, null);
        assertThat(schema.strict()).as("a reset turns strict mode off").isFalse();
        assertThat(get("/v3/schema/objects/stores").statusCode()).isEqualTo(404);
        assertThat(send(odp, "POST", "/__admin/odp/schema", null, "{\"name\":\"x\"}")
                        .statusCode())
                .isEqualTo(400);
    }

    @Test
    void strictModeRefusesUnknownObjectsFieldsAndTypesByIndex() throws Exception {
        schema.seed(STORES);
        String good = "{\"store_id\":\"1\",\"store_name\":\"A\",\"opened\":\"2026-01-01T00:00:00Z\"}";
        String body = "[" + good + ",{\"store_id\":\"2\",\"colour\":\"red\"},{\"store_id\":\"3\",\"opened\":\"soon\"},"
                + "{\"store_name\":\"no id\"}," + good + "]";
        assertThat(post("/v3/objects/stores", body).statusCode())
                .as("strict mode is off by default")
                .isEqualTo(202);
        assertThat(post("/v3/objects/unknown", body).statusCode()).isEqualTo(202);

        schema.strict(true);
        HttpResponse<String> refused = post("/v3/objects/stores", body);

        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(invalids(refused))
                .isEqualTo("[{\"event\":1,\"message\":\"unknown field `colour`\"},"
                        + "{\"event\":2,\"message\":\"field `opened` is a timestamp, not \\\"soon\\\"\"},"
                        + "{\"event\":3,\"message\":\"Missing required field `store_id`\"}]");
        assertThat(post("/v3/objects/stores", "[" + good + ",{\"store_id\":\"5\",\"opened\":1767225600}]")
                        .statusCode())
                .isEqualTo(202);
        HttpResponse<String> unknown = post("/v3/objects/unknown", "[" + good + "]");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(json(unknown).at("/detail/message").asText()).contains("unknown");
        assertThat(send(odp, "POST", "/v3/objects/stores", null, body).statusCode())
                .as("the key is checked first")
                .isEqualTo(401);
    }

    @Test
    void strictModeMergesWithOdpValidationsRefusalsAndLeavesFaultsAlone() throws Exception {
        schema.seed(STORES.replace("store_name", "offline_store_name"));
        schema.strict(true);
        StubMapping validation = odp.stubFor(WireMock.post(urlPathMatching("/v3/objects/.*"))
                .atPriority(5)
                .willReturn(aResponse().withTransformers(OdpValidation.NAME)));
        try {
            HttpResponse<String> answer = post(
                    "/v3/objects/stores",
                    "[{\"store_id\":\"1\",\"colour\":\"red\"},{\"store_id\":\"2\",\"offline_store_name\":\"REFUSE\"},"
                            + "{\"store_id\":\"3\"}]");

            assertThat(answer.statusCode()).isEqualTo(400);
            assertThat(json(answer).at("/detail/invalids").findValuesAsText("event"))
                    .containsExactly("0", "1");
            assertThat(json(answer).at("/detail/invalids/1/message").asText()).contains("REFUSE");
        } finally {
            odp.removeStub(validation);
        }
        StubMapping fault = odp.stubFor(WireMock.post(urlPathMatching("/v3/objects/.*"))
                .atPriority(5)
                .willReturn(aResponse().withStatus(503)));
        try {
            assertThat(post("/v3/objects/stores", "[{\"colour\":\"red\"}]").statusCode())
                    .isEqualTo(503);
        } finally {
            odp.removeStub(fault);
        }
    }

    @Test
    void strictModeChecksEventDataAgainstTheEventsObject() throws Exception {
        schema.seed("{\"name\":\"events\",\"display_name\":\"Events\",\"fields\":["
                + "{\"name\":\"event_id\",\"type\":\"string\",\"display_name\":\"Id\",\"primary\":true},"
                + "{\"name\":\"price\",\"type\":\"number\",\"display_name\":\"Price\"}]}");
        schema.strict(true);
        String event = "{\"type\":\"purchase\",\"identifiers\":{\"email\":\"a@example.com\"},"
                + "\"data\":{\"idempotence_id\":\"i-1\",\"price\":%s}}";

        HttpResponse<String> answer = post(
                "/v3/events",
                "[" + event.formatted("12.5") + "," + event.formatted("\"cheap\"") + ","
                        + "{\"type\":\"t\",\"identifiers\":{}},"
                        + "{\"type\":\"t\",\"identifiers\":{\"email\":\"a\"},\"data\":{\"colour\":1}}]");

        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(invalids(answer))
                .isEqualTo("[{\"event\":1,\"message\":\"field `price` is a number, not \\\"cheap\\\"\"},"
                        + "{\"event\":2,\"message\":\"identifiers must be a non-empty object\"},"
                        + "{\"event\":3,\"message\":\"unknown field `colour`\"}]");
        assertThat(post("/v3/events", "[" + event.formatted("\"12\"") + "]").statusCode())
                .isEqualTo(202);
        schema.strict(false);
        assertThat(post("/v3/events", "[" + event.formatted("\"cheap\"") + "]").statusCode())
                .isEqualTo(202);
    }

    @Test
    void plainWireMockAnswersTheQuickstartObjectStatically() throws Exception {
        HttpResponse<String> object = send(plain, "GET", "/v3/schema/objects/ocp_quickstart_offline_stores", "k", null);
        HttpResponse<String> create = send(plain, "POST", "/v3/schema/objects", "k", STORES);

        assertThat(object.statusCode()).isEqualTo(200);
        assertThat(json(object).path("fields").findValuesAsText("name"))
                .containsExactly("ocp_quickstart_offline_store_id", "offline_store_name", "offline_store_location");
        assertThat(create.statusCode()).isEqualTo(400);
        assertThat(invalids(create)).contains("already used by another object");
        assertThat(send(plain, "GET", "/v3/schema/objects/x_y", null, null).statusCode())
                .isEqualTo(401);
    }
}
