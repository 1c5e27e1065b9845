package io.odpimporter;

import com.azure.core.util.BinaryData;
import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.BlobContainerClient;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import io.odpimporter.domain.BlobVersion;
import io.odpimporter.domain.LedgerEntry;
import io.odpimporter.testing.Api;
import io.odpimporter.testing.AzuriteTestResource;
import io.odpimporter.testing.Blobs;
import io.odpimporter.testing.EventGrid;
import io.odpimporter.testing.InjectOdpStandIn;
import io.odpimporter.testing.KafkaTestClient;
import io.odpimporter.testing.KafkaTestResource;
import io.odpimporter.testing.OdpStandInTestResource;
import io.odpimporter.testing.Stores;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;

/**
 * DELIVERED and the after-import actions through the packaged service (docs/operations.md, "After the import"), one
 * rule per action: {@code ai-tag/} (the default action {@code tag}), {@code ai-move/} ({@code move}),
 * {@code ai-delete/} ({@code delete}).
 */
@QuarkusIntegrationTest
@TestProfile(AfterImportIT.Actions.class)
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = AzuriteTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = OdpStandInTestResource.class, scope = TestResourceScope.GLOBAL)
class AfterImportIT {

    static final String CONTAINER = "offline-stores";
    static final String LEDGER = "odp-importer.ledger";
    static final Duration WAIT = Duration.ofSeconds(30);

    /** Three rules, each mapping the test stores to the offline stores; the actions run every second. */
    public static class Actions implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> p = new HashMap<>();
            rule(p, 0, "tagged", "ai-tag/", null);
            rule(p, 1, "moved", "ai-move/", "move");
            rule(p, 2, "deleted", "ai-delete/", "delete");
            p.put("importer.after-import.action", "tag");
            p.put("importer.after-import.reconcile-every", "1s");
            p.put("importer.after-import.retry-min", "1s");
            return p;
        }

        private static void rule(Map<String, String> p, int i, String name, String prefix, String action) {
            String r = "importer.rules[" + i + "].";
            p.put(r + "name", name);
            p.put(r + "prefix", prefix);
            p.put(r + "format", "json");
            p.put(r + "object-type", "ocp_quickstart_offline_stores");
            p.put(r + "primary-key", "ocp_quickstart_offline_store_id");
            p.put(r + "fields[0].name", "ocp_quickstart_offline_store_id");
            p.put(r + "fields[0].source", "id");
            p.put(r + "fields[1].name", "offline_store_name");
            p.put(r + "fields[1].source", "name");
            if (action != null) {
                p.put(r + "after-import", action);
            }
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
    void aDeliveredFileIsTaggedWithItsCountsInTheLedgerAndATaggedBlobIsNotDiscoveredAgain() {
        String tag = Stores.tag("tag");
        String name = "ai-tag/" + tag + "/stores.json";
        // three stores and one without an id (parked at import)
        String content = Stores.json(Stores.make(tag, 0, 3)).replace("\n]", ",\n  {\"name\": \"no id\"}\n]");
        BlobVersion version = upload(name, content);
        String runId = Api.trigger("ai-tag/" + tag + "/", false);
        Api.awaitFinished(runId);

        LedgerEntry delivered = await("DELIVERED")
                .atMost(WAIT)
                .until(() -> ledger(version), e -> e.isPresent() && e.get().state() == LedgerEntry.State.DELIVERED)
                .orElseThrow();
        assertThat(delivered.runId()).isEqualTo(runId);
        assertThat(delivered.records()).isEqualTo(4);
        assertThat(delivered.accepted()).isEqualTo(3);
        assertThat(delivered.rejected()).isEqualTo(0);
        assertThat(delivered.parked()).isEqualTo(1);
        assertThat(delivered.rule().name()).isEqualTo("tagged");

        BlobClient blob = container.getBlobClient(name);
        await("tagged")
                .atMost(WAIT)
                .until(() -> "delivered".equals(blob.getTags().get("odp-import")));
        assertThat(blob.getTags()).containsEntry("odp-import-run", runId);
        LedgerEntry.AfterImport action = awaitAction(version, LedgerEntry.ActionState.DONE);
        assertThat(action.action()).isEqualTo("tag");
        assertThat(action.attempts()).isEqualTo(1);

        // the ledger loses the version: the tag keeps it from being discovered again
        KafkaTestClient.send(LEDGER, version.key(), null);
        String again = Api.trigger("ai-tag/" + tag + "/", false);
        Api.awaitFinished(again).then().body("files", is(0));

        // an overwrite clears the tags: the new version is discovered
        upload(name, Stores.json(Stores.make(tag, 0, 2)));
        String overwritten = Api.trigger("ai-tag/" + tag + "/", false);
        Api.awaitFinished(overwritten).then().body("files", is(1));
    }

    @Test
    void aMovedFileGoesToProcessedItsCopysBlobCreatedIsIgnoredAndTheSourceIsDeleted() {
        String tag = Stores.tag("move");
        String name = "ai-move/" + tag + "/stores.json";
        BlobVersion version = upload(name, Stores.json(Stores.make(tag, 0, 2)));
        Api.awaitFinished(Api.trigger("ai-move/" + tag + "/", false));

        LedgerEntry.AfterImport action = awaitAction(version, LedgerEntry.ActionState.DONE);
        assertThat(action.action()).isEqualTo("move");
        assertThat(action.destination()).isEqualTo("processed/" + name);
        assertThat(container.getBlobClient(name).exists()).isFalse();
        BlobClient moved = container.getBlobClient("processed/" + name);
        assertThat(moved.downloadContent().toString()).contains(tag + "-1");

        // the copy's BlobCreated (api CopyBlob) is ignored
        given().queryParam("secret", "test-webhook-secret")
                .contentType("application/json")
                .body(EventGrid.array(List.of(EventGrid.event(EventGrid.Blob.of(moved)
                        .withApi("CopyBlob", moved.getProperties().getBlobSize())))))
                .post("/events/blob-created")
                .then()
                .statusCode(200)
                .body("imported", is(0))
                .body("ignored", is(1));
        // and a sweep of the whole container's processed/ prefix finds nothing
        Api.awaitFinished(Api.trigger("processed/ai-move/" + tag + "/", false))
                .then()
                .body("files", is(0));

        // re-imported on purpose by its name: from where the ledger says it went, with the rule of its name (the
        // rule's prefix ai-move/ does not match processed/), and not moved again
        Response started = Api.operator()
                .contentType(ContentType.JSON)
                .body(Map.of("name", name))
                .post("/files/reimport")
                .then()
                .statusCode(202)
                .body("movedFrom", is(name))
                .body("file", startsWith(CONTAINER + "/processed/" + name + "@"))
                .extract()
                .response();
        Response again = Api.awaitFinished(started.path("runId"));
        assertThat(again.<String>path("status")).isEqualTo("COMPLETE");
        assertThat(again.<Integer>path("accepted")).isEqualTo(2);
        assertThat(again.<String>path("fileDetails[0].rule")).startsWith("moved@");
        assertThat(moved.exists()).isTrue();
    }

    @Test
    void aDeletedFileIsGoneAndAnOverwriteBetweenImportAndActionIsNotDeleted() {
        String tag = Stores.tag("delete");
        String name = "ai-delete/" + tag + "/stores.json";
        BlobVersion version = upload(name, Stores.json(Stores.make(tag, 0, 2)));
        Api.awaitFinished(Api.trigger("ai-delete/" + tag + "/", false));
        awaitAction(version, LedgerEntry.ActionState.DONE);
        assertThat(container.getBlobClient(name).exists()).isFalse();

        // ODP answers 503 for this file's records: IMPORTED, not DELIVERED, while the blob is overwritten
        String later = "ai-delete/" + tag + "/later.json";
        BlobVersion imported = upload(later, Stores.json(Stores.make(tag + "-later", 0, 2)));
        StubMapping unavailable = odp.stubFor(post(urlPathMatching("/v3/objects/.*"))
                .withRequestBody(containing(tag + "-later-"))
                .atPriority(1)
                .willReturn(aResponse().withStatus(503)));
        try {
            Api.trigger("ai-delete/" + tag + "/later", false);
            await("IMPORTED")
                    .atMost(WAIT)
                    .until(() -> ledger(imported), e -> e.isPresent() && e.get().state() == LedgerEntry.State.IMPORTED);
            upload(later, "[{\"id\": \"" + tag + "-newer\", \"name\": \"newer\"}]");
        } finally {
            odp.removeStub(unavailable);
        }

        LedgerEntry.AfterImport action = awaitAction(imported, LedgerEntry.ActionState.FAILED);
        assertThat(action.error())
                .startsWith("the blob changed after its import; the new version is imported on its own");
        assertThat(container.getBlobClient(later).downloadContent().toString()).contains(tag + "-newer");
    }

    private static BlobVersion upload(String name, String content) {
        container.getBlobClient(name).upload(BinaryData.fromString(content), true);
        return new BlobVersion(
                CONTAINER,
                name,
                BlobVersion.unquote(
                        container.getBlobClient(name).getProperties().getETag()));
    }

    private static LedgerEntry.AfterImport awaitAction(BlobVersion version, LedgerEntry.ActionState state) {
        return await(state + " action of " + version)
                .atMost(WAIT)
                .until(
                        () -> ledger(version).map(LedgerEntry::afterImport),
                        a -> a.isPresent() && a.get().state() == state)
                .orElseThrow();
    }

    /** @return the version's latest ledger entry in the ledger topic */
    private static Optional<LedgerEntry> ledger(BlobVersion version) {
        List<ConsumerRecord<String, String>> records = KafkaTestClient.readAll(LEDGER);
        Optional<LedgerEntry> latest = Optional.empty();
        for (ConsumerRecord<String, String> r : records) {
            if (version.key().equals(r.key())) {
                latest = Optional.ofNullable(r.value()).map(AfterImportIT::entry);
            }
        }
        return latest;
    }

    private static LedgerEntry entry(String json) {
        try {
            return KafkaTestClient.MAPPER.readValue(json, LedgerEntry.class);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
