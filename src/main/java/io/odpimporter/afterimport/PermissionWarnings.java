package io.odpimporter.afterimport;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.util.List;

/**
 * Says at start-up, in the log, which after-import action the credential may not do (docs/operations.md, "After
 * the import"): the same finding as the wellness check {@code after-import}, for whoever reads the log first. Runs on
 * a worker (with Entra ID it probes Blob Storage), never delays or stops the start; imports go on either way.
 */
@ApplicationScoped
public class PermissionWarnings {

    private static final Logger LOG = Logger.getLogger(PermissionWarnings.class);

    private final ActionPermissions permissions;

    public PermissionWarnings(ActionPermissions permissions) {
        this.permissions = permissions;
    }

    void onStart(@Observes StartupEvent event) {
        if (permissions.actionsInUse().isEmpty()) {
            return;
        }
        Infrastructure.getDefaultWorkerPool().execute(() -> {
            try {
                warn(permissions.missing());
            } catch (RuntimeException e) {
                LOG.warnf(
                        "Could not check the after-import actions' permissions at start-up (%s): see /q/health/well",
                        e.getClass().getSimpleName());
            }
        });
    }

    /** One WARN line per action whose permission is missing. */
    static void warn(List<String> missing) {
        for (String line : missing) {
            LOG.warnf(
                    "Missing permission: %s. Imports go on; the action ends FAILED on each file until"
                            + " the permission is granted (/q/health/well, check after-import)",
                    line);
        }
    }
}
