package io.odpimporter.kafka;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Reads JSON values of our topics and checks their {@code schemaVersion}: a value written by a newer version
 * of the service is refused with {@link UnreadablePayloadException} so the caller can park it instead of crashing.
 */
@ApplicationScoped
public class Payloads {

    private final ObjectMapper mapper;

    public Payloads(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /**
     * @param json          the Kafka value
     * @param type          the record type
     * @param schemaVersion the newest version this code understands
     * @throws UnreadablePayloadException if it is not JSON, lacks fields or has an unknown schema version
     */
    public <T> T read(String json, Class<T> type, int schemaVersion) {
        if (json == null) {
            throw new UnreadablePayloadException("empty value (tombstone)");
        }
        try {
            JsonNode node = mapper.readTree(json);
            JsonNode version = node == null ? null : node.get("schemaVersion");
            if (version == null || !version.canConvertToInt()) {
                throw new UnreadablePayloadException("no schemaVersion field");
            }
            if (version.asInt() > schemaVersion || version.asInt() < 1) {
                throw new UnreadablePayloadException("unknown schemaVersion " + version.asInt()
                        + " (this service reads up to " + schemaVersion + ")");
            }
            return mapper.treeToValue(node, type);
        } catch (JsonProcessingException e) {
            throw new UnreadablePayloadException("not a valid " + type.getSimpleName() + ": " + e.getOriginalMessage());
        }
    }

    /** A Kafka value we cannot read. */
    public static class UnreadablePayloadException extends RuntimeException {
        public UnreadablePayloadException(String message) {
            super(message);
        }
    }
}
