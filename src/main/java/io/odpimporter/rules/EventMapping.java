package io.odpimporter.rules;

import com.fasterxml.jackson.databind.JsonNode;
import io.odpimporter.domain.BlobVersion;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The transform of a rule with {@code target=events} (docs/configuration.md, "Events"): a record becomes the event
 * {@code {type, action, identifiers{...}, data{...}}} of {@code POST /v3/events}, {@code action} left out when the rule
 * maps none or the value is blank. The payload's key is the value of the first identifier in the rule's field order.
 * Blank values:
 * <ul>
 *   <li>{@code type} or the first identifier blank: the record is invalid;
 *   <li>{@code action} or another identifier blank: left out (an identifier cannot be cleared);
 *   <li>a data field blank: the rule's {@code blank} policy (left out, or sent as null).
 * </ul>
 * {@code data.idempotence_id} is always {@link EventIds#idempotenceId} of the blob version and the record's index (a
 * rule cannot map it: refused at start-up), so a re-sent record carries the same id.
 */
final class EventMapping implements RecordTransform {

    /** The event's type. */
    static final String TYPE = "type";
    /** The event's action. */
    static final String ACTION = "action";
    /** The prefix of an identifier field. */
    static final String IDENTIFIERS = "identifiers.";
    /** The prefix of a data field. */
    static final String DATA = "data.";

    private final List<FieldMapping> fields;
    private final BlankPolicy blank;
    private final Conversions conversions;
    private final FieldMapping firstIdentifier;

    /**
     * @param fields      the rule's fields in order, names normalised (with a {@code type} and an identifier)
     * @param blank       what a blank data value does
     * @param conversions the rule's conversions
     */
    EventMapping(List<FieldMapping> fields, BlankPolicy blank, Conversions conversions) {
        this.fields = fields;
        this.blank = blank;
        this.conversions = conversions;
        this.firstIdentifier = fields.stream()
                .filter(f -> f.name().startsWith(IDENTIFIERS))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("an event rule needs an identifier"));
    }

    @Override
    public Payload transform(JsonNode record, BlobVersion version, long index) throws InvalidRecordException {
        ObjectMapping.requireObject(record);
        Object type = null;
        Object action = null;
        String key = null;
        Map<String, Object> identifiers = new LinkedHashMap<>();
        Map<String, Object> data = new LinkedHashMap<>();
        for (FieldMapping field : fields) {
            Object value = field.read(record, conversions);
            String name = field.name();
            if (name.equals(TYPE)) {
                if (value == null) {
                    throw new InvalidRecordException(field.describe() + " is blank: an event needs a type");
                }
                type = value;
            } else if (name.equals(ACTION)) {
                action = value;
            } else if (name.startsWith(IDENTIFIERS)) {
                if (field == firstIdentifier) {
                    key = ObjectMapping.keyOf(value, field.name(), field.describe());
                }
                if (value != null) {
                    identifiers.put(field.key(), value);
                }
            } else if (value != null || blank == BlankPolicy.CLEAR) {
                data.put(field.key(), value);
            }
        }
        data.put(EventIds.FIELD, EventIds.idempotenceId(version, index));
        Map<String, Object> event = new LinkedHashMap<>();
        event.put(TYPE, type);
        if (action != null) {
            event.put(ACTION, action);
        }
        event.put("identifiers", identifiers);
        event.put("data", data);
        return new Payload(key, event);
    }

    /**
     * @param name an event field as configured
     * @return its normalised name: a bare name (neither {@code type}, {@code action} nor prefixed) is a data field
     */
    static String normalise(String name) {
        if (name.equals(TYPE) || name.equals(ACTION) || name.startsWith(IDENTIFIERS) || name.startsWith(DATA)) {
            return name;
        }
        return DATA + name;
    }

    /** @return the name inside its part of the event: after {@code identifiers.} or {@code data.}, else itself */
    static String key(String normalised) {
        if (normalised.startsWith(IDENTIFIERS)) {
            return normalised.substring(IDENTIFIERS.length());
        }
        return normalised.startsWith(DATA) ? normalised.substring(DATA.length()) : normalised;
    }

    /** @return the first identifier's field */
    FieldMapping firstIdentifier() {
        return firstIdentifier;
    }
}
