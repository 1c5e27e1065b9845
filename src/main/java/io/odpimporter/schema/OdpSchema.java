package io.odpimporter.schema;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One ODP object's live schema, as {@code GET /v3/schema/objects/{name}} answers it: its fields with their types
 * (lower case as ODP writes them: {@code string}, {@code number}, {@code boolean}, {@code timestamp}, {@code vector},
 * ...) and its primary keys. Source: ../shared/reference/odp-and-ocp.md §3.
 *
 * @param name        the object's name
 * @param fields      field name to ODP type, in ODP's order
 * @param primaryKeys the fields marked {@code primary}
 */
public record OdpSchema(String name, Map<String, String> fields, List<String> primaryKeys) {

    public OdpSchema {
        fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
        primaryKeys = List.copyOf(primaryKeys);
    }

    /** @return the schema in ODP's answer ({@code {name, fields:[{name, type, primary?}]}}); no fields if none listed */
    public static OdpSchema fromJson(JsonNode answer) {
        Map<String, String> fields = new LinkedHashMap<>();
        List<String> primary = new ArrayList<>();
        for (JsonNode field : answer.path("fields")) {
            String name = field.path("name").asText(null);
            if (name == null) {
                continue;
            }
            fields.put(name, field.path("type").asText("").toLowerCase(Locale.ROOT));
            if (field.path("primary").asBoolean(false)) {
                primary.add(name);
            }
        }
        return new OdpSchema(answer.path("name").asText(""), fields, primary);
    }

    /** @return the ODP type of a field, if the object has it */
    public Optional<String> typeOf(String field) {
        return Optional.ofNullable(fields.get(field));
    }
}
