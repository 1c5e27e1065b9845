package io.odpimporter;

import io.odpimporter.testing.Api;
import io.odpimporter.testing.AzuriteTestResource;
import io.odpimporter.testing.EntraIdTestResource;
import io.odpimporter.testing.EventGrid;
import io.odpimporter.testing.KafkaTestResource;
import io.odpimporter.testing.OdpStandInTestResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsStringIgnoringCase;
import static org.hamcrest.Matchers.is;

/**
 * Access control as in production: reading needs the viewer (or operator) role, triggering and replaying the operator
 * role; health, metrics and API docs stay open; the webhook keeps its own authentication.
 */
@QuarkusIntegrationTest
@TestProfile(AccessControlIT.ProductionAccess.class)
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = AzuriteTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = OdpStandInTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = EntraIdTestResource.class, scope = TestResourceScope.GLOBAL)
class AccessControlIT {

    /** The production read policy (the test profile otherwise opens reads, like the local stack). */
    public static class ProductionAccess implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.http.auth.permission.read.policy", "viewer");
        }
    }

    @Test
    void withoutCredentialsReadingAndOperatingAre401() {
        given().get(Api.RUNS).then().statusCode(401).header("WWW-Authenticate", containsStringIgnoringCase("basic"));
        given().get(Api.RUNS + "/run-x").then().statusCode(401);
        given().get(Api.RUNS + "/run-x/logs").then().statusCode(401);
        given().get("/dead-letters").then().statusCode(401);
        given().get("/activity").then().statusCode(401);
        given().get("/status").then().statusCode(401);
        given().post(Api.RUNS).then().statusCode(401);
        given().queryParam("runId", "run-x").post("/dead-letters/replay").then().statusCode(401);
    }

    @Test
    void aWrongPasswordIs401AndIsNotCountedAsARefusedWebhookToken() {
        double tokensBefore =
                MetricsIT.valueOrZero(MetricsIT.scrape(), "odp_importer_webhook_refused_total", "reason=\"token\"");
        given().auth()
                .preemptive()
                .basic(Api.OPERATOR, "not-the-password")
                .get(Api.RUNS)
                .then()
                .statusCode(401);
        given().auth().preemptive().basic("nobody", "x").post(Api.RUNS).then().statusCode(401);
        assertThat(MetricsIT.valueOrZero(MetricsIT.scrape(), "odp_importer_webhook_refused_total", "reason=\"token\""))
                .isEqualTo(tokensBefore);
    }

    @Test
    void aViewerReadsButMayNotOperate() {
        Api.viewer().get(Api.RUNS).then().statusCode(200);
        Api.viewer().get("/dead-letters").then().statusCode(200);
        Api.viewer().get("/activity").then().statusCode(200);
        Api.viewer().get("/status").then().statusCode(200);
        Api.viewer().get(Api.RUNS + "/run-x").then().statusCode(404);
        Api.viewer().get(Api.RUNS + "/run-x/logs").then().statusCode(404);
        Api.viewer()
                .queryParam("prefix", "access-control-nothing/")
                .post(Api.RUNS)
                .then()
                .statusCode(403);
        Api.viewer()
                .queryParam("runId", "run-x")
                .post("/dead-letters/replay")
                .then()
                .statusCode(403);
        Api.viewer().post(Api.RUNS + "/run-x/cancel").then().statusCode(403);
    }

    @Test
    void anOperatorReadsAndOperates() {
        Api.operator().get(Api.RUNS).then().statusCode(200);
        String runId = Api.operator()
                .queryParam("prefix", "access-control-nothing/")
                .post(Api.RUNS)
                .then()
                .statusCode(202)
                .extract()
                .path("runId");
        Api.operator().get(Api.RUNS + "/" + runId).then().statusCode(200).body("id", is(runId));
        Api.operator()
                .queryParam("runId", runId)
                .post("/dead-letters/replay")
                .then()
                .statusCode(200);
    }

    @Test
    void healthAndMetricsAreOpenOnTheManagementPortOnlyApiDocsOpenAndTheWebhookKeepsItsOwnAuthentication() {
        Api.management().get("/q/health/ready").then().statusCode(200);
        Api.management().get("/q/metrics").then().statusCode(200);
        given().get("/q/openapi").then().statusCode(200);
        // the operator page and "who am I" are open: the page asks for credentials itself
        given().get("/").then().statusCode(200);
        given().get("/me").then().statusCode(200);
        // health and metrics live on the management port only: the public port does not serve them
        given().get("/q/health/ready").then().statusCode(404);
        given().get("/q/metrics").then().statusCode(404);
        given().queryParam("secret", "test-webhook-secret")
                .header("aeg-event-type", "SubscriptionValidation")
                .contentType("application/json")
                .body(EventGrid.validation("access-1"))
                .post("/events/blob-created")
                .then()
                .statusCode(200)
                .body("validationResponse", is("access-1"));
        // operator credentials are not a webhook credential, and do not spoil a good secret
        Api.operator()
                .contentType("application/json")
                .body(EventGrid.validation("access-2"))
                .post("/events/blob-created")
                .then()
                .statusCode(401)
                .body(
                        "error",
                        is("the credentials of test-operator lack the role "
                                + "AzureEventGridSecureWebhookSubscriber"));
        Api.operator()
                .queryParam("secret", "test-webhook-secret")
                .header("aeg-event-type", "SubscriptionValidation")
                .contentType("application/json")
                .body(EventGrid.validation("access-3"))
                .post("/events/blob-created")
                .then()
                .statusCode(200)
                .body("validationResponse", is("access-3"));
    }
}
