package io.odpimporter.rules;

import com.fasterxml.jackson.databind.JsonNode;
import io.odpimporter.domain.BlobVersion;
import io.odpimporter.domain.ProblemKind;

import java.math.BigDecimal;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The transform of a rule with {@code target=objects} (docs/configuration.md, "Rules"): the rule's fields in order, or,
 * when it names none, every top-level column or JSON field under its own name as a string. The payload's key is the
 * primary key's value as text; a record whose primary key is blank is invalid. Other blank values follow the rule's
 * {@code blank} policy: left out ({@code omit}) or sent as null ({@code clear}).
 */
final class ObjectMapping implements RecordTransform {

    /** ODP's rule of an object or field name. */
    static final Pattern ODP_NAME = Pattern.compile("^[a-z][a-z0-9_]{1,61}$");

    private final List<FieldMapping> fields;
    private final String primaryKey;
    private final BlankPolicy blank;
    private final Conversions conversions;

    /**
     * @param fields      the rule's fields in order; null: every column under its own name, as string
     * @param primaryKey  the ODP field that is the primary key (one of {@code fields}, or a column when they are null)
     * @param blank       what a blank value does
     * @param conversions the rule's conversions
     */
    ObjectMapping(List<FieldMapping> fields, String primaryKey, BlankPolicy blank, Conversions conversions) {
        this.fields = fields;
        this.primaryKey = primaryKey;
        this.blank = blank;
        this.conversions = conversions;
    }

    @Override
    public Payload transform(JsonNode record, BlobVersion version, long index) throws InvalidRecordException {
        requireObject(record);
        Map<String, Object> payload = new LinkedHashMap<>();
        String key = null;
        if (fields != null) {
            for (FieldMapping field : fields) {
                Object value = field.read(record, conversions);
                if (field.name().equals(primaryKey)) {
                    key = keyOf(value, field.name(), field.describe());
                }
                put(payload, field.name(), value);
            }
        } else {
            Iterator<Map.Entry<String, JsonNode>> columns = record.fields();
            while (columns.hasNext()) {
                Map.Entry<String, JsonNode> column = columns.next();
                FieldMapping field = new FieldMapping(
                        column.getKey(), column.getKey(), column.getKey(), null, null, FieldType.STRING);
                if (!ODP_NAME.matcher(column.getKey()).matches()) {
                    throw new InvalidRecordException(
                            ProblemKind.UNKNOWN_FIELD,
                            column.getKey(),
                            "column '" + shorten(column.getKey())
                                    + "' is not an ODP field name (must match " + ODP_NAME.pattern()
                                    + "); name the rule's fields to map it");
                }
                Object value = field.read(record, conversions);
                if (field.name().equals(primaryKey)) {
                    key = keyOf(value, field.name(), field.describe());
                }
                put(payload, field.name(), value);
            }
            if (key == null) {
                throw new InvalidRecordException(
                        ProblemKind.MISSING_PRIMARY_KEY,
                        primaryKey,
                        "missing primary key: no column '" + primaryKey + "'");
            }
        }
        return new Payload(key, payload);
    }

    /** @throws InvalidRecordException unless the record is a JSON object */
    static void requireObject(JsonNode record) throws InvalidRecordException {
        if (record == null || !record.isObject()) {
            throw new InvalidRecordException("expected a JSON object of fields, found "
                    + (record == null
                            ? "nothing"
                            : "a JSON " + record.getNodeType().name().toLowerCase(Locale.ROOT)));
        }
    }

    /** @return the value of a key field as the payload's key, refusing a blank one */
    static String keyOf(Object value, String name, String field) throws InvalidRecordException {
        if (value == null) {
            throw new InvalidRecordException(
                    ProblemKind.MISSING_PRIMARY_KEY, name, field + " is blank: it is the record's key");
        }
        return value instanceof BigDecimal d ? d.toPlainString() : value.toString();
    }

    private void put(Map<String, Object> payload, String name, Object value) {
        if (value != null || blank == BlankPolicy.CLEAR) {
            payload.put(name, value);
        }
    }

    /** @return a name shortened for a reason */
    static String shorten(String text) {
        return Conversions.shorten(text, 80);
    }
}
