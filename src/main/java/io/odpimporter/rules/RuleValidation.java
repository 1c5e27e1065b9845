package io.odpimporter.rules;

import com.fasterxml.jackson.core.JsonPointer;
import io.odpimporter.domain.FileFormat;
import io.odpimporter.domain.RuleRef;
import io.odpimporter.domain.StoreRecord;
import io.odpimporter.schema.TargetSchema;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Checks one {@code importer.rules[n]} at start-up and builds its {@link Rule}. Every refusal is a
 * {@link RulesException} whose message is {@code importer.rules[n].<key> (rule <name>): <problem>; <what is allowed>}
 * (docs/configuration.md, "Rules"). Never echoes anything but the rule's own values.
 */
final class RuleValidation {

    private static final String NAME_RULE = ObjectMapping.ODP_NAME.pattern();
    private static final String FORMATS = "json, jsonl, csv, json.gz, jsonl.gz, csv.gz (unset: by the blob's name)";

    private final int index;
    private final RuleConfig config;
    private final Conversions conversions;

    private RuleValidation(int index, RuleConfig config, int maxText) {
        this.index = index;
        this.config = config;
        this.conversions = new Conversions(config.trim(), maxText, config.timestampOutput());
    }

    /**
     * @param index   the rule's place in {@code importer.rules}
     * @param config  the rule
     * @param maxText {@code importer.file-import.max-text-length}
     * @return the validated rule
     * @throws RulesException naming the key, the rule and what is allowed
     */
    static Rule build(int index, RuleConfig config, int maxText) {
        return new RuleValidation(index, config, maxText).build();
    }

    private Rule build() {
        String name = config.name();
        if (name == null || !Pattern.matches(RuleRef.NAME, name)) {
            throw refused(
                    "name",
                    "'" + name + "' is not a rule name; use 1-64 letters, digits, '.', '_' or '-', e.g. orders");
        }
        String match = match();
        Predicate<String> matcher = matcher();
        Optional<FileFormat> format = format();
        boolean events = config.target() == TargetKind.EVENTS;
        List<FieldMapping> fields = fields(events);
        String objectType = null;
        String primaryKey = null;
        RecordTransform transform;
        List<String> required;
        StoreRecord.Target target;
        if (events) {
            requireAbsent(config.objectType(), "object-type", "events go to POST /v3/events");
            requireAbsent(config.primaryKey(), "primary-key", "events are keyed by their first identifier");
            EventMapping mapping = new EventMapping(eventFields(fields), config.blank(), conversions);
            transform = mapping;
            required = new ArrayList<>();
            fields.stream()
                    .filter(f -> f.name().equals(EventMapping.TYPE) && !f.isConstant())
                    .forEach(f -> required.add(f.column()));
            required.add(0, mapping.firstIdentifier().column());
            required.removeIf(c -> c == null);
            target = StoreRecord.Target.events();
        } else {
            objectType = objectType();
            primaryKey = primaryKey(fields);
            transform = new ObjectMapping(fields, primaryKey, config.blank(), conversions);
            String key = primaryKey;
            required = fields == null
                    ? List.of(primaryKey)
                    : fields.stream()
                            .filter(f -> f.name().equals(key) && !f.isConstant())
                            .map(FieldMapping::column)
                            .toList();
            target = StoreRecord.Target.objects(objectType);
        }
        String fingerprint = Fingerprints.of(
                match,
                format.map(FileFormat::toString).orElse(null),
                config.target(),
                objectType,
                primaryKey,
                fields,
                config);
        return new Rule(
                new RuleRef(name, fingerprint),
                index,
                matcher,
                format,
                target,
                transform,
                List.copyOf(required.stream().distinct().toList()),
                TargetSchema.unchecked(config.target(), events ? "events" : objectType),
                budget());
    }

    /** @return the rule's error budget (docs/configuration.md, "Error budget"); not part of its fingerprint */
    private ErrorBudget budget() {
        Optional<Double> ratio = config.maxInvalidRatio();
        if (ratio.isPresent() && !(ratio.get() >= 0 && ratio.get() <= 1)) {
            throw refused("max-invalid-ratio", ratio.get() + " is not a share; use 0 to 1, e.g. 0.01 for 1 %");
        }
        if (config.validateFirst() && ratio.isEmpty()) {
            throw refused(
                    "validate-first",
                    "needs max-invalid-ratio (the budget a file is validated against); set it, e.g. 0.01, or remove "
                            + "validate-first");
        }
        return ratio.map(r -> new ErrorBudget(r, config.maxInvalidMinRecords(), config.validateFirst()))
                .orElse(ErrorBudget.OFF);
    }

    /** @return {@code pattern:<glob>} or {@code prefix:<prefix>} */
    private String match() {
        if (config.pattern().isPresent() == config.prefix().isPresent()) {
            throw refused(
                    "pattern",
                    (config.pattern().isPresent()
                                    ? "both pattern and prefix are set"
                                    : "neither pattern nor prefix is set")
                            + "; set exactly one, e.g. pattern=orders/*.jsonl or prefix=orders/");
        }
        return config.pattern()
                .map(p -> "pattern:" + p)
                .orElseGet(() -> "prefix:" + config.prefix().get());
    }

    private Predicate<String> matcher() {
        if (config.prefix().isPresent()) {
            String prefix = config.prefix().get();
            return name -> name.startsWith(prefix);
        }
        String glob = config.pattern().get();
        try {
            Pattern compiled = Globs.compile(glob);
            return name -> compiled.matcher(name).matches();
        } catch (IllegalArgumentException e) {
            throw refused(
                    "pattern",
                    "'" + glob + "' is not a glob (" + e.getMessage() + "); use *, **, ?, {a,b} and [a-z], "
                            + "e.g. orders/*.jsonl or exports/**/*.{csv,csv.gz}");
        }
    }

    private Optional<FileFormat> format() {
        if (config.format().isEmpty()) {
            return Optional.empty();
        }
        String text = config.format().get();
        FileFormat format = FileFormat.parse(text.strip().toLowerCase(Locale.ROOT));
        if (format == null) {
            throw refused("format", "unknown format '" + text + "'; allowed: " + FORMATS);
        }
        return Optional.of(format);
    }

    private String objectType() {
        String type = config.objectType()
                .orElseThrow(() -> refused(
                        "object-type",
                        "required for target=objects; an ODP object type matching " + NAME_RULE + ", e.g. orders"));
        if (!ObjectMapping.ODP_NAME.matcher(type).matches()) {
            throw refused(
                    "object-type",
                    "'" + type + "' is not an ODP object type; must match " + NAME_RULE + ", e.g. orders");
        }
        return type;
    }

    private String primaryKey(List<FieldMapping> fields) {
        String names = fields == null ? null : names(fields);
        String key = config.primaryKey()
                .orElseThrow(() -> refused(
                        "primary-key",
                        "required for target=objects; "
                                + (fields == null
                                        ? "name the column holding it, e.g. order_id"
                                        : "name one of the rule's fields (" + names + ")")));
        if (fields == null) {
            if (!ObjectMapping.ODP_NAME.matcher(key).matches()) {
                throw refused("primary-key", "'" + key + "' is not an ODP field name; must match " + NAME_RULE);
            }
        } else if (fields.stream().noneMatch(f -> f.name().equals(key))) {
            throw refused(
                    "primary-key", "'" + key + "' is not one of the rule's fields; name one of them (" + names + ")");
        }
        return key;
    }

    /** @return the validated fields in order, null when the rule names none (every column as string) */
    private List<FieldMapping> fields(boolean events) {
        if (config.fields().isEmpty()) {
            if (events) {
                throw refused(
                        "fields",
                        "required for target=events; map a type and at least one identifier, e.g. "
                                + "fields[0].name=type, fields[1].name=identifiers.email");
            }
            return null;
        }
        List<FieldMapping> fields = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        List<RuleConfig.FieldConfig> configs = config.fields().get();
        for (int i = 0; i < configs.size(); i++) {
            FieldMapping field = field(i, configs.get(i), events);
            Integer earlier = seen.putIfAbsent(field.name(), i);
            if (earlier != null) {
                throw refused(
                        "fields[" + i + "].name",
                        "'" + field.name() + "' is mapped twice (also fields[" + earlier
                                + "]); map each ODP field once");
            }
            fields.add(field);
        }
        return List.copyOf(fields);
    }

    private FieldMapping field(int i, RuleConfig.FieldConfig f, boolean events) {
        String key = "fields[" + i + "]";
        String name = f.name() == null ? "" : f.name();
        String normalised = events ? EventMapping.normalise(name) : name;
        String inner = events ? EventMapping.key(normalised) : name;
        if (!ObjectMapping.ODP_NAME.matcher(inner).matches()) {
            throw refused(
                    key + ".name",
                    events
                            ? "'" + name + "' is not an event field; use type, action, identifiers.<name>, data.<name> "
                                    + "or <name> (a data field), each <name> matching " + NAME_RULE
                            : "'" + name + "' is not an ODP field name; must match " + NAME_RULE + ", e.g. order_id");
        }
        if (events && normalised.equals(EventMapping.DATA + EventIds.FIELD)) {
            throw refused(
                    key + ".name",
                    "data." + EventIds.FIELD + " is set by the importer (from the blob version and the record index); "
                            + "remove it");
        }
        if (f.source().isPresent() && f.constant().isPresent()) {
            throw refused(
                    key + ".constant",
                    "both source and constant are set; set one (source: a column, constant: a fixed value)");
        }
        if (f.constant().isPresent()) {
            try {
                Object value = FieldMapping.constant(f.constant().get(), f.type(), conversions);
                return new FieldMapping(normalised, inner, null, null, value, f.type());
            } catch (Conversions.NotConvertible e) {
                throw refused(
                        key + ".constant",
                        "'" + f.constant().get() + "' " + e.getMessage() + " (type " + lower(f.type()) + ")");
            }
        }
        String source = f.source().orElse(inner);
        JsonPointer pointer = source.startsWith("/") ? JsonPointer.compile(source) : null;
        return new FieldMapping(normalised, inner, source, pointer, null, f.type());
    }

    private List<FieldMapping> eventFields(List<FieldMapping> fields) {
        if (fields.stream().noneMatch(f -> f.name().equals(EventMapping.TYPE))) {
            throw refused("fields", "target=events needs a type field (name=type, from a source or a constant)");
        }
        if (fields.stream().noneMatch(f -> f.name().startsWith(EventMapping.IDENTIFIERS))) {
            throw refused(
                    "fields", "target=events needs at least one identifiers.<name> field, e.g. identifiers.email");
        }
        return fields;
    }

    private void requireAbsent(Optional<String> value, String key, String why) {
        if (value.isPresent()) {
            throw refused(key, "not allowed with target=events (" + why + "); remove it");
        }
    }

    private RulesException refused(String key, String problem) {
        return new RulesException("importer.rules[" + index + "]." + key + " (rule " + config.name() + "): " + problem);
    }

    /** @return the fields' names for a message, the first few */
    private static String names(List<FieldMapping> fields) {
        String shown = fields.stream().limit(5).map(FieldMapping::name).collect(Collectors.joining(", "));
        return fields.size() > 5 ? shown + ", ..." : shown;
    }

    private static String lower(FieldType type) {
        return type.name().toLowerCase(Locale.ROOT);
    }
}
