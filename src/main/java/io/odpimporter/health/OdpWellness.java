package io.odpimporter.health;

import io.odpimporter.config.ImporterConfig;
import io.odpimporter.odp.OdpAnswer;
import io.odpimporter.odp.OdpClient;
import io.odpimporter.odp.OdpUrls;
import io.odpimporter.rules.Rules;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.health.api.Wellness;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;

import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code /q/health/well}, check {@code odp}: UP when ODP answers a cheap authenticated call
 * ({@code GET <base-url>/v3/schema/objects/{object}} for the first object type the rules send to, {@link
 * Rules#probedObjectType}: the key is valid and the object type exists) and the sink is
 * not held by a configuration fault. DOWN with the reason, naming the URL, when the probe is refused (401/403: bad or
 * revoked API key; 404: unknown object type or a base URL that is not ODP's API), when ODP is unreachable (5xx, 429, timeout), or while the sink retries a batch ODP refused
 * as a configuration fault (it keeps the records and turns UP by itself once ODP accepts again). The probe's answer
 * is reused for {@code importer.health.probe-cache}. Not part of readiness: an ODP problem must not take the
 * service's API offline. Source: https://docs.developers.optimizely.com/optimizely-data-platform/reference/get-object
 */
@Wellness
@ApplicationScoped
public class OdpWellness implements AsyncHealthCheck {

    /** A configuration fault: what ODP answered and since when. */
    public record Fault(String answer, Instant since) {}

    /** A probe's verdict: {@code problem} null when ODP answered 2xx. */
    record Probe(String problem, int status, Instant at, long millis) {}

    private final AtomicReference<Fault> fault = new AtomicReference<>();
    private final ImporterConfig config;
    /** The object type the probe reads: one the rules send to (docs/operations.md, health). */
    private final String objectType;

    private final Uni<Probe> probe;

    public OdpWellness(OdpClient odp, ImporterConfig config, Rules rules) {
        this.config = config;
        this.objectType = rules.probedObjectType();
        this.probe = Uni.createFrom()
                .deferred(() -> {
                    long start = System.nanoTime();
                    return odp.objectSchema(objectType, config.odp().apiKey())
                            .onFailure(WebApplicationException.class)
                            .recoverWithItem(e -> ((WebApplicationException) e).getResponse())
                            .ifNoItem()
                            .after(config.health().probeTimeout())
                            .fail()
                            .map(response -> verdict(response, start))
                            .onFailure()
                            .recoverWithItem(e -> new Probe(
                                    "unreachable: " + e.getClass().getSimpleName()
                                            + (e.getMessage() == null ? "" : " " + e.getMessage()),
                                    0,
                                    Instant.now(),
                                    (System.nanoTime() - start) / 1_000_000));
                })
                .memoize()
                .atLeast(config.health().probeCache());
    }

    private Probe verdict(Response response, long start) {
        try (response) {
            int status = response.getStatus();
            long millis = (System.nanoTime() - start) / 1_000_000;
            String problem = switch (status / 100) {
                case 2 -> null;
                case 4 ->
                    status == 429
                            ? "ODP is rate limiting (HTTP 429)"
                            : OdpAnswer.configurationProblem(status, probeRequest(), objectType);
                default -> "ODP is unavailable (HTTP " + status + ")";
            };
            return new Probe(problem, status, Instant.now(), millis);
        }
    }

    /** @return the probe's method and full URL, e.g. {@code GET https://api.zaius.com/v3/schema/objects/x} */
    private String probeRequest() {
        return "GET " + OdpUrls.schema(config.odp().resolvedBaseUrl(), objectType);
    }

    /** The sink got a configuration fault (the first one's time is kept). */
    public void configurationFault(String answer) {
        fault.updateAndGet(
                current -> current == null ? new Fault(answer, Instant.now()) : new Fault(answer, current.since()));
    }

    /** @return the configuration fault the sink is retrying, if any */
    public Optional<Fault> fault() {
        return Optional.ofNullable(fault.get());
    }

    /** ODP accepted or judged a batch: no configuration fault (any more). */
    public void odpAnswered() {
        fault.set(null);
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        return probe.map(p -> {
            HealthCheckResponseBuilder response = HealthCheckResponse.named("odp")
                    .withData("probe", probeRequest())
                    .withData("probeStatus", p.status())
                    .withData("probeMillis", p.millis())
                    .withData("probedAt", p.at().toString());
            Fault current = fault.get();
            if (p.problem() == null && current == null) {
                return response.up().build();
            }
            if (p.problem() != null) {
                response.withData("problem", p.problem());
            }
            if (current != null) {
                response.withData(
                                "fault",
                                "the sink retries a batch ODP refused as a configuration fault: check "
                                        + "importer.odp.api-key, importer.odp.object-type and the region")
                        .withData("answer", current.answer())
                        .withData("since", current.since().toString());
            }
            return response.down().build();
        });
    }
}
