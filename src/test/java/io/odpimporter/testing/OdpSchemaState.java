package io.odpimporter.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The ODP stand-in's schema: its objects with their fields, and whether strict mode is on. ODP's rules
 * (../shared/reference/odp-and-ocp.md §3): names match {@code ^[a-z][a-z0-9_]{1,61}$}; types {@code string},
 * {@code number}, {@code timestamp}, {@code boolean}, {@code vector}; an object needs a display name and at least
 * one primary field of type string; a primary key is set only at creation; nothing is deleted, renamed or retyped.
 * A refusal is a list of ODP's {@code {field, reason}} invalids. Thread-safe.
 */
final class OdpSchemaState {

    static final Pattern NAME = Pattern.compile("^[a-z][a-z0-9_]{1,61}$");
    static final Set<String> TYPES = Set.of("string", "number", "timestamp", "boolean", "vector");

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** Object name to its stored JSON ({@code {name, display_name, fields:[...]}}), in creation order. */
    private final Map<String, ObjectNode> objects = new LinkedHashMap<>();

    private volatile boolean strict;

    /** An answer of the schema API: its status and body. */
    record Answer(int status, JsonNode body) {}

    synchronized Optional<JsonNode> object(String name) {
        return Optional.ofNullable(objects.get(name)).map(ObjectNode::deepCopy);
    }

    synchronized ArrayNode objects() {
        ArrayNode all = MAPPER.createArrayNode();
        objects.values().forEach(o -> all.add(o.deepCopy()));
        return all;
    }

    /** @return field name to type of an object, empty if it does not exist */
    synchronized Optional<Map<String, String>> fieldTypes(String object) {
        ObjectNode found = objects.get(object);
        if (found == null) {
            return Optional.empty();
        }
        Map<String, String> types = new LinkedHashMap<>();
        found.path("fields")
                .forEach(f -> types.put(f.path("name").asText(), f.path("type").asText()));
        return Optional.of(types);
    }

    /** @return the primary fields of an object, empty if it does not exist */
    synchronized List<String> primaryKeys(String object) {
        ObjectNode found = objects.get(object);
        if (found == null) {
            return List.of();
        }
        List<String> keys = new ArrayList<>();
        found.path("fields").forEach(f -> {
            if (f.path("primary").asBoolean(false)) {
                keys.add(f.path("name").asText());
            }
        });
        return keys;
    }

    boolean strict() {
        return strict;
    }

    void strict(boolean on) {
        strict = on;
    }

    /** Empties the schema and turns strict mode off. */
    synchronized void reset() {
        objects.clear();
        strict = false;
    }

    /**
     * {@code POST /v3/schema/objects}.
     *
     * @param replace true to replace an object of the same name (seeding), false to refuse it as ODP does
     * @return 200 with the object, or 400 with the invalids
     */
    synchronized Answer create(JsonNode body, boolean replace) {
        ArrayNode invalids = MAPPER.createArrayNode();
        if (body == null || !body.isObject()) {
            return refused(invalid(invalids, "body", "must be a JSON object"));
        }
        String name = body.path("name").asText("");
        if (!NAME.matcher(name).matches()) {
            invalid(invalids, "name", "must match ^[a-z][a-z0-9_]{1,61}$");
        } else if (objects.containsKey(name) && !replace) {
            invalid(invalids, "name", "already used by another object");
        }
        if (body.path("display_name").asText("").isBlank()) {
            invalid(invalids, "display_name", "is required");
        }
        JsonNode fields = body.path("fields");
        if (!fields.isArray() || fields.isEmpty()) {
            invalid(invalids, "fields", "at least one field is required");
        }
        ArrayNode stored = MAPPER.createArrayNode();
        Set<String> names = new HashSet<>();
        boolean primaryString = false;
        for (int i = 0; i < fields.size(); i++) {
            JsonNode field = fields.get(i);
            checkField(field, "fields[" + i + "].", names, invalids);
            if (field.path("primary").asBoolean(false)) {
                if ("string".equals(field.path("type").asText())) {
                    primaryString = true;
                } else {
                    invalid(invalids, "fields[" + i + "].primary", "a primary field must be of type string");
                }
            }
            stored.add(storedField(field, true));
        }
        if (fields.isArray() && !fields.isEmpty() && !primaryString) {
            invalid(invalids, "fields", "at least one primary field of type string is required");
        }
        if (!invalids.isEmpty()) {
            return refused(invalids);
        }
        ObjectNode object = MAPPER.createObjectNode()
                .put("name", name)
                .put("display_name", body.path("display_name").asText());
        for (String optional : List.of("alias", "public_read")) {
            if (body.has(optional)) {
                object.set(optional, body.get(optional));
            }
        }
        object.set("fields", stored);
        objects.put(name, object);
        return new Answer(200, object.deepCopy());
    }

    /**
     * {@code POST /v3/schema/objects/{object}/fields}: one field or an array of them, all added or none.
     *
     * @return 200 with what was added (a field, or an array for an array), 404 for an unknown object, 400 with the
     *     invalids
     */
    synchronized Answer addFields(String object, JsonNode body) {
        ObjectNode found = objects.get(object);
        if (found == null) {
            return notFound("object " + object + " does not exist");
        }
        ArrayNode invalids = MAPPER.createArrayNode();
        boolean many = body != null && body.isArray();
        if (body == null || !(body.isObject() || (many && !body.isEmpty()))) {
            return refused(invalid(invalids, "body", "must be a field (a JSON object) or a non-empty array of them"));
        }
        Set<String> names = new HashSet<>();
        found.path("fields").forEach(f -> names.add(f.path("name").asText()));
        Set<String> existing = Set.copyOf(names);
        ArrayNode added = MAPPER.createArrayNode();
        int count = many ? body.size() : 1;
        for (int i = 0; i < count; i++) {
            JsonNode field = many ? body.get(i) : body;
            String prefix = many ? "[" + i + "]." : "";
            if (existing.contains(field.path("name").asText())) {
                invalid(invalids, "name", "already exists");
                continue;
            }
            checkField(field, prefix, names, invalids);
            if (field.path("primary").asBoolean(false)) {
                invalid(invalids, prefix + "primary", "a primary key can only be set when the object is created");
            }
            added.add(storedField(field, false));
        }
        if (!invalids.isEmpty()) {
            return refused(invalids);
        }
        ArrayNode fields = (ArrayNode) found.get("fields");
        added.forEach(fields::add);
        return new Answer(200, many ? added.deepCopy() : added.get(0).deepCopy());
    }

    private static void checkField(JsonNode field, String prefix, Set<String> names, ArrayNode invalids) {
        if (!field.isObject()) {
            invalid(invalids, prefix.isEmpty() ? "body" : prefix.substring(0, prefix.length() - 1), "not an object");
            return;
        }
        String name = field.path("name").asText("");
        if (!NAME.matcher(name).matches()) {
            invalid(invalids, prefix + "name", "must match ^[a-z][a-z0-9_]{1,61}$");
        } else if (!names.add(name)) {
            invalid(invalids, prefix + "name", "already exists");
        }
        if (!TYPES.contains(field.path("type").asText(""))) {
            invalid(invalids, prefix + "type", "must be one of string, number, timestamp, boolean, vector");
        }
        if (field.path("display_name").asText("").isBlank()) {
            invalid(invalids, prefix + "display_name", "is required");
        }
    }

    private static ObjectNode storedField(JsonNode field, boolean primaryAllowed) {
        ObjectNode stored = MAPPER.createObjectNode()
                .put("name", field.path("name").asText())
                .put("type", field.path("type").asText())
                .put("display_name", field.path("display_name").asText());
        if (field.hasNonNull("description")) {
            stored.put("description", field.path("description").asText());
        }
        if (primaryAllowed && field.path("primary").asBoolean(false)) {
            stored.put("primary", true);
        }
        return stored;
    }

    private static ArrayNode invalid(ArrayNode invalids, String field, String reason) {
        return invalids.add(MAPPER.createObjectNode().put("field", field).put("reason", reason));
    }

    private static Answer refused(ArrayNode invalids) {
        ObjectNode body = error(400, "Bad Request");
        body.putObject("detail").set("invalids", invalids);
        return new Answer(400, body);
    }

    static Answer notFound(String message) {
        ObjectNode body = error(404, "Not Found");
        body.putObject("detail").put("message", message);
        return new Answer(404, body);
    }

    static ObjectNode error(int status, String title) {
        return MAPPER.createObjectNode()
                .put("title", title)
                .put("status", status)
                .put("timestamp", Instant.now().toString());
    }
}
