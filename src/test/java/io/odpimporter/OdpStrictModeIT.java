package io.odpimporter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.odpimporter.testing.Api;
import io.odpimporter.testing.AzuriteTestResource;
import io.odpimporter.testing.Blobs;
import io.odpimporter.testing.InjectOdpStandIn;
import io.odpimporter.testing.KafkaTestClient;
import io.odpimporter.testing.KafkaTestResource;
import io.odpimporter.testing.OdpJournal;
import io.odpimporter.testing.OdpSchemaStandIn;
import io.odpimporter.testing.OdpStandInTestResource;
import io.odpimporter.testing.Stores;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged service against the ODP stand-in in strict mode (docs/testing.md, "The ODP stand-in"): the schema
 * the service created at start ({@code %test.importer.schema.bootstrap=create}) takes every record it sends, and a
 * record ODP refuses for a value of another type than the field's is parked, by index, while the rest is delivered.
 */
@QuarkusIntegrationTest
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = AzuriteTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = OdpStandInTestResource.class, scope = TestResourceScope.GLOBAL)
class OdpStrictModeIT {

    static final String OBJECT = "ocp_quickstart_offline_stores";
    static final String ID = "ocp_quickstart_offline_store_id";

    @InjectOdpStandIn
    WireMockServer odp;

    @InjectOdpStandIn
    OdpSchemaStandIn schema;

    @Test
    void theSchemaTheServiceCreatedTakesEveryRecordInStrictMode() {
        String tag = Stores.tag("strict-ok");
        assertThat(schema.object(OBJECT)).as("created by the service at start").isPresent();
        schema.strict(true);
        try {
            Blobs.upload(Blobs.container("offline-stores"), tag + "/stores.json", Stores.json(Stores.make(tag, 0, 20)));

            Response run = Api.awaitFinished(Api.trigger(tag + "/", false));

            assertThat(run.<String>path("status")).isEqualTo("COMPLETE");
            assertThat(run.<Integer>path("accepted")).isEqualTo(20);
            assertThat(run.<Integer>path("rejected")).isZero();
            assertThat(OdpJournal.accepted(odp, ID, tag)).hasSize(20);
        } finally {
            schema.strict(false);
        }
    }

    @Test
    void aValueOfAnotherTypeIsRefusedByIndexAndParked() {
        String tag = Stores.tag("strict-type");
        JsonNode created = schema.object(OBJECT).orElseThrow();
        ObjectNode retyped = created.deepCopy();
        retyped.withArray("fields").forEach(f -> {
            if (f.path("name").asText().equals("offline_store_location")) {
                ((ObjectNode) f).put("type", "number");
            }
        });
        List<Map<String, String>> stores = new ArrayList<>(Stores.make(tag, 0, 10));
        for (int i = 0; i < stores.size(); i++) {
            Map<String, String> store = new HashMap<>(stores.get(i));
            store.put("location", i == 4 ? "Paris" : Integer.toString(i));
            stores.set(i, store);
        }
        schema.seed(retyped.toString());
        schema.strict(true);
        try {
            Blobs.upload(Blobs.container("offline-stores"), tag + "/stores.json", Stores.json(stores));

            Response run = Api.awaitFinished(Api.trigger(tag + "/", false));

            assertThat(run.<String>path("status")).isEqualTo("COMPLETE");
            assertThat(run.<Integer>path("accepted")).isEqualTo(9);
            assertThat(run.<Integer>path("rejected")).isEqualTo(1);
            assertThat(OdpJournal.accepted(odp, ID, tag))
                    .extracting(o -> o.get(ID).asText())
                    .hasSize(9)
                    .doesNotContain(tag + "-4");
            List<JsonNode> parked = KafkaTestClient.readAll("odp-importer.dead-letter").stream()
                    .map(r -> read(r.value()))
                    .filter(j ->
                            (tag + "/stores.json").equals(j.path("blobName").asText()))
                    .toList();
            assertThat(parked).extracting(j -> j.path("recordIndex").asLong()).containsExactly(4L);
            assertThat(parked.get(0).path("reason").asText()).contains("offline_store_location");
        } finally {
            schema.strict(false);
            schema.seed(created.toString());
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
