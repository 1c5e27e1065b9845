package io.odpimporter.schema;

import io.odpimporter.domain.ProblemKind;
import io.odpimporter.rules.Conversions;
import io.odpimporter.rules.TargetKind;

import java.math.BigDecimal;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Checks one mapped record (a payload's fields) against an object's live ODP schema (docs/architecture.md, "Dry
 * run"): unknown fields, values of another type than the field's, a missing or blank primary key, text over ODP's
 * 1,024 characters. Events are checked by their {@code data} fields against the {@code events} object. What ODP does
 * with such records is not documented for every case: this is what the dry run reports as "would be refused".
 */
public final class RecordCheck {

    /** ODP's limit of a text value, in characters. */
    public static final int MAX_TEXT = 1024;

    /**
     * One problem of a record.
     *
     * @param kind   what is wrong
     * @param field  the field concerned, null if none
     * @param value  the value, shortened, null if none
     * @param reason for people
     */
    public record Problem(ProblemKind kind, String field, String value, String reason) {}

    private RecordCheck() {}

    /**
     * @param kind   the target's kind
     * @param fields the payload's fields (events: {@code {type, action, identifiers, data}})
     * @param schema the live schema of the target's object
     * @return the record's problems, empty if ODP should accept it
     */
    public static List<Problem> check(TargetKind kind, Map<String, Object> fields, OdpSchema schema) {
        List<Problem> problems = new ArrayList<>();
        if (kind == TargetKind.EVENTS) {
            if (fields.get("data") instanceof Map<?, ?> data) {
                for (Map.Entry<?, ?> field : data.entrySet()) {
                    checkField(String.valueOf(field.getKey()), field.getValue(), schema, problems);
                }
            }
            return problems;
        }
        for (String key : schema.primaryKeys()) {
            Object value = fields.get(key);
            if (value == null || value.toString().isBlank()) {
                problems.add(new Problem(
                        ProblemKind.MISSING_PRIMARY_KEY, key, null, "the primary key " + key + " is missing or blank"));
            }
        }
        for (Map.Entry<String, Object> field : fields.entrySet()) {
            checkField(field.getKey(), field.getValue(), schema, problems);
        }
        return problems;
    }

    private static void checkField(String name, Object value, OdpSchema schema, List<Problem> problems) {
        String type = schema.typeOf(name).orElse(null);
        if (type == null) {
            problems.add(new Problem(
                    ProblemKind.UNKNOWN_FIELD,
                    name,
                    shown(value),
                    "the object " + schema.name() + " has no field " + name));
            return;
        }
        if (value == null) {
            return; // a cleared value: ODP accepts null for any field
        }
        if (value instanceof String text && text.length() > MAX_TEXT) {
            problems.add(new Problem(
                    ProblemKind.TEXT_TOO_LONG,
                    name,
                    shown(value),
                    "text of " + text.length() + " characters, over ODP's " + MAX_TEXT));
        }
        if (!compatible(type, value)) {
            problems.add(new Problem(
                    ProblemKind.TYPE_MISMATCH,
                    name,
                    shown(value),
                    "a " + typeOfValue(value) + " value ODP cannot read as the " + type + " field " + name));
        }
    }

    /**
     * @return whether ODP can read a value as a field of ODP type {@code type}: text is read as a number, a boolean
     *         ({@code true}, {@code false}, {@code 0}, {@code 1}) or a timestamp (ISO 8601 or epoch seconds) when it
     *         parses as one (../shared/reference/odp-and-ocp.md §3)
     */
    static boolean compatible(String type, Object value) {
        String found = typeOfValue(value);
        String text = value.toString().trim();
        return switch (type) {
            case "string" -> true; // any scalar is sent as text for a text field
            case "number" -> found.equals("number") || (found.equals("string") && isNumber(text));
            case "boolean" ->
                found.equals("boolean")
                        || (found.equals("string") && BOOLEANS.contains(text.toLowerCase(Locale.ROOT)))
                        || (found.equals("number") && BOOLEANS.contains(text));
            case "timestamp" ->
                found.equals("timestamp")
                        || found.equals("number")
                        || (found.equals("string") && (isNumber(text) || isIsoInstant(text)));
            default -> true; // vector and types this version does not know: not judged
        };
    }

    private static final Set<String> BOOLEANS = Set.of("true", "false", "0", "1");

    private static boolean isNumber(String text) {
        try {
            new BigDecimal(text);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static boolean isIsoInstant(String text) {
        try {
            DateTimeFormatter.ISO_DATE_TIME.parse(text);
            return true;
        } catch (DateTimeParseException e) {
            try {
                DateTimeFormatter.ISO_LOCAL_DATE.parse(text);
                return true;
            } catch (DateTimeParseException again) {
                return false;
            }
        }
    }

    /** @return the ODP type a payload value is sent as */
    static String typeOfValue(Object value) {
        if (value instanceof Number || value instanceof BigDecimal) {
            return "number";
        }
        if (value instanceof Boolean) {
            return "boolean";
        }
        if (value instanceof TemporalAccessor) {
            return "timestamp";
        }
        return "string";
    }

    private static String shown(Object value) {
        return value == null ? null : Conversions.shorten(value.toString(), 80);
    }
}
