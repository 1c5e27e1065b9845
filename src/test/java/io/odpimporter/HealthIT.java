package io.odpimporter;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import io.odpimporter.testing.Api;
import io.odpimporter.testing.AzuriteTestResource;
import io.odpimporter.testing.Blobs;
import io.odpimporter.testing.EntraIdTestResource;
import io.odpimporter.testing.InjectOdpStandIn;
import io.odpimporter.testing.KafkaTestResource;
import io.odpimporter.testing.OdpStandInTestResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

/**
 * Wellness probes ODP itself (a cheap authenticated schema call) and the container; an ODP problem makes the
 * service unwell, never unready.
 */
@QuarkusIntegrationTest
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = AzuriteTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = OdpStandInTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = EntraIdTestResource.class, scope = TestResourceScope.GLOBAL)
class HealthIT {

    static final String SCHEMA = "/v3/schema/objects/ocp_quickstart_offline_stores";

    @InjectOdpStandIn
    WireMockServer odp;

    @BeforeAll
    static void container() {
        Blobs.container("offline-stores");
    }

    @Test
    void wellnessProbesOdpWithTheKeyAndTheContainer() {
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> Api.management()
                        .get("/q/health/well")
                        .then()
                        .statusCode(200)
                        .body("checks.find { it.name == 'odp' }.status", is("UP"))
                        .body("checks.find { it.name == 'odp' }.data.probeStatus", is(200))
                        .body("checks.find { it.name == 'blob-container' }.status", is("UP"))
                        .body("checks.find { it.name == 'blob-container' }.data.container", is("offline-stores")));
        odp.verify(getRequestedFor(urlPathEqualTo(SCHEMA)).withHeader("x-api-key", WireMock.equalTo("test-api-key")));
    }

    @Test
    void aRefusedKeyMakesTheServiceUnwellNotUnreadyUntilOdpAcceptsItAgain() {
        StubMapping refused = odp.stubFor(get(urlPathMatching("/v3/schema/objects/.*"))
                .atPriority(1)
                .willReturn(aResponse()
                        .withStatus(403)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"message\":\"Forbidden\"}")));
        try {
            await("wellness DOWN")
                    .atMost(Duration.ofSeconds(10))
                    .untilAsserted(() -> Api.management()
                            .get("/q/health/well")
                            .then()
                            .statusCode(503)
                            .body("checks.find { it.name == 'odp' }.status", is("DOWN"))
                            .body("checks.find { it.name == 'odp' }.data.probeStatus", is(403))
                            .body(
                                    "checks.find { it.name == 'odp' }.data.problem",
                                    containsString("ODP refuses the API key (HTTP 403)")));
            Api.management().get("/q/health/ready").then().statusCode(200);
            Api.management().get("/q/health/live").then().statusCode(200);
        } finally {
            odp.removeStub(refused);
        }
        await("wellness UP again")
                .atMost(Duration.ofSeconds(10))
                .untilAsserted(
                        () -> Api.management().get("/q/health/well").then().statusCode(200));
    }

    @Test
    void anUnknownObjectTypeOrAnOdpOutageIsNamed() {
        StubMapping missing = odp.stubFor(get(urlPathMatching("/v3/schema/objects/.*"))
                .atPriority(1)
                .willReturn(aResponse().withStatus(404)));
        try {
            await().atMost(Duration.ofSeconds(10))
                    .untilAsserted(() -> Api.management()
                            .get("/q/health/well")
                            .then()
                            .statusCode(503)
                            .body(
                                    "checks.find { it.name == 'odp' }.data.problem",
                                    allOf(
                                            containsString("HTTP 404 for GET " + odp.baseUrl() + SCHEMA),
                                            containsString("no object type ocp_quickstart_offline_stores"),
                                            containsString("importer.odp.base-url"))));
        } finally {
            odp.removeStub(missing);
        }
        StubMapping down = odp.stubFor(get(urlPathMatching("/v3/schema/objects/.*"))
                .atPriority(1)
                .willReturn(aResponse().withStatus(503)));
        try {
            await().atMost(Duration.ofSeconds(10))
                    .untilAsserted(() -> Api.management()
                            .get("/q/health/well")
                            .then()
                            .statusCode(503)
                            .body(
                                    "checks.find { it.name == 'odp' }.data.problem",
                                    containsString("ODP is unavailable (HTTP 503)")));
            Api.management().get("/q/health/ready").then().statusCode(200);
        } finally {
            odp.removeStub(down);
        }
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(
                        () -> Api.management().get("/q/health/well").then().statusCode(200));
    }
}
