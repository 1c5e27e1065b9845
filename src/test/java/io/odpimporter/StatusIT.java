package io.odpimporter;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import io.odpimporter.testing.Api;
import io.odpimporter.testing.AzuriteTestResource;
import io.odpimporter.testing.Blobs;
import io.odpimporter.testing.InjectOdpStandIn;
import io.odpimporter.testing.KafkaTestResource;
import io.odpimporter.testing.OdpStandInTestResource;
import io.odpimporter.testing.Stores;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;

/**
 * What the operator page reads besides runs and activity: {@code GET /status} (the sink's state and why, the
 * dead-letter count), {@code GET /me} (who the caller is), and the page itself at {@code /}.
 */
@QuarkusIntegrationTest
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = AzuriteTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = OdpStandInTestResource.class, scope = TestResourceScope.GLOBAL)
class StatusIT {

    @InjectOdpStandIn
    WireMockServer odp;

    @Test
    void theSinkIsPausedWithOdpsAnswerWhileTheKeyIsRefusedAndFlowingAfter() {
        given().get("/status")
                .then()
                .statusCode(200)
                .body("sink.state", is("flowing"))
                .body("sink.reason", nullValue());
        String tag = Stores.tag("status-paused");
        StubMapping forbidden = odp.stubFor(post(urlPathMatching("/v3/objects/.*"))
                .atPriority(1)
                .withRequestBody(containing(tag))
                .willReturn(aResponse()
                        .withStatus(403)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"message\":\"Forbidden\"}")));
        try {
            Blobs.upload(Blobs.container("offline-stores"), tag + "/stores.json", Stores.json(Stores.make(tag, 0, 2)));
            String runId = Api.trigger(tag + "/", false);
            await("paused")
                    .atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> given().get("/status")
                            .then()
                            .statusCode(200)
                            .body("sink.state", is("paused"))
                            .body("sink.reason", containsString("HTTP 403"))
                            .body("sink.since", Matchers.notNullValue()));
            odp.removeStub(forbidden);
            forbidden = null;
            Api.awaitFinished(runId);
            await("flowing again")
                    .atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> given().get("/status").then().body("sink.state", is("flowing")));
        } finally {
            if (forbidden != null) {
                odp.removeStub(forbidden);
            }
        }
    }

    @Test
    void theDeadLetterCountGrowsWithEveryParkedRecord() {
        int before = given().get("/status").then().statusCode(200).extract().path("deadLetters.count");
        String tag = Stores.tag("status-dead");
        Blobs.upload(
                Blobs.container("offline-stores"),
                tag + "/ids-missing.json",
                "[{\"name\":\"a\"},{\"name\":\"b\"},{\"id\":\"" + tag + "-1\",\"name\":\"c\",\"location\":\"d\"}]");
        Api.awaitFinished(Api.trigger(tag + "/", false));
        await("both id-less records counted")
                .atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> given().get("/status")
                        .then()
                        .body("deadLetters.count", Matchers.greaterThanOrEqualTo(before + 2))
                        .body("deadLetters.href", is("/dead-letters")));
    }

    @Test
    void theScheduleIsShownAndHasNoNextSweepWhileTheCronIsOff() {
        // the test profile's importer.sweep.cron=off, time zone the default
        given().get("/status")
                .then()
                .statusCode(200)
                .body("schedule.cron", is("off"))
                .body("schedule.timeZone", is("UTC"))
                .body("schedule.nextSweep", nullValue());
    }

    @Test
    void meNamesTheCallerAndWhetherItMayOperate() {
        given().get("/me").then().statusCode(200).body("user", nullValue()).body("canOperate", is(false));
        Api.operator()
                .get("/me")
                .then()
                .statusCode(200)
                .body("user", is(Api.OPERATOR))
                .body("roles", Matchers.contains("operator"))
                .body("canOperate", is(true));
        Api.viewer()
                .get("/me")
                .then()
                .statusCode(200)
                .body("user", is(Api.VIEWER))
                .body("roles", Matchers.contains("viewer"))
                .body("canOperate", is(false));
        given().auth()
                .preemptive()
                .basic(Api.OPERATOR, "wrong")
                .get("/me")
                .then()
                .statusCode(401);
    }

    @Test
    void theOperatorPageIsServedAtTheRoot() {
        String page = given().get("/")
                .then()
                .statusCode(200)
                .contentType(containsString("text/html"))
                .header("Content-Security-Policy", is("default-src 'self'; frame-ancestors 'none'"))
                // not cached for a day: an upgraded service's page is seen at once
                .header("Cache-Control", Matchers.anyOf(nullValue(), Matchers.not(containsString("max-age"))))
                .extract()
                .asString();
        assertThat(page)
                .contains("<title>Offline Store Import · odp-blob-importer</title>")
                .contains("operator.js")
                .contains("<label for=\"tracker-id\">");
        given().get("/operator.js").then().statusCode(200).body(containsString("credentials: 'omit'"));
    }
}
