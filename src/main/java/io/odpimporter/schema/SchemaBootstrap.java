package io.odpimporter.schema;

import io.odpimporter.activity.ActivityLog;
import io.odpimporter.rules.Rules;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The schema bootstrap (docs/architecture.md, "Schema"): checks each target's ODP object when the service starts (on
 * a worker, so an ODP that is down never blocks the start), again every {@code importer.schema.recheck-every} while a
 * target does not match or ODP could not be asked, and on demand ({@code POST /schema/bootstrap}); with
 * {@code create} it creates only what is missing. Its {@link SchemaHold} holds the sink while a schema does not
 * match. One pass at a time on a replica; replicas starting together meet in ODP, where a create that lost the race
 * is recognised by reading the schema again ({@link SchemaSync}).
 */
@ApplicationScoped
public class SchemaBootstrap {

    private static final Logger LOG = Logger.getLogger(SchemaBootstrap.class);

    private final List<SchemaTargets.Target> targets;
    private final SchemaSync sync;
    private final SchemaHold hold;

    @Inject
    public SchemaBootstrap(Rules rules, OdpSchemaApi api, ActivityLog activity) {
        this(SchemaTargets.merge(rules.all()), api, new SchemaReports(activity));
    }

    SchemaBootstrap(List<SchemaTargets.Target> targets, SchemaApi api, SchemaHold.Listener listener) {
        this.targets = List.copyOf(targets);
        this.sync = new SchemaSync(api, Instant::now);
        this.hold = new SchemaHold(targets, listener, Instant::now);
    }

    void onStart(@Observes StartupEvent event) {
        if (targets.isEmpty()) {
            return;
        }
        Infrastructure.getDefaultWorkerPool().execute(() -> {
            try {
                bootstrap();
            } catch (RuntimeException e) {
                LOG.errorf("Schema check at start-up failed (checked again later): %s", e.toString());
            }
        });
    }

    /** Checks again every target that does not match yet (or could not be read). */
    @Scheduled(
            every = "${importer.schema.recheck-every}",
            delayed = "${importer.schema.recheck-every}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void recheck() {
        if (hold.states().stream().anyMatch(s -> !s.state().matches())) {
            bootstrap(false);
        }
    }

    /**
     * Checks every target now and, with {@code create}, creates what is missing.
     *
     * @return every target's state afterwards
     */
    public List<TargetState> bootstrap() {
        return bootstrap(true);
    }

    /** @param all every target, or only those that do not match */
    private synchronized List<TargetState> bootstrap(boolean all) {
        for (SchemaTargets.Target target : targets) {
            boolean matches =
                    hold.state(target.object()).map(s -> s.state().matches()).orElse(false);
            if (all || !matches) {
                Optional<TargetState> before = hold.state(target.object());
                TargetState state = sync.check(target);
                // a recheck finding what the last check found says so at DEBUG: the mismatch itself was logged at
                // ERROR when it began (SchemaReports), and is shown by /status and the page until it ends
                boolean unchanged = !all
                        && before.map(b -> b.state() == state.state() && Objects.equals(b.details(), state.details()))
                                .orElse(false);
                LOG.logf(
                        unchanged ? Logger.Level.DEBUG : Logger.Level.INFO,
                        "Schema of ODP object %s (%s): %s%s",
                        target.object(),
                        target.schema().mode().configName(),
                        state.state().label(),
                        state.details() == null ? "" : ": " + state.details());
                hold.update(state);
            }
        }
        return hold.states();
    }

    /** @return whether the sink may send, and why it waits */
    public SchemaHold hold() {
        return hold;
    }

    /** @return every target's state, in the order of the rules */
    public List<TargetState> states() {
        return hold.states();
    }
}
