package io.odpimporter.testing;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What the stand-in's strict mode refuses in one object or event, against the schema: a field the object does not
 * have, a value of another type than the field's, a missing or blank primary key (objects). Events are checked by
 * their {@code data} fields against the {@code events} object; {@code data.idempotence_id}, which ODP's own SDKs add
 * to every event (../shared/reference/odp-and-ocp.md §7), is always known. That ODP refuses unknown fields and wrong
 * types is an assumption (not documented): hence a mode. Values ODP documents as accepted (§3): numbers as JSON
 * numbers or numeric text; booleans as true/false/0/1; timestamps as epoch seconds or ISO 8601; null for any field.
 */
final class OdpStrictCheck {

    static final String EVENTS = "events";
    private static final Set<String> ALWAYS_KNOWN_EVENT_DATA = Set.of("idempotence_id");
    private static final Set<String> BOOLEANS = Set.of("true", "false", "0", "1");

    private OdpStrictCheck() {}

    /** @return why ODP in strict mode would refuse the object, or null if it would not */
    static String objectProblem(JsonNode object, Map<String, String> fields, List<String> primaryKeys) {
        if (!object.isObject()) {
            return "an object must be a JSON object";
        }
        for (String key : primaryKeys) {
            if (object.path(key).asText("").isBlank()) {
                return "Missing required field `" + key + "`";
            }
        }
        return fieldsProblem(object, fields, Set.of());
    }

    /** @return why ODP in strict mode would refuse the event, or null if it would not */
    static String eventProblem(JsonNode event, Map<String, String> eventFields) {
        JsonNode data = event.path("data");
        return data.isObject() ? fieldsProblem(data, eventFields, ALWAYS_KNOWN_EVENT_DATA) : null;
    }

    private static String fieldsProblem(JsonNode values, Map<String, String> fields, Set<String> known) {
        List<String> problems = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = values.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String type = fields.get(field.getKey());
            if (type == null) {
                if (!known.contains(field.getKey())) {
                    problems.add("unknown field `" + field.getKey() + "`");
                }
            } else if (!accepts(type, field.getValue())) {
                problems.add("field `" + field.getKey() + "` is a " + type + ", not " + field.getValue());
            }
        }
        return problems.isEmpty() ? null : String.join("; ", problems);
    }

    /** @return whether a field of the type accepts the JSON value */
    static boolean accepts(String type, JsonNode value) {
        if (value.isNull()) {
            return true;
        }
        if (value.isContainerNode()) {
            return type.equals("vector") && value.isArray();
        }
        String text = value.asText().trim();
        return switch (type) {
            case "string" -> true;
            case "number" -> value.isNumber() || (value.isTextual() && isNumber(text));
            case "boolean" -> value.isBoolean() || BOOLEANS.contains(text.toLowerCase(Locale.ROOT));
            case "timestamp" -> value.isNumber() || (value.isTextual() && (isNumber(text) || isInstant(text)));
            default -> false;
        };
    }

    private static boolean isNumber(String text) {
        try {
            Double.parseDouble(text);
            return !text.isEmpty();
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static boolean isInstant(String text) {
        for (DateTimeFormatter format :
                List.of(DateTimeFormatter.ISO_INSTANT, DateTimeFormatter.ISO_DATE_TIME, DateTimeFormatter.ISO_DATE)) {
            try {
                format.parse(text);
                return true;
            } catch (DateTimeParseException e) {
                // try the next ISO 8601 form
            }
        }
        return false;
    }
}
