package io.odpimporter;

import com.azure.storage.blob.BlobContainerClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import io.odpimporter.testing.Api;
import io.odpimporter.testing.AzuriteTestResource;
import io.odpimporter.testing.Blobs;
import io.odpimporter.testing.InjectOdpStandIn;
import io.odpimporter.testing.KafkaTestResource;
import io.odpimporter.testing.OdpJournal;
import io.odpimporter.testing.OdpSchemaStandIn;
import io.odpimporter.testing.OdpStandInTestResource;
import io.odpimporter.testing.Stores;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

/**
 * The schema bootstrap against the packaged service and the stateful ODP stand-in (docs/architecture.md, "Schema";
 * docs/operations.md, "Schema"): three rules, {@code created} (create), {@code verified} (verify; its object is
 * missing when the service starts, so the sink starts paused) and {@code race} (create). In order: what create made
 * at start; verify pauses the whole sink (nothing sent) until the object and its fields exist, then resumes by
 * itself; a second bootstrap changes nothing; a missing field is added; a type clash is named everywhere; a create
 * that loses a race to another replica is read again and succeeds.
 */
@QuarkusIntegrationTest
@TestProfile(SchemaBootstrapIT.SchemaRules.class)
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = AzuriteTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = OdpStandInTestResource.class, scope = TestResourceScope.GLOBAL)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SchemaBootstrapIT {

    static final String CREATED = "schema_it_created";
    static final String VERIFIED = "schema_it_verified";
    static final String RACE = "schema_it_race";

    /** Three rules: one creates, one verifies, one for the race; schema read again every second while wrong. */
    public static class SchemaRules implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.ofEntries(
                    Map.entry("importer.schema.recheck-every", "1s"),
                    Map.entry("importer.rules[0].name", "created"),
                    Map.entry("importer.rules[0].pattern", "*/created/*.csv"),
                    Map.entry("importer.rules[0].object-type", CREATED),
                    Map.entry("importer.rules[0].primary-key", "item_id"),
                    Map.entry("importer.rules[0].fields[0].name", "item_id"),
                    Map.entry("importer.rules[0].fields[1].name", "label"),
                    Map.entry("importer.rules[0].fields[2].name", "size"),
                    Map.entry("importer.rules[0].fields[2].type", "number"),
                    Map.entry("importer.rules[1].name", "verified"),
                    Map.entry("importer.rules[1].pattern", "*/verified/*.csv"),
                    Map.entry("importer.rules[1].object-type", VERIFIED),
                    Map.entry("importer.rules[1].primary-key", "item_id"),
                    Map.entry("importer.rules[1].schema", "verify"),
                    Map.entry("importer.rules[1].fields[0].name", "item_id"),
                    Map.entry("importer.rules[1].fields[1].name", "note"),
                    Map.entry("importer.rules[2].name", "race"),
                    Map.entry("importer.rules[2].pattern", "*/race/*.csv"),
                    Map.entry("importer.rules[2].object-type", RACE),
                    Map.entry("importer.rules[2].primary-key", "item_id"),
                    Map.entry("importer.rules[2].fields[0].name", "item_id"));
        }
    }

    @InjectOdpStandIn
    WireMockServer odp;

    @InjectOdpStandIn
    OdpSchemaStandIn schema;

    static BlobContainerClient container;

    @BeforeAll
    static void container() {
        container = Blobs.container("offline-stores");
    }

    @Test
    @Order(1)
    void createMadeTheMissingObjectWithItsPrimaryKeyAndFieldsAtStart() {
        await().atMost(Duration.ofSeconds(15))
                .untilAsserted(() -> assertThat(state(CREATED)).isIn("created", "ok"));
        JsonNode object = schema.object(CREATED).orElseThrow();
        assertThat(object.path("display_name").asText()).isEqualTo("Schema It Created");
        assertThat(fieldTypes(object))
                .containsExactlyInAnyOrderEntriesOf(Map.of("item_id", "string", "label", "string", "size", "number"));
        assertThat(object.path("fields").get(0).path("primary").asBoolean()).isTrue();
        assertThat(schema.object(VERIFIED)).as("verify never creates").isEmpty();
    }

    @Test
    @Order(2)
    void verifyWithAMissingFieldPausesTheWholeSinkUntilTheFieldExists() {
        String tag = Stores.tag("schema");
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(state(VERIFIED)).isEqualTo("missing object"));
        schema.seed(object(VERIFIED, "\"item_id\",\"string\",true"));
        Api.operator().post("/schema/bootstrap").then().statusCode(200);
        assertThat(state(VERIFIED)).isEqualTo("missing fields");
        given().get("/status")
                .then()
                .body("sink.state", is("paused"))
                .body("schema.paused", is(true))
                .body(
                        "sink.reason",
                        allOf(
                                containsString("the sink is paused: ODP object " + VERIFIED + " lacks the field note"),
                                containsString("every target waits")));
        Api.management()
                .get("/q/health/well")
                .then()
                .statusCode(503)
                .body("checks.find { it.name == 'schema' }.status", is("DOWN"))
                .body("checks.find { it.name == 'schema' }.data." + VERIFIED, containsString("note (string)"));
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() ->
                        assertThat(activityTitles("ERROR")).contains("ODP object " + VERIFIED + ": missing fields"));

        // a record of another target waits too: one stores topic, one commit
        Blobs.upload(container, tag + "/created/items.csv", "item_id,label,size\n" + tag + "-1,one,1\n");
        Api.trigger(tag + "/created/", false);
        await().during(Duration.ofSeconds(2))
                .atMost(Duration.ofSeconds(4))
                .until(() -> OdpJournal.upserts(odp, "item_id", tag).isEmpty());

        schema.seed(object(VERIFIED, "\"item_id\",\"string\",true", "\"note\",\"string\",false"));
        await().atMost(Duration.ofSeconds(15))
                .untilAsserted(() ->
                        assertThat(OdpJournal.accepted(odp, "item_id", tag)).hasSize(1));
        assertThat(state(VERIFIED)).isEqualTo("ok");
        given().get("/status").then().body("schema.paused", is(false)).body("sink.state", is("flowing"));
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(activityTitles("INFO"))
                        .contains("ODP object " + VERIFIED + " matches the rules again"));
    }

    @Test
    @Order(3)
    void aSecondBootstrapChangesNothing() {
        int before = schemaPosts().size();
        JsonPath answer = JsonPath.from(Api.operator()
                .post("/schema/bootstrap")
                .then()
                .statusCode(200)
                .extract()
                .asString());
        assertThat(answer.getList("targets.state")).containsOnly("ok");
        assertThat(schemaPosts()).hasSize(before);
    }

    @Test
    @Order(4)
    void aMissingFieldIsAdded() {
        schema.seed(object(CREATED, "\"item_id\",\"string\",true", "\"label\",\"string\",false"));
        JsonPath answer = JsonPath.from(Api.operator()
                .post("/schema/bootstrap")
                .then()
                .statusCode(200)
                .extract()
                .asString());
        assertThat(answer.getString("targets.find { it.object == '" + CREATED + "' }.state"))
                .isEqualTo("fields added");
        assertThat(fieldTypes(schema.object(CREATED).orElseThrow())).containsEntry("size", "number");
        assertThat(schemaPosts())
                .anyMatch(e -> e.getRequest().getUrl().equals("/v3/schema/objects/" + CREATED + "/fields"));
    }

    @Test
    @Order(5)
    void aTypeClashIsNamedWithTheObjectTheFieldAndBothTypes() {
        schema.seed(object(
                CREATED, "\"item_id\",\"string\",true", "\"label\",\"string\",false", "\"size\",\"string\",false"));
        try {
            Api.operator().post("/schema/bootstrap").then().statusCode(200);
            String clash = "ODP object " + CREATED + " has the field size as string, the rules send it as number";
            assertThat(JsonPath.from(given().get("/schema").asString())
                            .getString("targets.find { it.object == '" + CREATED + "' }.details"))
                    .contains(clash);
            Api.management()
                    .get("/q/health/well")
                    .then()
                    .statusCode(503)
                    .body("checks.find { it.name == 'schema' }.data." + CREATED, containsString(clash));
            given().get("/status").then().body("sink.state", is("paused")).body("schema.reason", containsString(clash));
            await().atMost(Duration.ofSeconds(10))
                    .untilAsserted(() ->
                            assertThat(activityTitles("ERROR")).contains("ODP object " + CREATED + ": type clash"));
        } finally {
            schema.seed(object(
                    CREATED, "\"item_id\",\"string\",true", "\"label\",\"string\",false", "\"size\",\"number\",false"));
        }
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(state(CREATED)).isEqualTo("ok"));
    }

    @Test
    @Order(6)
    void aCreateThatLosesARaceIsReadAgainAndSucceeds() {
        // another replica creates the object between this replica's GET and POST: the GET still says 404
        StubMapping stale = odp.stubFor(get(urlPathEqualTo("/v3/schema/objects/" + RACE))
                .atPriority(1)
                .inScenario("race")
                .whenScenarioStateIs(Scenario.STARTED)
                .willSetStateTo("read")
                .willReturn(aResponse().withStatus(404)));
        try {
            int before = schemaPosts().size();
            // and two bootstraps at once on this replica
            CompletableFuture<String> other = CompletableFuture.supplyAsync(() -> Api.operator()
                    .post("/schema/bootstrap")
                    .then()
                    .statusCode(200)
                    .extract()
                    .asString());
            String mine = Api.operator()
                    .post("/schema/bootstrap")
                    .then()
                    .statusCode(200)
                    .extract()
                    .asString();
            assertThat(JsonPath.from(mine).getList("targets.state")).containsOnly("ok");
            assertThat(JsonPath.from(other.join()).getList("targets.state")).containsOnly("ok");
            List<ServeEvent> posts = schemaPosts().subList(0, schemaPosts().size() - before);
            assertThat(posts).singleElement().satisfies(e -> {
                assertThat(e.getRequest().getUrl()).isEqualTo("/v3/schema/objects");
                assertThat(e.getResponse().getStatus()).isEqualTo(400);
                assertThat(e.getResponse().getBodyAsString()).contains("already used");
            });
        } finally {
            odp.removeStub(stale);
        }
    }

    /** @return an object as {@code POST /v3/schema/objects} takes it; fields as {@code "name","type",primary} */
    static String object(String name, String... fields) {
        StringBuilder json =
                new StringBuilder("{\"name\":\"" + name + "\",\"display_name\":\"" + name + "\",\"fields\":[");
        for (int i = 0; i < fields.length; i++) {
            String[] f = fields[i].split(",");
            json.append(i == 0 ? "" : ",")
                    .append("{\"name\":")
                    .append(f[0])
                    .append(",\"type\":")
                    .append(f[1])
                    .append(",\"display_name\":")
                    .append(f[0])
                    .append(",\"primary\":")
                    .append(f[2])
                    .append('}');
        }
        return json.append("]}").toString();
    }

    static Map<String, String> fieldTypes(JsonNode object) {
        Map<String, String> types = new LinkedHashMap<>();
        object.path("fields")
                .forEach(f -> types.put(f.path("name").asText(), f.path("type").asText()));
        return types;
    }

    static String state(String object) {
        return JsonPath.from(
                        given().get("/schema").then().statusCode(200).extract().asString())
                .getString("targets.find { it.object == '" + object + "' }.state");
    }

    static List<String> activityTitles(String level) {
        return JsonPath.from(given().queryParam("level", level)
                        .queryParam("limit", 1000)
                        .get("/activity")
                        .then()
                        .statusCode(200)
                        .extract()
                        .asString())
                .getList("title");
    }

    /** @return the schema creates ODP got, newest first */
    List<ServeEvent> schemaPosts() {
        return odp.getAllServeEvents().stream()
                .filter(e -> e.getRequest().getMethod().getName().equals("POST"))
                .filter(e -> e.getRequest().getUrl().startsWith("/v3/schema/objects"))
                .toList();
    }
}
