package io.odpimporter.testing;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.lang.JoseException;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

/**
 * A stand-in for a Microsoft Entra ID tenant: an in-process WireMock server that serves the tenant's OpenID
 * metadata in both forms Entra ID publishes ({@code /<tenant>/.well-known/openid-configuration} with the v1 issuer
 * {@code https://sts.windows.net/<tenant>/}, {@code /<tenant>/v2.0/.well-known/openid-configuration} with the v2
 * issuer {@code https://login.microsoftonline.com/<tenant>/v2.0}) and the tenant's signing keys (JWKS), generated
 * here. {@link #token} signs tokens the way Event Grid's look (source:
 * https://learn.microsoft.com/azure/event-grid/secure-webhook-delivery and
 * https://learn.microsoft.com/entra/identity-platform/access-token-claims-reference). Sets
 * {@code importer.webhook.entra.*} so the service accepts this tenant's tokens.
 */
public class EntraIdTestResource implements QuarkusTestResourceLifecycleManager {

    public static final String TENANT = "72f988bf-0000-4000-8000-2d7cd011db47";
    /** The webhook app's application (client) id, one accepted audience. */
    public static final String APP_ID = "8a3c5e1d-0000-4000-8000-5c1f2b7a9e01";
    /** The webhook app's App ID URI, the other accepted audience. */
    public static final String APP_ID_URI = "api://odp-blob-importer-webhook";
    /** Microsoft.EventGrid's app id in the public cloud. */
    public static final String EVENT_GRID_APP = "4962773b-9cdb-44cf-a8bf-237846a00ab7";

    public static final String V1_ISSUER = "https://sts.windows.net/" + TENANT + "/";
    public static final String V2_ISSUER = "https://login.microsoftonline.com/" + TENANT + "/v2.0";
    public static final String ROLE = "AzureEventGridSecureWebhookSubscriber";

    private static final RsaJsonWebKey TENANT_KEY = key("tenant-key-1");
    /** A key the tenant does not publish: tokens signed with it must fail the signature check. */
    private static final RsaJsonWebKey FOREIGN_KEY = key("tenant-key-1");

    private static WireMockServer server;

    /** Token versions, with the claim that names the client app in each. */
    public enum Version {
        V1(V1_ISSUER, "appid"),
        V2(V2_ISSUER, "azp");

        final String issuer;
        final String appClaim;

        Version(String issuer, String appClaim) {
            this.issuer = issuer;
            this.appClaim = appClaim;
        }
    }

    private static RsaJsonWebKey key(String keyId) {
        try {
            RsaJsonWebKey key = RsaJwkGenerator.generateJwk(2048);
            key.setKeyId(keyId);
            key.setUse("sig");
            key.setAlgorithm("RS256");
            return key;
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public synchronized Map<String, String> start() {
        if (server == null) {
            server = new WireMockServer(options().dynamicPort());
            server.start();
            String base = server.baseUrl();
            String jwks = "{\"keys\":[" + TENANT_KEY.toJson() + "]}";
            server.stubFor(get("/" + TENANT + "/.well-known/openid-configuration")
                    .willReturn(okJson(
                            metadata(V1_ISSUER, base + "/common/discovery/keys", base + "/" + TENANT + "/oauth2"))));
            server.stubFor(get("/" + TENANT + "/v2.0/.well-known/openid-configuration")
                    .willReturn(okJson(metadata(
                            V2_ISSUER,
                            base + "/" + TENANT + "/discovery/v2.0/keys",
                            base + "/" + TENANT + "/oauth2/v2.0"))));
            server.stubFor(get("/common/discovery/keys").willReturn(okJson(jwks)));
            server.stubFor(get("/" + TENANT + "/discovery/v2.0/keys").willReturn(okJson(jwks)));
        }
        return Map.of(
                "importer.webhook.entra.enabled",
                "true",
                "importer.webhook.entra.tenant-id",
                TENANT,
                "importer.webhook.entra.authority",
                server.baseUrl(),
                "importer.webhook.entra.audiences",
                APP_ID + "," + APP_ID_URI);
    }

    private static String metadata(String issuer, String jwksUri, String oauth) {
        return "{\"issuer\":\"" + issuer + "\",\"jwks_uri\":\"" + jwksUri + "\",\"token_endpoint\":\"" + oauth
                + "/token\",\"authorization_endpoint\":\"" + oauth + "/authorize\",\"response_types_supported\":"
                + "[\"code\",\"id_token\",\"token id_token\"],\"subject_types_supported\":[\"pairwise\"],"
                + "\"id_token_signing_alg_values_supported\":[\"RS256\"]}";
    }

    @Override
    public synchronized void stop() {
        if (server != null) {
            server.stop();
            server = null;
        }
    }

    /** The claims of a token Event Grid would present: the role, Event Grid's app id, valid for an hour. */
    public static JwtClaimsBuilder claims(Version version, String audience) {
        Instant now = Instant.now();
        return Jwt.issuer(version.issuer)
                .audience(audience)
                .subject("b4a7c2e0-0000-4000-8000-0e1d5c3f7a20")
                .claim("tid", TENANT)
                .claim(version.appClaim, EVENT_GRID_APP)
                .claim("roles", List.of(ROLE))
                .issuedAt(now.minusSeconds(60))
                .expiresAt(now.plusSeconds(3600));
    }

    /** @return the claims signed with the tenant's published key (RS256, with its key id) */
    public static String token(JwtClaimsBuilder claims) {
        return claims.jws().keyId(TENANT_KEY.getKeyId()).sign(TENANT_KEY.getPrivateKey());
    }

    /** @return the claims signed with a key the tenant does not publish, under the published key's id */
    public static String forgedToken(JwtClaimsBuilder claims) {
        return claims.jws().keyId(FOREIGN_KEY.getKeyId()).sign(FOREIGN_KEY.getPrivateKey());
    }
}
