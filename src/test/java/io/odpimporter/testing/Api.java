package io.odpimporter.testing;

import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.eclipse.microprofile.config.ConfigProvider;

import java.time.Duration;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

/** The service's REST API, as a test client uses it. */
public final class Api {

    public static final String RUNS = "/jobs/offline_store_import/runs";

    /** The test profile's operator (application.properties, %test): may trigger, replay and cancel. */
    public static final String OPERATOR = "test-operator";

    public static final String OPERATOR_PASSWORD = "test-operator-password";
    /** The test profile's viewer: may read only. */
    public static final String VIEWER = "test-viewer";

    public static final String VIEWER_PASSWORD = "test-viewer-password";

    private Api() {}

    /**
     * @return a request aimed at the management interface (health and metrics: {@code quarkus.management.port} of
     *         the {@code test} profile the packaged application runs with, 9001), without credentials: it is open
     */
    public static RequestSpecification management() {
        int port = ConfigProvider.getConfig()
                .getOptionalValue("quarkus.management.port", Integer.class)
                .orElse(9001);
        return given().port(port);
    }

    /** @return a request with the operator's credentials (Basic, sent up front) */
    public static RequestSpecification operator() {
        return given().auth().preemptive().basic(OPERATOR, OPERATOR_PASSWORD);
    }

    /** @return a request with the viewer's credentials (Basic, sent up front) */
    public static RequestSpecification viewer() {
        return given().auth().preemptive().basic(VIEWER, VIEWER_PASSWORD);
    }

    /** Triggers a sweep of {@code prefix}; expects 202. @return the run id */
    public static String trigger(String prefix, boolean force) {
        return operator()
                .queryParam("prefix", prefix)
                .queryParam("force", force)
                .when()
                .post(RUNS)
                .then()
                .statusCode(202)
                .extract()
                .path("runId");
    }

    /** Waits until the run is no longer RUNNING. @return the run */
    public static Response awaitFinished(String runId, Duration timeout) {
        await("run " + runId)
                .atMost(timeout)
                .pollInterval(Duration.ofMillis(200))
                .until(() -> !"RUNNING"
                        .equals(given().get(RUNS + "/" + runId)
                                .then()
                                .statusCode(200)
                                .extract()
                                .path("status")));
        return given().get(RUNS + "/" + runId)
                .then()
                .statusCode(200)
                .body("status", not(equalTo("RUNNING")))
                .extract()
                .response();
    }

    public static Response awaitFinished(String runId) {
        return awaitFinished(runId, Duration.ofSeconds(60));
    }

    public static Response run(String runId) {
        return given().get(RUNS + "/" + runId).then().statusCode(200).extract().response();
    }
}
