package io.odpimporter.health;

import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.models.BlobStorageException;
import io.odpimporter.config.ImporterConfig;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.health.api.Wellness;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheckResponse;

import java.time.Instant;

/**
 * {@code /q/health/well}, check {@code blob-container}: UP when the configured container exists and this service
 * may read it (a {@code Get Container Properties} call); DOWN with the status and error code otherwise (403: the
 * credential may not read it; 404: no such container; unreachable). Reused for {@code importer.health.probe-cache}.
 * Source: https://learn.microsoft.com/rest/api/storageservices/get-container-properties
 */
@Wellness
@ApplicationScoped
public class ContainerWellness implements AsyncHealthCheck {

    private record Probe(String problem, Instant at) {}

    private final ImporterConfig config;
    private final Uni<Probe> probe;

    public ContainerWellness(BlobContainerClient container, ImporterConfig config) {
        this.config = config;
        this.probe = Uni.createFrom()
                .item(() -> probe(container))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .ifNoItem()
                .after(config.health().probeTimeout())
                .recoverWithItem(() -> new Probe(
                        "Blob Storage did not answer within "
                                + config.health().probeTimeout().toMillis() + " ms",
                        Instant.now()))
                .memoize()
                .atLeast(config.health().probeCache());
    }

    private Probe probe(BlobContainerClient container) {
        try {
            container.getProperties();
            return new Probe(null, Instant.now());
        } catch (BlobStorageException e) {
            // status and error code only: the exception's message may quote the request
            return new Probe(
                    e.getStatusCode() == 404
                            ? "container " + config.azure().container() + " does not exist (HTTP 404 "
                                    + e.getErrorCode() + ")"
                            : "Blob Storage refuses to read container "
                                    + config.azure().container() + " (HTTP " + e.getStatusCode() + " "
                                    + e.getErrorCode() + "): check the credential's rights",
                    Instant.now());
        } catch (RuntimeException e) {
            return new Probe("Blob Storage unreachable: " + e.getClass().getSimpleName(), Instant.now());
        }
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        return probe.map(p -> {
            var response = HealthCheckResponse.named("blob-container")
                    .withData("container", config.azure().container())
                    .withData("probedAt", p.at().toString());
            return p.problem() == null
                    ? response.up().build()
                    : response.withData("problem", p.problem()).down().build();
        });
    }
}
