package io.odpimporter.health;

import io.odpimporter.afterimport.ActionPermissions;
import io.odpimporter.afterimport.AfterImportAction;
import io.odpimporter.config.ImporterConfig;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.health.api.Wellness;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.stream.Collectors;

/**
 * {@code /q/health/well}, check {@code after-import}: UP when the credential may do every after-import action in use
 * (or none is); DOWN naming each action and the permission it lacks ({@link ActionPermissions}). Reused for
 * {@code importer.health.probe-cache}. A missing permission never stops imports: the action's state says FAILED.
 * The same probe runs once at start-up and its finding is logged at WARN, for whoever reads the log first.
 */
@Wellness
@ApplicationScoped
public class AfterImportWellness implements AsyncHealthCheck {

    private static final Logger LOG = Logger.getLogger(AfterImportWellness.class);

    private final ActionPermissions permissions;
    private final Uni<List<String>> probe;

    public AfterImportWellness(ActionPermissions permissions, ImporterConfig config) {
        this.permissions = permissions;
        this.probe = Uni.createFrom()
                .item(permissions::missing)
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .ifNoItem()
                .after(config.health().probeTimeout())
                .recoverWithItem(() -> List.of("Blob Storage did not answer the permission probes within "
                        + config.health().probeTimeout().toMillis() + " ms"))
                .onFailure()
                .recoverWithItem(e ->
                        List.of("the permission probes failed: " + e.getClass().getSimpleName()))
                .memoize()
                .atLeast(config.health().probeCache());
    }

    /** Probes once at start-up (on a worker: it never delays the start) and logs what is missing. */
    void onStart(@Observes StartupEvent event) {
        if (!permissions.actionsInUse().isEmpty()) {
            probe.subscribe().with(AfterImportWellness::warn);
        }
    }

    /** One WARN line per action the credential may not do (the messages never hold the SAS signature). */
    static void warn(List<String> problems) {
        for (String problem : problems) {
            LOG.warnf(
                    "After-import check at start-up: %s. Imports go on; an action not permitted ends FAILED on each"
                            + " file (/q/health/well, check after-import)",
                    problem);
        }
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        return probe.map(missing -> {
            var response = HealthCheckResponse.named("after-import")
                    .withData(
                            "actions",
                            permissions.actionsInUse().isEmpty()
                                    ? "none"
                                    : permissions.actionsInUse().stream()
                                            .map(AfterImportAction::wireName)
                                            .collect(Collectors.joining(",")));
            return missing.isEmpty()
                    ? response.up().build()
                    : response.withData("problem", String.join("; ", missing))
                            .down()
                            .build();
        });
    }
}
