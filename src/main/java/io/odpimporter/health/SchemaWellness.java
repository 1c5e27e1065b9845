package io.odpimporter.health;

import io.odpimporter.schema.SchemaBootstrap;
import io.odpimporter.schema.SchemaHold;
import io.odpimporter.schema.TargetState;
import io.smallrye.health.api.Wellness;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;

/**
 * {@code /q/health/well}, check {@code schema} (docs/operations.md, "Schema"): DOWN while a target's ODP object lacks
 * the object or a field the rules send, has a field of another type or another primary key, or refused a create:
 * the sink is paused meanwhile; the data names each such object, its state and the details. UP otherwise (an ODP
 * that cannot be asked is the {@code odp} check's business). Not part of readiness.
 */
@Wellness
@ApplicationScoped
public class SchemaWellness implements HealthCheck {

    private final SchemaBootstrap schema;

    public SchemaWellness(SchemaBootstrap schema) {
        this.schema = schema;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("schema");
        boolean down = false;
        for (TargetState state : schema.states()) {
            response.withData(
                    state.object(), state.state().label() + (state.details() == null ? "" : ": " + state.details()));
            down |= state.state().holdsSink() && state.checkedAt() != null;
        }
        if (!down) {
            return response.up().build();
        }
        schema.hold().pause().map(SchemaHold.Pause::reason).ifPresent(reason -> response.withData("sink", reason));
        return response.down().build();
    }
}
