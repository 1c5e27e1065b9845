package io.odpimporter;

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
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

/**
 * Replaying a run's dead-letter records after a fix ({@code POST /dead-letters/replay?runId=}): a new REPLAY run
 * sends the records ODP refused again, transforms invalid records again (still invalid: parked again, with the new
 * run's id), and imports a failed file again.
 */
@QuarkusIntegrationTest
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = AzuriteTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = OdpStandInTestResource.class, scope = TestResourceScope.GLOBAL)
class DeadLetterReplayIT {

    static final String ID = "ocp_quickstart_offline_store_id";

    @InjectOdpStandIn
    WireMockServer odp;

    @Test
    void recordsOdpRefusedAreDeliveredByAReplayOnceOdpAcceptsThem() {
        String tag = Stores.tag("replay");
        List<Map<String, String>> stores = new ArrayList<>(Stores.make(tag, 0, 10));
        Map<String, String> refused = new HashMap<>(stores.get(4));
        refused.put("name", "REFUSE");
        stores.set(4, refused);
        StubMapping validating = odp.stubFor(post(urlPathMatching("/v3/objects/.*"))
                .atPriority(1)
                .withRequestBody(containing(tag))
                .willReturn(aResponse().withTransformers(OdpValidation.NAME)));
        String runId;
        try {
            // record 7 has no id: invalid in the file, and still invalid on replay
            String file = Stores.json(stores).replace("\"id\": \"" + tag + "-7\", ", "");
            Blobs.upload(Blobs.container("offline-stores"), tag + "/stores.json", file);
            Response run = Api.awaitFinished(Api.trigger(tag + "/", false));
            assertThat(run.<Integer>path("accepted")).isEqualTo(8);
            assertThat(run.<Integer>path("rejected")).isEqualTo(2);
            runId = run.path("id");
        } finally {
            odp.removeStub(validating); // the fix: ODP now accepts the name
        }

        Response replay = Api.operator()
                .queryParam("runId", runId)
                .post("/dead-letters/replay")
                .then()
                .statusCode(202)
                .header("Location", containsString(Api.RUNS + "/"))
                .body("records", is(2))
                .body("files", is(0))
                .extract()
                .response();
        String replayRun = replay.path("runId");
        Response run = Api.awaitFinished(replayRun);

        assertThat(run.<String>path("status")).isEqualTo("COMPLETE");
        assertThat(run.<String>path("trigger")).isEqualTo("REPLAY");
        assertThat(run.<Integer>path("accepted")).isEqualTo(1);
        assertThat(run.<Integer>path("rejected")).isEqualTo(1);
        List<String> lastNames = OdpJournal.accepted(odp, ID, tag + "-4").stream()
                .map(o -> o.get("offline_store_name").asText())
                .toList();
        assertThat(lastNames).containsExactly("REFUSE");
        given().queryParam("runId", replayRun)
                .get("/dead-letters")
                .then()
                .statusCode(200)
                .body("size()", is(1))
                .body("[0].kind", is("INVALID_RECORD"))
                .body("[0].recordIndex", is(7))
                .body("[0].reason", containsString("id"));
    }

    @Test
    void aFailedFileIsParkedAndAReplayImportsItAgain() {
        String tag = Stores.tag("replay-file");
        String truncated = Stores.json(Stores.make(tag, 0, 3));
        truncated = truncated.substring(0, truncated.lastIndexOf('{'));
        Blobs.upload(Blobs.container("offline-stores"), tag + "/cut.json", truncated);
        Response run = Api.awaitFinished(Api.trigger(tag + "/", false));
        assertThat(run.<Integer>path("filesFailed")).isEqualTo(1);
        String runId = run.path("id");
        given().queryParam("runId", runId)
                .get("/dead-letters")
                .then()
                .statusCode(200)
                .body("size()", is(1))
                .body("[0].kind", is("FAILED_FILE"))
                .body("[0].blobName", is(tag + "/cut.json"))
                .body("[0].recordIndex", is(2))
                .body("[0].byteOffset", is(truncated.length()))
                .body("[0].reason", containsString("end-of-input"));

        String replayRun = Api.operator()
                .queryParam("runId", runId)
                .post("/dead-letters/replay")
                .then()
                .statusCode(202)
                .body("files", is(1))
                .extract()
                .path("runId");
        Response replayed = Api.awaitFinished(replayRun);

        // nothing was fixed, so the file fails again, at the same place: imported again, not skipped
        assertThat(replayed.<Integer>path("filesFailed")).isEqualTo(1);
        assertThat(replayed.<Integer>path("accepted")).isEqualTo(2);
        assertThat(replayed.<String>path("fileDetails[0].error"))
                .contains("end-of-input")
                .contains("at byte " + truncated.length());
    }

    @Test
    void aReplayNeedsARunIdAndAnswers200WhenNothingWasParked() {
        Api.operator().post("/dead-letters/replay").then().statusCode(400).body("error", containsString("runId"));
        Api.operator()
                .queryParam("runId", "run-that-parked-nothing")
                .post("/dead-letters/replay")
                .then()
                .statusCode(200)
                .body("records", is(0))
                .body("runId", Matchers.nullValue());
    }
}
