package io.odpimporter.azure;

import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.identity.ClientSecretCredentialBuilder;
import com.azure.identity.DefaultAzureCredentialBuilder;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.blob.BlobServiceVersion;
import io.odpimporter.config.ImporterConfig;
import io.odpimporter.config.ImporterConfig.AuthMode;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Chooses how the service authenticates to Blob Storage and builds the blob service client for it:
 * <ul>
 *   <li>{@code connection-string}: account key or SAS in {@code importer.azure.connection-string};</li>
 *   <li>{@code client-secret}: a {@code ClientSecretCredential} from {@code tenant-id}, {@code client-id} and
 *       {@code client-secret} (the original job's settings form); the identity needs the Storage Blob Data
 *       Reader role;</li>
 *   <li>{@code default}: {@code DefaultAzureCredential} (environment variables, AKS workload identity, managed
 *       identity, then developer tools), with {@code client-id} choosing a user-assigned identity.</li>
 * </ul>
 * Sources: https://learn.microsoft.com/azure/developer/java/sdk/authentication/credential-chains and
 * https://learn.microsoft.com/azure/storage/blobs/authorize-access-azure-active-directory
 */
public final class AzureAccess {

    /** Authority hosts Microsoft's instance discovery knows (public, US government and China clouds). */
    private static final Set<String> KNOWN_AUTHORITY_HOSTS = Set.of(
            "https://login.microsoftonline.com", "https://login.microsoftonline.us", "https://login.chinacloudapi.cn");

    private AzureAccess() {}

    /**
     * @return the configured mode, or the one the given settings imply
     */
    public static AuthMode mode(ImporterConfig.Azure azure) {
        return azure.auth().orElseGet(() -> {
            if (azure.connectionString().isPresent()) {
                return AuthMode.CONNECTION_STRING;
            }
            return azure.clientSecret().isPresent() ? AuthMode.CLIENT_SECRET : AuthMode.DEFAULT;
        });
    }

    /**
     * A service client builder for the chosen mode, on the given HTTP client, with the blob service version pinned.
     *
     * @throws IllegalArgumentException naming the missing or malformed keys (never their secret values)
     */
    public static BlobServiceClientBuilder serviceClient(ImporterConfig.Azure azure, HttpClient http) {
        BlobServiceClientBuilder builder =
                new BlobServiceClientBuilder().httpClient(http).serviceVersion(BlobServiceVersion.V2026_06_06);
        AuthMode mode = mode(azure);
        if (mode == AuthMode.CONNECTION_STRING) {
            String connectionString = azure.connectionString()
                    .orElseThrow(() -> new IllegalArgumentException(
                            ConnectionStrings.KEY + " is not set, but importer.azure.auth is connection-string"));
            ConnectionStrings.parse(connectionString);
            return builder.connectionString(connectionString);
        }
        return builder.endpoint(accountUrl(azure)).credential(credential(azure, http));
    }

    /**
     * The token credential of the client-secret or default mode.
     *
     * @throws IllegalArgumentException naming the missing keys, or for the connection-string mode
     */
    public static TokenCredential credential(ImporterConfig.Azure azure, HttpClient http) {
        AuthMode mode = mode(azure);
        switch (mode) {
            case CLIENT_SECRET -> {
                List<String> missing = new ArrayList<>();
                if (azure.tenantId().isEmpty()) {
                    missing.add("importer.azure.tenant-id");
                }
                if (azure.clientId().isEmpty()) {
                    missing.add("importer.azure.client-id");
                }
                if (azure.clientSecret().isEmpty()) {
                    missing.add("importer.azure.client-secret");
                }
                if (!missing.isEmpty()) {
                    throw new IllegalArgumentException("importer.azure.auth is client-secret but " + missing
                            + (missing.size() == 1 ? " is" : " are") + " not set");
                }
                ClientSecretCredentialBuilder builder = new ClientSecretCredentialBuilder()
                        .tenantId(azure.tenantId().get())
                        .clientId(azure.clientId().get())
                        .clientSecret(azure.clientSecret().get())
                        .httpClient(http);
                azure.authorityHost().ifPresent(builder::authorityHost);
                if (privateAuthority(azure)) {
                    builder.disableInstanceDiscovery();
                }
                return builder.build();
            }
            case DEFAULT -> {
                DefaultAzureCredentialBuilder builder = new DefaultAzureCredentialBuilder().httpClient(http);
                azure.tenantId().ifPresent(builder::tenantId);
                azure.clientId()
                        .ifPresent(id -> builder.managedIdentityClientId(id).workloadIdentityClientId(id));
                azure.authorityHost().ifPresent(builder::authorityHost);
                if (privateAuthority(azure)) {
                    builder.disableInstanceDiscovery();
                }
                return builder.build();
            }
            default ->
                throw new IllegalArgumentException(
                        "importer.azure.auth is connection-string: no token " + "credential is used");
        }
    }

    /** @return true for an authority host Microsoft's instance discovery does not know (private cloud, stand-in) */
    private static boolean privateAuthority(ImporterConfig.Azure azure) {
        return azure.authorityHost()
                .map(host -> !KNOWN_AUTHORITY_HOSTS.contains(host.replaceAll("/+$", "")))
                .orElse(false);
    }

    /**
     * @return {@code account-url}, else {@code https://<account-name>.blob.core.windows.net}
     * @throws IllegalArgumentException if neither is set
     */
    static String accountUrl(ImporterConfig.Azure azure) {
        return azure.accountUrl()
                .orElseGet(() -> azure.accountName()
                        .map(name -> "https://" + name + ".blob.core.windows.net")
                        .orElseThrow(() -> new IllegalArgumentException("importer.azure.auth is "
                                + mode(azure).name().toLowerCase().replace('_', '-')
                                + ": set importer.azure.account-url or importer.azure.account-name")));
    }
}
