package io.odpimporter.rules;

import io.odpimporter.config.ImporterConfig;
import io.odpimporter.schema.SchemaField;
import io.odpimporter.schema.SchemaMode;
import io.odpimporter.schema.TargetSchema;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a rule's target needs in ODP's schema (docs/architecture.md, "Schema"): its object, the fields it sends with
 * their types, the primary key, and the mode (the rule's {@code schema}, else {@code importer.schema.bootstrap}).
 * Objects: every mapped field (constants included), the primary key marked; a rule without {@code fields} sends every
 * column as text, so only its primary key is known ({@link TargetSchema#openFields()}). Events: the object
 * {@code events} and the {@code data} fields, with {@code idempotence_id}, which the importer adds to every event.
 */
public final class RuleSchemas {

    /** The ODP object every event goes to. */
    public static final String EVENTS_OBJECT = "events";

    private RuleSchemas() {}

    /**
     * @param ruleMode    the rule's {@code schema}, if set
     * @param defaultMode {@code importer.schema.bootstrap}
     * @return the mode the rule's target gets
     */
    public static SchemaMode mode(Optional<SchemaMode> ruleMode, SchemaMode defaultMode) {
        return ruleMode.orElse(defaultMode);
    }

    /**
     * @param config      a rule that passed {@link RuleValidation}
     * @param defaultMode {@code importer.schema.bootstrap}
     * @return what its target needs
     */
    static TargetSchema of(RuleConfig config, SchemaMode defaultMode) {
        SchemaMode mode = mode(config.schema(), defaultMode);
        if (config.target() == TargetKind.EVENTS) {
            List<SchemaField> fields = new ArrayList<>();
            for (RuleConfig.FieldConfig field : config.fields().orElse(List.of())) {
                String name = EventMapping.normalise(field.name());
                if (name.startsWith(EventMapping.DATA)) {
                    fields.add(new SchemaField(EventMapping.key(name), field.type(), false));
                }
            }
            fields.add(new SchemaField(EventIds.FIELD, FieldType.STRING, false));
            return new TargetSchema(TargetKind.EVENTS, EVENTS_OBJECT, mode, null, fields, false);
        }
        String object = config.objectType().orElseThrow();
        String key = config.primaryKey().orElseThrow();
        if (config.fields().isEmpty()) {
            return new TargetSchema(
                    TargetKind.OBJECTS, object, mode, key, List.of(new SchemaField(key, FieldType.STRING, true)), true);
        }
        List<SchemaField> fields = config.fields().get().stream()
                .map(f -> new SchemaField(f.name(), f.type(), f.name().equals(key)))
                .toList();
        return new TargetSchema(TargetKind.OBJECTS, object, mode, key, fields, false);
    }

    /**
     * @return the default rule's target (an empty {@code importer.rules}): {@code importer.odp.object-type} with the
     *         three store fields of {@code importer.odp.fields}, as text, the id the primary key
     */
    static TargetSchema ofDefault(ImporterConfig config) {
        ImporterConfig.Odp.Fields f = config.odp().fields();
        return new TargetSchema(
                TargetKind.OBJECTS,
                config.odp().objectType(),
                config.schema().bootstrap(),
                f.id(),
                List.of(
                        new SchemaField(f.id(), FieldType.STRING, true),
                        new SchemaField(f.name(), FieldType.STRING, false),
                        new SchemaField(f.location(), FieldType.STRING, false)),
                false);
    }

    /** @return {@code rule} with the schema of its target */
    static Rule withSchema(Rule rule, TargetSchema schema) {
        return new Rule(
                rule.ref(),
                rule.index(),
                rule.matcher(),
                rule.format(),
                rule.target(),
                rule.transform(),
                rule.requiredColumns(),
                schema,
                rule.budget());
    }
}
