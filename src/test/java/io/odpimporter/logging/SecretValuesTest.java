package io.odpimporter.logging;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SecretValuesTest {

    @Test
    void theWebhookSecretsAreEachRedacted() {
        assertThat(SecretValues.of("importer.webhook.secrets", "first-secret,second-secret"))
                .contains("first-secret", "second-secret");
        assertThat(SecretValues.of("IMPORTER_WEBHOOK_SECRETS", "first-secret")).contains("first-secret");
    }

    @Test
    void keysNamingAPasswordSecretKeyOrTokenAreSecretsWhateverTheirPrefix() {
        assertThat(SecretValues.of("importer.odp.api-key", "odp-key-1")).containsExactly("odp-key-1");
        assertThat(SecretValues.of("importer.azure.client-secret", "client-s3cret"))
                .contains("client-s3cret");
        assertThat(SecretValues.of("quarkus.oidc.credentials.secret", "oidc-s3cret"))
                .contains("oidc-s3cret");
        assertThat(SecretValues.of("quarkus.oidc.entra-v1.credentials.client-secret.value", "oidc-v4lue"))
                .contains("oidc-v4lue");
        assertThat(SecretValues.of("kafka.ssl.key.password", "ssl-passw0rd")).contains("ssl-passw0rd");
        assertThat(SecretValues.of("%prod.importer.odp.api-key", "prod-key-1")).contains("prod-key-1");
    }

    @Test
    void settingsThatMerelyMentionASecretAreNot() {
        assertThat(SecretValues.mayHoldSecret("importer.webhook.secret-parameter"))
                .isFalse();
        assertThat(SecretValues.mayHoldSecret("importer.webhook.secret-header")).isFalse();
        assertThat(SecretValues.mayHoldSecret("importer.odp.base-url")).isTrue(); // only its user:password@
        assertThat(SecretValues.of("importer.odp.base-url", "https://api.zaius.com"))
                .isEmpty();
        assertThat(SecretValues.of("importer.odp.base-url", "https://me:url-passw0rd@odp.example"))
                .containsExactly("url-passw0rd");
    }

    @Test
    void everyEmbeddedUsersPasswordAndItsBasicCredentialsAreSecretsWhateverTheUserName() {
        assertThat(SecretValues.of("quarkus.security.users.embedded.users.zoe", "zoe-passw0rd"))
                .containsExactly("zoe-passw0rd", "zoe:zoe-passw0rd");
        assertThat(SecretValues.of("quarkus.security.users.embedded.users.\"ops-team\"", "ops-passw0rd"))
                .containsExactly("ops-passw0rd", "ops-team:ops-passw0rd");
        assertThat(SecretValues.of("QUARKUS_SECURITY_USERS_EMBEDDED_USERS_BOB", "bob-passw0rd"))
                .contains("bob-passw0rd");
    }

    @Test
    void aConnectionStringsKeyOrSasIsASecret() {
        assertThat(SecretValues.of(
                        "importer.azure.connection-string",
                        "DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=a2V5LWtleS1rZXk=;EndpointSuffix=x"))
                .contains("a2V5LWtleS1rZXk=")
                .doesNotContain("acct");
        assertThat(SecretValues.of(
                        "IMPORTER_AZURE_CONNECTION_STRING",
                        "BlobEndpoint=https://a.blob/;SharedAccessSignature=sv=2022-11-02&ss=b&sig=c2lnbmF0dXJl%3D"))
                .contains("sv=2022-11-02&ss=b&sig=c2lnbmF0dXJl%3D", "c2lnbmF0dXJl%3D");
    }

    @Test
    void aKafkaJaasConfigsPasswordIsASecret() {
        assertThat(SecretValues.of(
                        "kafka.sasl.jaas.config",
                        "org.apache.kafka.common.security.plain.PlainLoginModule"
                                + " required username=\"svc\" password=\"kafka-passw0rd\";"))
                .contains("kafka-passw0rd");
        assertThat(SecretValues.of(
                        "mp.messaging.incoming.files.sasl.jaas.config",
                        "x required username=\"svc\" clientSecret=\"oauth-s3cret\";"))
                .contains("oauth-s3cret");
    }

    @Test
    void theNotificationUrlItsQueryValuesAndLongPathSegmentsAreSecrets() {
        assertThat(SecretValues.of("importer.activity.notify-url", "https://chat.example/hooks/activity?token=t0k3n-1"))
                .contains("https://chat.example/hooks/activity?token=t0k3n-1", "t0k3n-1")
                .doesNotContain("hooks", "activity");
        assertThat(SecretValues.of(
                        "importer.activity.notify-url",
                        "https://hooks.slack.example/services/T0000/B0000/XXXXXXXXXXXXXXXXXXXXXXXX"))
                .contains("XXXXXXXXXXXXXXXXXXXXXXXX")
                .doesNotContain("services");
    }

    @Test
    void theRedactorOfAConfigurationCoversEverySecretAndTheWebhooksQueryParameter() {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withSources(new PropertiesConfigSource(
                        Map.of(
                                "importer.webhook.secrets", "one-webhook-secret,two-webhook-secret",
                                "importer.webhook.secret-parameter", "key",
                                "importer.odp.api-key", "${ODP_KEY:odp-key-from-default}",
                                "quarkus.security.users.embedded.users.anyone", "anyone-passw0rd",
                                "importer.azure.client-secret", "${UNSET_VARIABLE}",
                                "quarkus.http.port", "8080"),
                        "test",
                        100))
                .addDefaultInterceptors()
                .build();
        Redactor redactor = SecretValues.redactorOf(config);
        String basic = Base64.getEncoder().encodeToString("anyone:anyone-passw0rd".getBytes(StandardCharsets.UTF_8));
        assertThat(redactor.redact("one-webhook-secret two-webhook-secret odp-key-from-default anyone-passw0rd "
                        + "/hook?key=whatever 8080"))
                .isEqualTo("<redacted> <redacted> <redacted> <redacted> /hook?key=<redacted> 8080");
        // the Basic credentials' encoding: at most its last character and padding are left
        assertThat(redactor.redact("Basic " + basic)).matches("Basic <redacted>[A-Za-z0-9+/]?=*");
    }

    @Test
    void secretsTooShortToRedactAreNamedByKeyNeverByValue() {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withSources(new PropertiesConfigSource(
                        Map.of(
                                "importer.webhook.secrets", "long-enough-secret,abc",
                                "importer.odp.api-key", "a-long-odp-key",
                                "quarkus.security.users.embedded.users.alice", "pw",
                                "importer.activity.notify-url", "https://chat.example/hook?v=2",
                                "importer.odp.base-url", "https://odp.example"),
                        "test",
                        100))
                .build();
        assertThat(SecretValues.tooShortToRedact(config))
                .containsExactlyInAnyOrder("importer.webhook.secrets", "quarkus.security.users.embedded.users.alice");
    }
}
