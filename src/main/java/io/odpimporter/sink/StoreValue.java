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
 * @param objectType the ODP object type
 * @param fieldsJson the {@code fields} JSON object, UTF-8, exactly as in the value
 */
record StoreValue(String objectType, byte[] fieldsJson) {

    private static final JsonFactory JSON = new JsonFactory();

    /**
     * @param value the Kafka value, UTF-8 JSON
     * @return its object type and fields
     * @throws Payloads.UnreadablePayloadException if it is empty, not JSON, lacks {@code schemaVersion},
     *                                             {@code objectType} (a string) or {@code fields} (an object), or
     *                                             has a {@code schemaVersion} outside 1..{@link StoreRecord#SCHEMA_VERSION}
     */
    static StoreValue read(byte[] value) {
        if (value == null) {
            throw new Payloads.UnreadablePayloadException("empty value (tombstone)");
        }
        Integer version = null;
        String objectType = null;
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
        if (version > StoreRecord.SCHEMA_VERSION || version < 1) {
            throw new Payloads.UnreadablePayloadException("unknown schemaVersion " + version
                    + " (this service reads up to " + StoreRecord.SCHEMA_VERSION + ")");
        }
        if (objectType == null || fields == null) {
            throw new Payloads.UnreadablePayloadException(
                    "not a valid StoreRecord: " + (objectType == null ? "no objectType" : "no fields"));
        }
        return new StoreValue(objectType, fields);
    }
}
