package io.odpimporter.kafka;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.odpimporter.domain.StoreRecord;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * Writes a {@link StoreRecord} as the same JSON bytes as {@code ObjectMapper.writeValueAsBytes}, with Jackson's
 * streaming generator into a reused buffer: no serializer look-up, no reflection on the record per record. A record
 * with a {@link StoreRecord#target()} (not written yet) goes through the mapper. Not thread-safe: one per writing
 * thread.
 */
public final class StoreRecordJson {

    private final ObjectMapper mapper;
    private final ByteArrayBuilder buffer = new ByteArrayBuilder(512);

    public StoreRecordJson(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** @return {@code value} as JSON in UTF-8 */
    public byte[] write(StoreRecord value) {
        try {
            if (value.target() != null) {
                return mapper.writeValueAsBytes(value);
            }
            buffer.reset();
            try (JsonGenerator json = mapper.getFactory().createGenerator(buffer, JsonEncoding.UTF8)) {
                json.writeStartObject();
                json.writeNumberField("schemaVersion", value.schemaVersion());
                json.writeStringField("objectType", value.objectType());
                json.writeFieldName("fields");
                writeFields(json, value.fields());
                json.writeEndObject();
            }
            return buffer.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeFields(JsonGenerator json, Map<String, Object> fields) throws IOException {
        if (fields == null) {
            json.writeNull();
            return;
        }
        json.writeStartObject();
        for (Map.Entry<String, Object> field : fields.entrySet()) {
            json.writeFieldName(field.getKey());
            if (field.getValue() instanceof String text) {
                json.writeString(text);
            } else {
                json.writeObject(field.getValue()); // numbers, booleans, null: through the mapper (the codec)
            }
        }
        json.writeEndObject();
    }
}
