package io.odpimporter.azure;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenRequestContext;
import com.azure.core.http.HttpClient;
import com.azure.core.http.vertx.VertxHttpClientBuilder;
import com.azure.identity.ClientSecretCredential;
import com.azure.identity.DefaultAzureCredential;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.odpimporter.config.ImporterConfig;
import io.odpimporter.config.ImporterConfig.AuthMode;
import io.odpimporter.testing.TestConfig;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Blob Storage authentication modes: which one a configuration selects, and, for the client-secret mode, a real
 * token request to a stand-in of the Microsoft Entra token endpoint (WireMock over HTTPS, as the SDK requires).
 */
class AzureAccessTest {

    static final String TENANT = "11111111-2222-3333-4444-555555555555";
    static WireMockServer entra;
    static Vertx vertx;
    static HttpClient trustingHttp;

    @BeforeAll
    static void entraStandIn() {
        entra = new WireMockServer(options().dynamicPort().dynamicHttpsPort());
        entra.start();
        String base = "https://localhost:" + entra.httpsPort();
        entra.stubFor(
                get(urlPathEqualTo("/common/discovery/instance"))
                        .willReturn(
                                aResponse()
                                        .withHeader("Content-Type", "application/json")
                                        .withBody(
                                                "{\"tenant_discovery_endpoint\":\"" + base + "/" + TENANT
                                                        + "/v2.0/.well-known/openid-configuration\",\"api-version\":\"1.1\",\"metadata\":[]}")));
        entra.stubFor(get(urlPathEqualTo("/" + TENANT + "/v2.0/.well-known/openid-configuration"))
                .willReturn(aResponse()
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"token_endpoint\":\"" + base + "/" + TENANT + "/oauth2/v2.0/token\",\"issuer\":\""
                                + base + "/" + TENANT + "/v2.0\",\"authorization_endpoint\":\"" + base + "/" + TENANT
                                + "/oauth2/v2.0/authorize\"}")));
        entra.stubFor(post(urlPathEqualTo("/" + TENANT + "/oauth2/v2.0/token"))
                .withRequestBody(containing("grant_type=client_credentials"))
                .withRequestBody(containing("client_id=app-client-id"))
                .willReturn(aResponse()
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"token_type\":\"Bearer\",\"expires_in\":3599,\"ext_expires_in\":3599,"
                                + "\"access_token\":\"stand-in-access-token\"}")));
        vertx = Vertx.vertx();
        // the stand-in's certificate is self-signed: only this test trusts it
        trustingHttp = new VertxHttpClientBuilder()
                .vertx(vertx)
                .httpClientOptions(new HttpClientOptions().setTrustAll(true).setVerifyHost(false))
                .build();
    }

    @AfterAll
    static void stop() {
        entra.stop();
        vertx.close();
    }

    private static ImporterConfig.Azure azure(Map<String, String> props) {
        return TestConfig.load(props).azure();
    }

    @Test
    void theModeFollowsTheSettingsGiven() {
        assertThat(AzureAccess.mode(azure(Map.of("importer.azure.connection-string", "AccountName=a;AccountKey=a2V5"))))
                .isEqualTo(AuthMode.CONNECTION_STRING);
        assertThat(AzureAccess.mode(azure(Map.of("importer.azure.client-secret", "s"))))
                .isEqualTo(AuthMode.CLIENT_SECRET);
        assertThat(AzureAccess.mode(azure(Map.of()))).isEqualTo(AuthMode.DEFAULT);
        assertThat(AzureAccess.mode(
                        azure(Map.of("importer.azure.auth", "default", "importer.azure.client-secret", "s"))))
                .isEqualTo(AuthMode.DEFAULT);
        assertThat(AzureAccess.mode(azure(Map.of("importer.azure.auth", "client-secret"))))
                .isEqualTo(AuthMode.CLIENT_SECRET);
    }

    @Test
    void clientSecretModeGetsAStorageTokenFromTheEntraTokenEndpoint() {
        Map<String, String> props = new HashMap<>(Map.of(
                "importer.azure.auth", "client-secret",
                "importer.azure.tenant-id", TENANT,
                "importer.azure.client-id", "app-client-id",
                "importer.azure.client-secret", "app-client-secret",
                "importer.azure.account-name", "mystorage",
                "importer.azure.authority-host", "https://localhost:" + entra.httpsPort()));

        var credential = AzureAccess.credential(azure(props), trustingHttp);
        AccessToken token =
                credential.getTokenSync(new TokenRequestContext().addScopes("https://storage.azure.com/.default"));

        assertThat(credential).isInstanceOf(ClientSecretCredential.class);
        assertThat(token.getToken()).isEqualTo("stand-in-access-token");
        entra.verify(postRequestedFor(urlPathEqualTo("/" + TENANT + "/oauth2/v2.0/token"))
                .withRequestBody(containing("client_secret=app-client-secret"))
                .withRequestBody(containing("scope=https%3A%2F%2Fstorage.azure.com%2F.default")));
        assertThat(AzureAccess.serviceClient(azure(props), trustingHttp)
                        .buildClient()
                        .getAccountUrl())
                .isEqualTo("https://mystorage.blob.core.windows.net");
    }

    @Test
    void clientSecretModeNamesTheMissingKeysButNoSecret() {
        assertThatThrownBy(() -> AzureAccess.credential(
                        azure(Map.of(
                                "importer.azure.auth",
                                "client-secret",
                                "importer.azure.client-secret",
                                "do-not-print-me")),
                        trustingHttp))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("importer.azure.tenant-id")
                .hasMessageContaining("importer.azure.client-id")
                .hasMessageNotContaining("do-not-print-me");
    }

    @Test
    void defaultModeUsesDefaultAzureCredentialForManagedAndWorkloadIdentity() {
        Map<String, String> props = Map.of(
                "importer.azure.auth",
                "default",
                "importer.azure.account-url",
                "https://mystorage.blob.core.windows.net",
                "importer.azure.client-id",
                "user-assigned-identity-client-id");
        assertThat(AzureAccess.credential(azure(props), trustingHttp)).isInstanceOf(DefaultAzureCredential.class);
        assertThat(AzureAccess.serviceClient(azure(props), trustingHttp)
                        .buildClient()
                        .getAccountUrl())
                .isEqualTo("https://mystorage.blob.core.windows.net");
    }

    @Test
    void tokenModesNeedTheAccountsUrlOrName() {
        assertThatThrownBy(
                        () -> AzureAccess.serviceClient(azure(Map.of("importer.azure.auth", "default")), trustingHttp))
                .hasMessageContaining("importer.azure.account-url")
                .hasMessageContaining("importer.azure.account-name");
    }

    @Test
    void connectionStringModeAcceptsASas() {
        Map<String, String> props = Map.of(
                "importer.azure.connection-string",
                "BlobEndpoint=https://mystorage.blob.core.windows.net/;SharedAccessSignature=sv=2024-08-04&sp=rl&sig=abc");
        assertThat(AzureAccess.serviceClient(azure(props), trustingHttp)
                        .buildClient()
                        .getAccountUrl())
                .isEqualTo("https://mystorage.blob.core.windows.net");
    }
}
