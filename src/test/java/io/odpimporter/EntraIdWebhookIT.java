package io.odpimporter;

import com.azure.core.util.BinaryData;
import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.BlobContainerClient;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.odpimporter.testing.AzuriteTestResource;
import io.odpimporter.testing.Blobs;
import io.odpimporter.testing.EntraIdTestResource;
import io.odpimporter.testing.EntraIdTestResource.Version;
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
import io.restassured.response.ValidatableResponse;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

/**
 * The webhook with Microsoft Entra ID bearer tokens instead of the shared secret ("secure webhook delivery"):
 * tokens signed by the Entra ID stand-in ({@link EntraIdTestResource}, which serves the tenant's OpenID metadata
 * and keys), verified by quarkus-oidc. Each case asserts what reached the files topic and ODP.
 */
@QuarkusIntegrationTest
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = AzuriteTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = OdpStandInTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = EntraIdTestResource.class, scope = TestResourceScope.GLOBAL)
class EntraIdWebhookIT {

    static final String ID = "ocp_quickstart_offline_store_id";
    static final String PATH = "/events/blob-created";
    static BlobContainerClient container;

    @InjectOdpStandIn
    WireMockServer odp;

    @BeforeAll
    static void container() {
        container = Blobs.container("offline-stores");
    }

    private static String upload(String tag) {
        BlobClient blob = container.getBlobClient(tag + "/stores.json");
        blob.upload(BinaryData.fromString(Stores.json(Stores.make(tag, 0, 3))), true);
        return EventGrid.array(List.of(EventGrid.event(EventGrid.Blob.of(blob))));
    }

    private void assertImported(String tag) {
        await("ODP has the 3 records of " + tag)
                .atMost(Duration.ofSeconds(60))
                .until(() -> OdpJournal.accepted(odp, ID, tag + "-").stream()
                                .map(o -> o.get(ID).asText())
                                .distinct()
                                .count()
                        == 3);
    }

    /** A refused delivery had no effect: no file-discovered event (published before any 200), nothing in ODP. */
    private void assertNothingHappened(String tag) {
        assertThat(KafkaTestClient.readAll("odp-importer.files"))
                .noneMatch(r -> r.value().contains(tag));
        assertThat(OdpJournal.accepted(odp, ID, tag + "-")).isEmpty();
    }

    private static ValidatableResponse deliver(String token, String delivery) {
        return given().header("Authorization", "Bearer " + token)
                .contentType("application/json")
                .body(delivery)
                .post(PATH)
                .then();
    }

    @Test
    void aV1TokenForTheAppIdUriWithTheRoleImports() {
        String tag = Stores.tag("entra-v1");
        String token =
                EntraIdTestResource.token(EntraIdTestResource.claims(Version.V1, EntraIdTestResource.APP_ID_URI));
        deliver(token, upload(tag)).statusCode(200).body("imported", is(1));
        assertImported(tag);
    }

    @Test
    void aV2TokenForTheAppIdWithTheRoleImports() {
        String tag = Stores.tag("entra-v2");
        String token = EntraIdTestResource.token(EntraIdTestResource.claims(Version.V2, EntraIdTestResource.APP_ID));
        deliver(token, upload(tag)).statusCode(200).body("imported", is(1));
        assertImported(tag);
    }

    @Test
    void theValidationHandshakeWorksWithAToken() {
        String token = EntraIdTestResource.token(EntraIdTestResource.claims(Version.V2, EntraIdTestResource.APP_ID));
        given().header("Authorization", "Bearer " + token)
                .header("aeg-event-type", "SubscriptionValidation")
                .contentType("application/json")
                .body(EventGrid.validation("c0de-0001"))
                .post(PATH)
                .then()
                .statusCode(200)
                .body("validationResponse", is("c0de-0001"));
    }

    @Test
    void anExpiredTokenIsRefusedAndTheReasonIsLoggedWithoutTheToken() throws Exception {
        String tag = Stores.tag("entra-expired");
        Instant now = Instant.now();
        String token = EntraIdTestResource.token(EntraIdTestResource.claims(Version.V2, EntraIdTestResource.APP_ID)
                .issuedAt(now.minusSeconds(7200))
                .expiresAt(now.minusSeconds(600)));
        deliver(token, upload(tag)).statusCode(401);
        assertNothingHappened(tag);

        Path log = Path.of("target", "quarkus-test.log");
        await("the refusal is logged")
                .atMost(Duration.ofSeconds(10))
                .until(() -> Files.readString(log).contains("Bearer token refused (401) for " + PATH));
        String text = Files.readString(log);
        assertThat(text).containsPattern("Bearer token refused \\(401\\) for " + PATH + " .*(?i)expir");
        assertThat(text).doesNotContain(token).doesNotContain(token.substring(token.lastIndexOf('.') + 1));
    }

    @Test
    void aTokenForAnotherAudienceIsRefused() {
        String tag = Stores.tag("entra-aud");
        String token = EntraIdTestResource.token(EntraIdTestResource.claims(Version.V2, "api://some-other-app"));
        deliver(token, upload(tag)).statusCode(401);
        assertNothingHappened(tag);
    }

    @Test
    void aTokenWithoutTheRoleIsRefused() {
        String tag = Stores.tag("entra-role");
        JwtClaimsBuilder claims = EntraIdTestResource.claims(Version.V1, EntraIdTestResource.APP_ID)
                .claim("roles", List.of("SomeOtherRole"));
        deliver(EntraIdTestResource.token(claims), upload(tag))
                .statusCode(401)
                .body("error", containsString("lack the role AzureEventGridSecureWebhookSubscriber"));
        assertNothingHappened(tag);
    }

    @Test
    void aTokenOfAnotherIssuerIsRefused() {
        String tag = Stores.tag("entra-iss");
        JwtClaimsBuilder claims = EntraIdTestResource.claims(Version.V2, EntraIdTestResource.APP_ID)
                .issuer("https://login.microsoftonline.com/00000000-0000-0000-0000-00000000dead/v2.0");
        deliver(EntraIdTestResource.token(claims), upload(tag))
                .statusCode(401)
                .body("error", containsString("no Entra ID tenant accepts"));
        assertNothingHappened(tag);
    }

    @Test
    void aTokenNotSignedByTheTenantsKeyIsRefusedAndNotLogged() throws Exception {
        String tag = Stores.tag("entra-sig");
        String token =
                EntraIdTestResource.forgedToken(EntraIdTestResource.claims(Version.V2, EntraIdTestResource.APP_ID));
        deliver(token, upload(tag)).statusCode(401);
        assertNothingHappened(tag);

        Path log = Path.of("target", "quarkus-test.log");
        await("the refusal is logged")
                .atMost(Duration.ofSeconds(10))
                .until(() -> Files.readString(log).contains("Invalid JWS Signature"));
        String text = Files.readString(log);
        assertThat(text).contains("Invalid JWS Signature: JsonWebSignature{\"kid\":\"tenant-key-1\"");
        // neither the whole token nor its payload or signature
        for (String part : token.split("\\.")) {
            assertThat(text).doesNotContain(part.substring(8));
        }
    }

    @Test
    void aTokenOfAnotherClientAppThanEventGridIsRefused() {
        String tag = Stores.tag("entra-azp");
        JwtClaimsBuilder claims = EntraIdTestResource.claims(Version.V2, EntraIdTestResource.APP_ID)
                .claim("azp", "0c0ffee0-0000-4000-8000-000000000bad");
        deliver(EntraIdTestResource.token(claims), upload(tag))
                .statusCode(401)
                .body("error", containsString("no Entra ID tenant accepts"));
        assertNothingHappened(tag);
    }
}
