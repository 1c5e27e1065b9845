package io.odpimporter.odp;

import io.odpimporter.config.ImporterConfig;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.net.URI;
import java.util.concurrent.TimeUnit;

/**
 * Builds the ODP clients for the configured region ({@code importer.odp.region}) or base URL
 * ({@code importer.odp.base-url}), with explicit connect and read timeouts and no redirects followed (a redirect
 * is a failure to retry, not an answer): the REST client for the wellness probe, {@link OdpUpserts} for the sink's
 * upserts (one per batch, on Vert.x's HTTP client: cheaper per request).
 */
@ApplicationScoped
public class OdpClients {

    @Produces
    @Singleton
    OdpClient odp(ImporterConfig config) {
        ImporterConfig.Odp odp = config.odp();
        return QuarkusRestClientBuilder.newBuilder()
                .baseUri(URI.create(odp.resolvedBaseUrl()))
                .connectTimeout(odp.connectTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .readTimeout(odp.readTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .followRedirects(false)
                .build(OdpClient.class);
    }

    @Produces
    @Singleton
    OdpUpserts upserts(Vertx vertx, ImporterConfig config) {
        ImporterConfig.Odp odp = config.odp();
        return new OdpUpserts(vertx, odp.resolvedBaseUrl(), odp.connectTimeout(), odp.readTimeout(), odp.apiKey());
    }

    void close(@Disposes OdpUpserts upserts) {
        upserts.close();
    }
}
