package io.odpimporter.schema;

import java.time.Instant;
import java.util.List;

/**
 * A target's schema as last checked (docs/architecture.md, "Schema").
 *
 * @param object    the ODP object
 * @param mode      create or verify
 * @param rules     the rules sending to it
 * @param state     where it stands
 * @param details   what was found or done, for people (names the object, fields and types); null when ok
 * @param checkedAt when ODP was last asked; null while checking
 */
public record TargetState(
        String object, SchemaMode mode, List<String> rules, SchemaState state, String details, Instant checkedAt) {

    public TargetState {
        rules = List.copyOf(rules);
    }

    /** @return a target not read yet */
    public static TargetState checking(SchemaTargets.Target target) {
        return new TargetState(
                target.object(), target.schema().mode(), target.rules(), SchemaState.CHECKING, null, null);
    }
}
