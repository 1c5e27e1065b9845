package io.odpimporter;

import io.odpimporter.testing.Api;
import io.odpimporter.testing.AzuriteTestResource;
import io.odpimporter.testing.KafkaTestResource;
import io.odpimporter.testing.OdpStandInTestResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;

/** The runs API answers bad requests with a clear JSON error. */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = AzuriteTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = OdpStandInTestResource.class, scope = TestResourceScope.GLOBAL)
class RunsApiIT {

    @Test
    void forceMustBeTrueOrFalse() {
        given().queryParam("force", "yes").post(Api.RUNS)
                .then().statusCode(400).body("error", containsString("force must be true or false"));
    }

    @Test
    void anUnknownRunIs404WithAMessage() {
        given().get(Api.RUNS + "/does-not-exist")
                .then().statusCode(404).body("error", containsString("No run does-not-exist"));
    }
}
