package io.odpimporter.rules;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;

/**
 * One ODP field of a validated rule: where its value comes from (a column or JSON field by name, a JSON Pointer, or a
 * constant converted once at start-up) and the type it is converted to.
 *
 * @param name     the ODP field as the rule names it, normalised (events: {@code type}, {@code action},
 *                 {@code identifiers.<name>}, {@code data.<name>})
 * @param key      the field's name inside its part of the payload (objects and {@code type}/{@code action}: the name;
 *                 events: the part after {@code identifiers.} or {@code data.})
 * @param source   the column or JSON field name, or a JSON Pointer starting with {@code /}; null for a constant
 * @param pointer  the compiled pointer when {@code source} is one, else null
 * @param constant the converted constant, or null for a value read from each record
 * @param type     the ODP type values are converted to
 */
record FieldMapping(String name, String key, String source, JsonPointer pointer, Object constant, FieldType type) {

    /** @return whether every record gets the same value */
    boolean isConstant() {
        return source == null;
    }

    /** @return the column a CSV header must have for this field to be read: the source, or a pointer's first name */
    String column() {
        if (source == null) {
            return null;
        }
        return pointer == null ? source : pointer.getMatchingProperty();
    }

    /**
     * @param record      the record (a JSON object)
     * @param conversions the rule's conversions
     * @return the converted value, null if it is blank
     * @throws InvalidRecordException naming the field, the source and the value if it cannot be converted
     */
    Object read(JsonNode record, Conversions conversions) throws InvalidRecordException {
        if (source == null) {
            return constant;
        }
        JsonNode node = pointer != null ? record.at(pointer) : record.get(source);
        try {
            return conversions.convert(type, node);
        } catch (Conversions.NotConvertible e) {
            throw new InvalidRecordException(
                    e.kind(), name, describe() + ": " + Conversions.shown(node) + " " + e.getMessage());
        }
    }

    /** @return the field and its source, for reasons: {@code field 'total' (source 'amount')} */
    String describe() {
        return "field '" + name + "' (" + (source == null ? "a constant" : "source '" + source + "'") + ")";
    }

    /**
     * Converts a constant at start-up.
     *
     * @return the converted value, null if it is blank
     * @throws Conversions.NotConvertible with the reason
     */
    static Object constant(String text, FieldType type, Conversions conversions) throws Conversions.NotConvertible {
        return conversions.convert(type, TextNode.valueOf(text));
    }
}
