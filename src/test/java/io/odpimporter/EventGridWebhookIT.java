package io.odpimporter;

import com.azure.core.util.BinaryData;
import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.BlobContainerClient;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.odpimporter.testing.Api;
import io.odpimporter.testing.AzuriteTestResource;
import io.odpimporter.testing.Blobs;
import io.odpimporter.testing.EventGrid;
import io.odpimporter.testing.InjectOdpStandIn;
import io.odpimporter.testing.KafkaTestClient;
import io.odpimporter.testing.KafkaTestResource;
import io.odpimporter.testing.OdpJournal;
import io.odpimporter.testing.OdpStandInTestResource;
import io.odpimporter.testing.Stores;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;

/**
 * The Azure Event Grid webhook: handshakes, shared secrets, both delivery schemas, which events import a file and
 * which are ignored, duplicates, and what ODP receives. Deliveries are built from the documented schemas.
 */
@QuarkusIntegrationTest
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = AzuriteTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = OdpStandInTestResource.class, scope = TestResourceScope.GLOBAL)
class EventGridWebhookIT {

    static final String ID = "ocp_quickstart_offline_store_id";
    static final String PATH = "/events/blob-created";
    static final String SECRET = "test-webhook-secret";
    static BlobContainerClient container;

    @InjectOdpStandIn
    WireMockServer odp;

    @BeforeAll
    static void container() {
        container = Blobs.container("offline-stores");
    }

    private static RequestSpecification webhook() {
        return given().queryParam("secret", SECRET).contentType("application/json");
    }

    private static EventGrid.Blob upload(String name, String tag, int count) {
        BlobClient blob = container.getBlobClient(name);
        blob.upload(BinaryData.fromString(Stores.json(Stores.make(tag, 0, count))), true);
        return EventGrid.Blob.of(blob);
    }

    /** @return the distinct ids ODP accepted for the tag, after waiting for {@code count} of them */
    private List<String> awaitDelivered(String tag, int count) {
        await("ODP has " + count + " records of " + tag)
                .atMost(Duration.ofSeconds(60))
                .until(() -> OdpJournal.accepted(odp, ID, tag + "-").stream()
                                .map(o -> o.get(ID).asText())
                                .distinct()
                                .count()
                        >= count);
        return OdpJournal.accepted(odp, ID, tag + "-").stream()
                .map(o -> o.get(ID).asText())
                .toList();
    }

    @Test
    void theEventGridValidationHandshakeAnswersTheCodeWithAContentLength() {
        webhook()
                .header("aeg-event-type", "SubscriptionValidation")
                .body(EventGrid.validation("512d38b6-c7b8"))
                .post(PATH)
                .then()
                .statusCode(200)
                .header("Content-Length", notNullValue())
                .body("validationResponse", equalTo("512d38b6-c7b8"));
    }

    @Test
    void theCloudEventsAbuseProtectionHandshakeEchoesTheOrigin() {
        given().header("WebHook-Request-Origin", "eventgrid.azure.net")
                .options(PATH)
                .then()
                .statusCode(200)
                .header("WebHook-Allowed-Origin", "eventgrid.azure.net")
                .header("WebHook-Allowed-Rate", "*");
    }

    @Test
    void withoutOrWithAWrongSecretNothingHappensAndBothRotatedSecretsAndTheHeaderWork() {
        String tag = Stores.tag("secret");
        EventGrid.Blob blob = upload(tag + "/stores.json", tag, 3);
        String delivery = EventGrid.array(List.of(EventGrid.event(blob)));
        given().contentType("application/json").body(delivery).post(PATH).then().statusCode(401);
        given().queryParam("secret", "wrong")
                .contentType("application/json")
                .body(delivery)
                .post(PATH)
                .then()
                .statusCode(401);
        given().queryParam("secret", SECRET + "x")
                .contentType("application/json")
                .body(delivery)
                .post(PATH)
                .then()
                .statusCode(401);
        assertThat(KafkaTestClient.readAll("odp-importer.files"))
                .noneMatch(r -> r.value().contains(tag));

        given().queryParam("secret", "rotated-webhook-secret")
                .contentType("application/json")
                .body(delivery)
                .post(PATH)
                .then()
                .statusCode(200)
                .body("imported", is(1));
        given().header("X-Webhook-Secret", SECRET)
                .contentType("application/json")
                .body(delivery)
                .post(PATH)
                .then()
                .statusCode(200)
                .body("imported", is(0))
                .body("duplicates", is(1));
        assertThat(awaitDelivered(tag, 3)).hasSize(3);
    }

    @Test
    void aSingleBlobCreatedEventImportsTheFileIntoAnEventGridRun() {
        String tag = Stores.tag("single");
        EventGrid.Blob blob = upload(tag + "/stores.json", tag, 5);

        String runId = webhook()
                .body(EventGrid.array(List.of(EventGrid.event(blob))))
                .post(PATH)
                .then()
                .statusCode(200)
                .body("imported", is(1))
                .extract()
                .path("runId");

        assertThat(awaitDelivered(tag, 5)).hasSize(5);
        Response run = Api.awaitFinished(runId, Duration.ofSeconds(60));
        assertThat(run.<String>path("trigger")).isEqualTo("EVENT_GRID");
        assertThat(run.<String>path("status")).isEqualTo("COMPLETE");
        assertThat(run.<List<String>>path("fileDetails.blobName")).contains(tag + "/stores.json");
    }

    @Test
    void anArrayOfThreeWhoseSecondNamesAForeignContainerImportsTheFirstAndThird() {
        String tag = Stores.tag("array");
        List<EventGrid.Blob> blobs = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            blobs.add(upload(tag + "/" + i + ".json", tag + "-" + i, 2));
        }
        webhook()
                .body(EventGrid.array(List.of(
                        EventGrid.event(blobs.get(0)),
                        EventGrid.event(blobs.get(1).inContainer("someone-elses")),
                        EventGrid.event(blobs.get(2)))))
                .post(PATH)
                .then()
                .statusCode(200)
                .body("imported", is(2))
                .body("ignored", is(1));

        assertThat(awaitDelivered(tag + "-0", 2)).hasSize(2);
        assertThat(awaitDelivered(tag + "-2", 2)).hasSize(2);
        assertThat(OdpJournal.accepted(odp, ID, tag + "-1-")).isEmpty();
    }

    @Test
    void theSameVersionDeliveredTwiceAnd50TimesInOneArrayIsImportedOnce() {
        String tag = Stores.tag("dup");
        EventGrid.Blob blob = upload(tag + "/stores.json", tag, 4);
        List<ObjectNode> fifty = Collections.nCopies(50, EventGrid.event(blob));
        webhook().body(EventGrid.array(fifty)).post(PATH).then().statusCode(200).body("imported", is(1));
        webhook()
                .body(EventGrid.array(List.of(EventGrid.event(blob))))
                .post(PATH)
                .then()
                .statusCode(200)
                .body("imported", is(0));

        assertThat(awaitDelivered(tag, 4)).hasSize(4);
        assertThat(KafkaTestClient.readAll("odp-importer.files"))
                .filteredOn(r -> r.value().contains(tag))
                .hasSize(1);
    }

    @Test
    void theEventsMetricCountsEveryEventAsTheAnswerDoes() {
        String tag = Stores.tag("dup-metric");
        EventGrid.Blob fresh = upload(tag + "/fresh.json", tag + "-f", 2);
        EventGrid.Blob known = upload(tag + "/known.json", tag + "-k", 2);
        webhook()
                .body(EventGrid.array(List.of(EventGrid.event(known))))
                .post(PATH)
                .then()
                .statusCode(200)
                .body("imported", is(1));
        String before = MetricsIT.scrape();
        // 50 events of a new version (1 imported, 49 duplicates), 50 of one in the ledger, 3 of an empty blob
        List<ObjectNode> events = new ArrayList<>(Collections.nCopies(50, EventGrid.event(fresh)));
        events.addAll(Collections.nCopies(50, EventGrid.event(known)));
        events.addAll(Collections.nCopies(3, EventGrid.event(fresh.withApi("PutBlob", 0))));
        Response answer = webhook().body(EventGrid.array(events)).post(PATH);
        answer.then()
                .statusCode(200)
                .body("imported", is(1))
                .body("duplicates", is(99))
                .body("ignored", is(3));
        // a refused delivery of three elements: three invalid events
        webhook().body("[{\"a\":1},{\"b\":2},{\"c\":3}]").post(PATH).then().statusCode(400);
        String after = MetricsIT.scrape();

        Map<String, Double> counted = new HashMap<>();
        for (String outcome : List.of("imported", "duplicate", "ignored", "invalid")) {
            String label = "outcome=\"" + outcome + "\"";
            counted.put(
                    outcome,
                    MetricsIT.valueOrZero(after, "odp_importer_webhook_events_total", label)
                            - MetricsIT.valueOrZero(before, "odp_importer_webhook_events_total", label));
        }
        int duplicates = answer.path("duplicates");
        assertThat(counted)
                .isEqualTo(Map.of("imported", 1.0, "duplicate", (double) duplicates, "ignored", 3.0, "invalid", 3.0));
        assertThat(awaitDelivered(tag + "-f", 2)).hasSize(2);
    }

    @Test
    void anEmptyPutBlobThenItsPutBlockListImportOnce() {
        String tag = Stores.tag("blocks");
        EventGrid.Blob blob = upload(tag + "/stores.json", tag, 3);
        webhook()
                .body(EventGrid.array(List.of(EventGrid.event(blob.withApi("PutBlob", 0)))))
                .post(PATH)
                .then()
                .statusCode(200)
                .body("imported", is(0))
                .body("ignored", is(1));
        webhook()
                .body(EventGrid.array(List.of(EventGrid.event(blob.withApi("PutBlockList", blob.contentLength())))))
                .post(PATH)
                .then()
                .statusCode(200)
                .body("imported", is(1));
        assertThat(awaitDelivered(tag, 3)).hasSize(3);
    }

    @Test
    void aUrlNamingAnotherAccountIsIgnoredAndNothingIsFetched() {
        String tag = Stores.tag("foreign-url");
        EventGrid.Blob blob = upload(tag + "/stores.json", tag, 2);
        String elsewhere = "https://attacker.blob.core.windows.net/offline-stores/" + tag + "/stores.json";
        webhook()
                .body(EventGrid.array(List.of(EventGrid.event(blob.withUrl(elsewhere)))))
                .post(PATH)
                .then()
                .statusCode(200)
                .body("imported", is(0))
                .body("ignored", is(1));
        assertThat(KafkaTestClient.readAll("odp-importer.files"))
                .noneMatch(r -> r.value().contains(tag));
    }

    @Test
    void aBlobNameWithSpacesPlusPercentUmlautAndEmojiIsImported() {
        String tag = Stores.tag("names");
        EventGrid.Blob blob = upload(tag + "/a b+c%20d ü 🏬.json", tag, 2);
        webhook()
                .body(EventGrid.array(List.of(EventGrid.event(blob))))
                .post(PATH)
                .then()
                .statusCode(200)
                .body("imported", is(1));
        assertThat(awaitDelivered(tag, 2)).hasSize(2);
    }

    @Test
    void cloudEventsSingleAndBatchDeliveriesImport() {
        String tag = Stores.tag("cloud");
        EventGrid.Blob one = upload(tag + "/one.json", tag + "-a", 2);
        EventGrid.Blob two = upload(tag + "/two.json", tag + "-b", 2);
        given().queryParam("secret", SECRET)
                .contentType("application/cloudevents+json")
                .body(EventGrid.cloudEvent(one).toString())
                .post(PATH)
                .then()
                .statusCode(200)
                .body("imported", is(1));
        given().queryParam("secret", SECRET)
                .contentType("application/cloudevents-batch+json")
                .body(EventGrid.array(List.of(EventGrid.cloudEvent(two))))
                .post(PATH)
                .then()
                .statusCode(200)
                .body("imported", is(1));
        assertThat(awaitDelivered(tag + "-a", 2)).hasSize(2);
        assertThat(awaitDelivered(tag + "-b", 2)).hasSize(2);
    }

    @Test
    void anEventForAVersionOverwrittenSinceEndsQuietlyAndTheNewVersionIsImported() {
        String tag = Stores.tag("stale");
        EventGrid.Blob old = upload(tag + "/stores.json", tag + "-old", 2);
        EventGrid.Blob current = upload(tag + "/stores.json", tag + "-new", 2);
        webhook()
                .body(EventGrid.array(List.of(EventGrid.event(old), EventGrid.event(current))))
                .post(PATH)
                .then()
                .statusCode(200)
                .body("imported", is(2));
        assertThat(awaitDelivered(tag + "-new", 2)).hasSize(2);
        assertThat(OdpJournal.accepted(odp, ID, tag + "-old-")).isEmpty();
    }

    @Test
    void aBodyThatIsNotADeliveryIs400() {
        webhook().body("not json").post(PATH).then().statusCode(400);
        webhook().body("[42]").post(PATH).then().statusCode(400);
        webhook().body("[]").post(PATH).then().statusCode(400);
    }

    @Test
    void theQuerySecretNeverReachesTheLog() throws Exception {
        Path log = Path.of("target", "quarkus-test.log");
        long before = Files.size(log);
        webhook()
                .header("aeg-event-type", "SubscriptionValidation")
                .body(EventGrid.validation("log-check"))
                .post(PATH)
                .then()
                .statusCode(200);
        given().queryParam("secret", "rotated-webhook-secret")
                .contentType("application/json")
                .body("[]")
                .post(PATH)
                .then()
                .statusCode(400);
        await().atMost(Duration.ofSeconds(10)).until(() -> since(log, before).contains("POST " + PATH + " HTTP"));
        assertThat(since(log, before))
                .contains("\"POST " + PATH + " HTTP/1.1\" 200")
                .doesNotContain(SECRET)
                .doesNotContain("rotated-webhook-secret");
    }

    /** @return what the log file got after its first {@code offset} bytes */
    private static String since(Path log, long offset) throws IOException {
        byte[] all = Files.readAllBytes(log);
        return new String(
                all,
                (int) Math.min(offset, all.length),
                (int) Math.max(0, all.length - offset),
                StandardCharsets.UTF_8);
    }
}
