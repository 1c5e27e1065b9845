package io.odpimporter.health;

import io.smallrye.health.api.Wellness;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code /q/health/well}: DOWN while ODP answers the sink with a configuration fault (401/403: bad or revoked API
 * key; 404: unknown object type). The sink keeps the records and keeps probing with backoff; the check turns UP
 * by itself once ODP accepts again. Not part of readiness: an ODP problem must not take the service's API offline.
 */
@Wellness
@ApplicationScoped
public class OdpWellness implements HealthCheck {

    /** A configuration fault: what ODP answered and since when. */
    public record Fault(String answer, Instant since) {
    }

    private final AtomicReference<Fault> fault = new AtomicReference<>();

    /** The sink got a configuration fault (the first one's time is kept). */
    public void configurationFault(String answer) {
        fault.updateAndGet(current -> current == null ? new Fault(answer, Instant.now())
                : new Fault(answer, current.since()));
    }

    /** ODP accepted or judged a batch: no configuration fault (any more). */
    public void odpAnswered() {
        fault.set(null);
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("odp");
        Fault current = fault.get();
        if (current == null) {
            return response.up().build();
        }
        return response.down()
                .withData("fault", "configuration: check importer.odp.api-key, importer.odp.object-type and the region")
                .withData("answer", current.answer())
                .withData("since", current.since().toString())
                .build();
    }
}
