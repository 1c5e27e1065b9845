package io.odpimporter.webhook;

import io.odpimporter.config.ImporterConfig;
import io.odpimporter.testing.TestConfig;
import io.smallrye.config.ConfigValidationException;
import io.vertx.core.http.HttpClosedException;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The Entra ID keys' start-up checks and how token failures are worded in the log. */
class WebhookRouteTest {

    @Test
    void entraIsOffByDefaultWithThePublicCloudAuthorityAndEventGridAppId() {
        ImporterConfig.Entra entra = TestConfig.load(Map.of()).webhook().entra();
        assertThat(entra.enabled()).isFalse();
        assertThat(entra.authority()).isEqualTo("https://login.microsoftonline.com");
        assertThat(entra.eventGridAppId()).isEqualTo("4962773b-9cdb-44cf-a8bf-237846a00ab7");
        assertThatCode(() -> WebhookRoute.checkEntra(entra)).doesNotThrowAnyException();
    }

    @Test
    void enabledWithoutTenantOrAudienceStopsTheStartWithTheMissingKey() {
        ImporterConfig.Entra noTenant = TestConfig.load(Map.of(
                        "importer.webhook.entra.enabled", "true", "importer.webhook.entra.audiences", "api://webhook"))
                .webhook()
                .entra();
        assertThatThrownBy(() -> WebhookRoute.checkEntra(noTenant))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("importer.webhook.entra.tenant-id is not set");
        ImporterConfig.Entra noAudience = TestConfig.load(Map.of(
                        "importer.webhook.entra.enabled",
                        "true",
                        "importer.webhook.entra.tenant-id",
                        "72f988bf-0000-4000-8000-2d7cd011db47"))
                .webhook()
                .entra();
        assertThatThrownBy(() -> WebhookRoute.checkEntra(noAudience))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("importer.webhook.entra.audiences is not set");
    }

    @Test
    void anAuthorityWithATrailingSlashOrATenantWithASlashIsRefused() {
        assertThatThrownBy(() -> TestConfig.load(
                                Map.of("importer.webhook.entra.authority", "https://login.microsoftonline.com/"))
                        .webhook()
                        .entra()
                        .authority())
                .isInstanceOf(ConfigValidationException.class)
                .hasMessageContaining("importer.webhook.entra.authority");
        assertThatThrownBy(() -> TestConfig.load(Map.of("importer.webhook.entra.tenant-id", "tenant/../x"))
                        .webhook()
                        .entra()
                        .tenantId())
                .isInstanceOf(ConfigValidationException.class)
                .hasMessageContaining("importer.webhook.entra.tenant-id");
    }

    @Test
    void aTokenQuotedInAFailureMessageIsCutOut() {
        String token = "eyJraWQiOiJrMSIsImFsZyI6IlJTMjU2In0.eyJpc3MiOiJodHRwczovL3N0cyJ9.c2lnbmF0dXJlLWJ5dGVz";
        Exception failure = new RuntimeException(
                "wrapped",
                new IllegalStateException(
                        "JWT rejected. Additional details: [[9] Invalid JWS Signature: JsonWebSignature{\"alg\":\"RS256\"}->"
                                + token + "]"));
        String reason = WebhookRoute.reason(failure);
        assertThat(reason).isEqualTo("[[9] Invalid JWS Signature: JsonWebSignature{\"alg\":\"RS256\"}-><token>]");
        assertThat(reason).doesNotContain("eyJ").doesNotContain("c2lnbmF0dXJlLWJ5dGVz");
    }

    @Test
    void aFailureWithoutMessageIsNamedByItsClass() {
        assertThat(WebhookRoute.reason(new SecurityException())).isEqualTo("SecurityException");
    }

    @Test
    void aRefusedSignInNamesTheUserNeverThePassword() {
        String credentials =
                Base64.getEncoder().encodeToString("alice:s3cret:with:colons".getBytes(StandardCharsets.UTF_8));
        Assertions.assertThat(WebhookRoute.basicUser(credentials)).isEqualTo("\"alice\"");
        Assertions.assertThat(WebhookRoute.basicUser("not base64!")).isEqualTo("?");
    }

    @Test
    void aClosedOrResetConnectionAnywhereInTheChainIsAClientThatHungUp() {
        assertThat(WebhookRoute.clientGone(new HttpClosedException("Connection was closed")))
                .isTrue();
        assertThat(WebhookRoute.clientGone(new IllegalStateException(new IOException("reset"))))
                .isTrue();
        assertThat(WebhookRoute.clientGone(new IllegalStateException("a bug"))).isFalse();
        assertThat(WebhookRoute.clientGone(null)).isFalse();
    }
}
