package io.odpimporter.schema;

import io.odpimporter.rules.FieldType;
import io.odpimporter.rules.Rule;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The ODP objects the rules need (docs/architecture.md, "Schema"): rules sending to one object are merged into one
 * target (their fields together, {@code create} if any of them creates, else {@code verify}); rules whose mode is
 * {@code off} are left out. Two rules giving one field two types, or one object two primary keys, are a
 * configuration error naming both rules ({@link Clash}), found when the service starts.
 */
public final class SchemaTargets {

    /**
     * One object's merged needs.
     *
     * @param schema the object, mode, primary key and fields
     * @param rules  the names of the rules sending to it, in order
     */
    public record Target(TargetSchema schema, List<String> rules) {

        public Target {
            rules = List.copyOf(rules);
        }

        /** @return the ODP object */
        public String object() {
            return schema.object();
        }
    }

    /** Two rules need one object differently. */
    public static final class Clash extends RuntimeException {
        Clash(String message) {
            super(message);
        }
    }

    private SchemaTargets() {}

    /**
     * @param rules the rules in order
     * @return one target per object some rule checks or creates, in the order of the rules
     * @throws Clash naming both rules, the object and the field
     */
    public static List<Target> merge(List<Rule> rules) {
        Map<String, TargetSchema> merged = new LinkedHashMap<>();
        Map<String, List<String>> names = new LinkedHashMap<>();
        Map<String, Map<String, String>> fieldOwner = new LinkedHashMap<>();
        for (Rule rule : rules) {
            TargetSchema schema = rule.schema();
            if (schema.mode() == SchemaMode.OFF) {
                continue;
            }
            String object = schema.object();
            String ruleName = rule.displayName();
            Map<String, String> owners = fieldOwner.computeIfAbsent(object, o -> new LinkedHashMap<>());
            TargetSchema earlier = merged.get(object);
            if (earlier == null) {
                merged.put(object, schema);
                names.put(object, new ArrayList<>(List.of(ruleName)));
                schema.fields().forEach(f -> owners.put(f.name(), ruleName));
                continue;
            }
            if (schema.primaryKey() != null
                    && earlier.primaryKey() != null
                    && !schema.primaryKey().equals(earlier.primaryKey())) {
                throw new Clash("rules " + names.get(object).get(0) + " and " + ruleName + " both send to ODP object "
                        + object + " with other primary keys (" + earlier.primaryKey() + ", " + schema.primaryKey()
                        + "); an object has one primary key: give both rules the same primary-key");
            }
            List<SchemaField> fields = new ArrayList<>(earlier.fields());
            for (SchemaField field : schema.fields()) {
                SchemaField known = fields.stream()
                        .filter(f -> f.name().equals(field.name()))
                        .findFirst()
                        .orElse(null);
                if (known == null) {
                    fields.add(field);
                    owners.put(field.name(), ruleName);
                } else if (known.type() != field.type()) {
                    throw new Clash("rules " + owners.get(field.name()) + " and " + ruleName
                            + " send the field " + field.name() + " of ODP object " + object + " as "
                            + lower(known.type()) + " and as " + lower(field.type())
                            + "; a field has one type in ODP: give both rules the same type");
                }
            }
            SchemaMode mode = earlier.mode() == SchemaMode.CREATE || schema.mode() == SchemaMode.CREATE
                    ? SchemaMode.CREATE
                    : SchemaMode.VERIFY;
            merged.put(
                    object,
                    new TargetSchema(
                            earlier.kind(),
                            object,
                            mode,
                            Objects.requireNonNullElse(earlier.primaryKey(), schema.primaryKey()),
                            fields,
                            earlier.openFields() || schema.openFields()));
            names.get(object).add(ruleName);
        }
        List<Target> targets = new ArrayList<>();
        merged.forEach((object, schema) -> targets.add(new Target(schema, names.get(object))));
        return targets;
    }

    /** @return the ODP name of a type, e.g. {@code string} */
    public static String lower(FieldType type) {
        return type.name().toLowerCase(Locale.ROOT);
    }
}
