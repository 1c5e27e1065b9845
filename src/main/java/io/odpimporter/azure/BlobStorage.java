package io.odpimporter.azure;

import com.azure.core.http.HttpClient;
import com.azure.core.http.vertx.VertxHttpClientBuilder;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.blob.BlobServiceVersion;
import io.odpimporter.config.ImporterConfig;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * The container client, on Quarkus' own Vert.x instance (azure-core-http-vertx; the SDK's Netty client is
 * excluded, DESIGN 4), with explicit connect and read timeouts and the blob service version pinned to
 * {@link BlobServiceVersion#V2026_06_06} so Azurite and the SDK agree.
 */
@ApplicationScoped
public class BlobStorage {

    @Produces
    @Singleton
    BlobContainerClient container(ImporterConfig config, Vertx vertx) {
        ImporterConfig.Azure azure = config.azure();
        String connectionString = azure.connectionString().orElseThrow(() -> new IllegalArgumentException(
                ConnectionStrings.KEY + " is not set: give the storage account's connection string or SAS"));
        ConnectionStrings.parse(connectionString);
        HttpClient http = new VertxHttpClientBuilder()
                .vertx(vertx)
                .connectTimeout(azure.connectTimeout())
                .readTimeout(azure.readTimeout())
                .writeTimeout(azure.readTimeout())
                .build();
        return new BlobServiceClientBuilder()
                .connectionString(connectionString)
                .httpClient(http)
                .serviceVersion(BlobServiceVersion.V2026_06_06)
                .buildClient()
                .getBlobContainerClient(azure.container());
    }
}
