package io.odpimporter.schema;

import io.odpimporter.activity.ActivityLog;
import io.odpimporter.domain.ActivityEntry;
import org.jboss.logging.Logger;

import java.time.Instant;

/**
 * Tells people when a target's schema stops matching and when it is fixed (docs/operations.md, "Schema"): an
 * activity-log entry each (activity {@code configuration}), and a log line.
 */
final class SchemaReports implements SchemaHold.Listener {

    private static final Logger LOG = Logger.getLogger(SchemaBootstrap.class);

    private final ActivityLog activity;

    SchemaReports(ActivityLog activity) {
        this.activity = activity;
    }

    @Override
    public void mismatchBegan(TargetState state) {
        Instant at = state.checkedAt() == null ? Instant.now() : state.checkedAt();
        LOG.errorf(
                "Schema of ODP object %s: %s: %s", state.object(), state.state().label(), state.details());
        activity.record(new ActivityEntry(
                ActivityEntry.SCHEMA_VERSION,
                "odp-schema-mismatch/" + state.object() + "/" + at,
                at,
                ActivityEntry.Level.ERROR,
                "configuration",
                "ODP object " + state.object() + ": " + state.state().label(),
                state.details() + ". The sink is paused for every target (nothing is sent or lost) until the "
                        + "schema matches. " + SchemaHold.advice(state.state()) + ".",
                ActivityLog.details(
                        "object", state.object(),
                        "state", state.state().label(),
                        "mode", state.mode().configName(),
                        "rules", String.join(", ", state.rules()),
                        "reason", state.details()),
                null));
    }

    @Override
    public void mismatchFixed(TargetState state, Instant since) {
        Instant at = state.checkedAt() == null ? Instant.now() : state.checkedAt();
        LOG.infof(
                "Schema of ODP object %s matches again (%s)",
                state.object(), state.state().label());
        activity.record(new ActivityEntry(
                ActivityEntry.SCHEMA_VERSION,
                "odp-schema-fixed/" + state.object() + "/" + since,
                at,
                ActivityEntry.Level.INFO,
                "configuration",
                "ODP object " + state.object() + " matches the rules again",
                "The schema of " + state.object() + " has what the rules send ("
                        + state.state().label() + (state.details() == null ? "" : ": " + state.details())
                        + ") after the mismatch found " + since + "; the sink goes on.",
                ActivityLog.details(
                        "object", state.object(), "state", state.state().label(), "mismatchSince", since.toString()),
                null));
    }
}
