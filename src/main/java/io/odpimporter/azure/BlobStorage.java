package io.odpimporter.azure;

import com.azure.core.http.HttpClient;
import com.azure.core.http.vertx.VertxHttpClientBuilder;
import com.azure.storage.blob.BlobContainerClient;
import io.odpimporter.config.ImporterConfig;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * The container client (authentication: {@link AzureAccess}), on Quarkus' own Vert.x instance (azure-core-http-vertx; the SDK's Netty client is
 * excluded, docs/architecture.md §8.6), with explicit connect and read timeouts and the blob service version pinned to
 * 2026-06-06 so Azurite and the SDK agree.
 */
@ApplicationScoped
public class BlobStorage {

    @Produces
    @Singleton
    BlobContainerClient container(ImporterConfig config, Vertx vertx) {
        ImporterConfig.Azure azure = config.azure();
        HttpClient http = new VertxHttpClientBuilder()
                .vertx(vertx)
                .connectTimeout(azure.connectTimeout())
                .readTimeout(azure.readTimeout())
                .writeTimeout(azure.readTimeout())
                .build();
        return AzureAccess.serviceClient(azure, http).buildClient().getBlobContainerClient(azure.container());
    }
}
