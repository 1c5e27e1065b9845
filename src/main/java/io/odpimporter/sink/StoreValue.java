package io.odpimporter.sink;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.odpimporter.domain.StoreRecord;
import io.odpimporter.kafka.Payloads;

import java.io.IOException;
import java.util.Arrays;

/**
 * A stores-topic value ({@link StoreRecord} as JSON, UTF-8) read for the sink without building its field map: the
 * {@code fields} object is kept as the bytes the importer wrote, so the sink copies them into the ODP request body
 * as they are (no parse into a map and no serializing again).
 *
 * @param target     where the record goes: its {@code target}, or (absent, as every object record is written) the
 *                   objects of its {@code objectType}
 * @param fieldsJson the {@code fields} JSON object, UTF-8, exactly as in the value
 */
record StoreValue(StoreRecord.Target target, byte[] fieldsJson) {

    private static final JsonFactory JSON = new JsonFactory();

    /**
     * @param value the Kafka value, UTF-8 JSON
     * @return its target and fields
     * @throws Payloads.UnreadablePayloadException if it is empty, not JSON, lacks {@code schemaVersion} or
     *                                             {@code fields} (an object), has a {@code schemaVersion} outside
     *                                             1..{@link StoreRecord#EVENTS_SCHEMA_VERSION}, a {@code target} that
     *                                             is not an object of a known {@code kind}, an objects target without
     *                                             an object type, or (version 2) no {@code target}
     */
    static StoreValue read(byte[] value) {
        if (value == null) {
            throw new Payloads.UnreadablePayloadException("empty value (tombstone)");
        }
        Integer version = null;
        String objectType = null;
        StoreRecord.Target target = null;
        boolean hasTarget = false;
        byte[] fields = null;
        try (JsonParser parser = JSON.createParser(value)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new Payloads.UnreadablePayloadException("not a valid StoreRecord: not a JSON object");
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken token = parser.nextToken();
                switch (name) {
                    case "schemaVersion" -> version = token == JsonToken.VALUE_NUMBER_INT ? parser.getIntValue() : null;
                    case "objectType" -> objectType = token == JsonToken.VALUE_STRING ? parser.getText() : null;
                    case "target" -> {
                        // null is absent, as the writers leave it out
                        hasTarget = token != JsonToken.VALUE_NULL;
                        target = hasTarget ? target(parser, token) : null;
                    }
                    case "fields" -> {
                        if (token != JsonToken.START_OBJECT) {
                            throw new Payloads.UnreadablePayloadException(
                                    "not a valid StoreRecord: fields is not a JSON object");
                        }
                        int start = (int) parser.currentTokenLocation().getByteOffset();
                        parser.skipChildren();
                        int end = (int) parser.currentLocation().getByteOffset();
                        fields = Arrays.copyOfRange(value, start, end);
                    }
                    default -> parser.skipChildren();
                }
            }
            if (parser.currentToken() != JsonToken.END_OBJECT || parser.nextToken() != null) {
                throw new Payloads.UnreadablePayloadException("not a valid StoreRecord: trailing content");
            }
        } catch (IOException e) {
            throw new Payloads.UnreadablePayloadException("not a valid StoreRecord: "
                    + (e instanceof JsonProcessingException json ? json.getOriginalMessage() : e.getMessage()));
        }
        if (version == null) {
            throw new Payloads.UnreadablePayloadException("no schemaVersion field");
        }
        if (version > StoreRecord.EVENTS_SCHEMA_VERSION || version < 1) {
            throw new Payloads.UnreadablePayloadException("unknown schemaVersion " + version
                    + " (this service reads up to " + StoreRecord.EVENTS_SCHEMA_VERSION + ")");
        }
        if (fields == null) {
            throw new Payloads.UnreadablePayloadException("not a valid StoreRecord: no fields");
        }
        if (!hasTarget && version >= StoreRecord.EVENTS_SCHEMA_VERSION) {
            throw new Payloads.UnreadablePayloadException(
                    "not a valid StoreRecord: schemaVersion " + version + " without a target");
        }
        if (target == null && hasTarget) {
            throw new Payloads.UnreadablePayloadException(
                    "not a valid StoreRecord: target is not an object with kind OBJECTS or EVENTS");
        }
        if (target == null || (target.kind() == StoreRecord.Target.Kind.OBJECTS && target.objectType() == null)) {
            // no target (objects, as written before events existed), or an objects target naming no type
            if (objectType == null) {
                throw new Payloads.UnreadablePayloadException("not a valid StoreRecord: no objectType");
            }
            target = StoreRecord.Target.objects(objectType);
        }
        return new StoreValue(target, fields);
    }

    /**
     * Reads a {@code target} value, the parser at its first token.
     *
     * @return the target, or null if it is not an object with a known {@code kind} (an objects target may lack its
     *         type: the record's {@code objectType} is it)
     */
    private static StoreRecord.Target target(JsonParser parser, JsonToken token) throws IOException {
        if (token != JsonToken.START_OBJECT) {
            parser.skipChildren();
            return null;
        }
        String kind = null;
        String objectType = null;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonToken value = parser.nextToken();
            if (value == JsonToken.VALUE_STRING && name.equals("kind")) {
                kind = parser.getText();
            } else if (value == JsonToken.VALUE_STRING && name.equals("objectType")) {
                objectType = parser.getText();
            } else {
                parser.skipChildren();
            }
        }
        if (StoreRecord.Target.Kind.EVENTS.name().equals(kind)) {
            return StoreRecord.Target.events();
        }
        if (StoreRecord.Target.Kind.OBJECTS.name().equals(kind)) {
            return new StoreRecord.Target(StoreRecord.Target.Kind.OBJECTS, objectType);
        }
        return null;
    }
}
