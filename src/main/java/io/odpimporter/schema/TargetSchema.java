package io.odpimporter.schema;

import io.odpimporter.rules.TargetKind;

import java.util.List;

/**
 * What a rule's target needs in ODP's schema (docs/architecture.md, "Schema"), derived from the rule at start-up.
 *
 * @param kind       objects or events
 * @param object     the ODP object: the rule's object type, or {@code events} for events
 * @param mode       what is done about it at start-up and on demand
 * @param primaryKey objects: the primary key field; events: null
 * @param fields     the fields the rule sends, the primary key included (events: the {@code data} fields)
 * @param openFields whether the rule sends every column under its own name (no {@code fields} configured): then
 *                   only the primary key is known before a file is read
 */
public record TargetSchema(
        TargetKind kind,
        String object,
        SchemaMode mode,
        String primaryKey,
        List<SchemaField> fields,
        boolean openFields) {

    public TargetSchema {
        fields = List.copyOf(fields);
    }

    /** @return a target of which nothing is checked (mode off, no fields) */
    public static TargetSchema unchecked(TargetKind kind, String object) {
        return new TargetSchema(kind, object, SchemaMode.OFF, null, List.of(), true);
    }
}
