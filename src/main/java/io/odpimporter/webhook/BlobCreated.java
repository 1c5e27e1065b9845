package io.odpimporter.webhook;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;

/**
 * One event of an Azure Event Grid delivery, in either schema, reduced to what the importer judges.
 * Schemas: <a href="https://learn.microsoft.com/azure/event-grid/event-schema-blob-storage">Event Grid schema for
 * Blob Storage</a> ({@code topic, subject, eventType, data}) and
 * <a href="https://learn.microsoft.com/azure/event-grid/cloud-event-schema">CloudEvents 1.0</a>
 * ({@code source, subject, type, data}).
 *
 * @param id            the event id
 * @param type          {@code eventType} or {@code type}, e.g. {@code Microsoft.Storage.BlobCreated}
 * @param source        {@code topic} or {@code source}: {@code /subscriptions/.../storageAccounts/<account>}
 * @param subject       {@code /blobServices/default/containers/<container>/blobs/<name>}
 * @param data          the event's {@code data} object (missing: an empty object)
 * @param time          {@code eventTime} or {@code time}: when the provider raised the event (the upload), or null
 */
public record BlobCreated(String id, String type, String source, String subject, JsonNode data, Instant time) {

    public static final String BLOB_CREATED = "Microsoft.Storage.BlobCreated";
    public static final String SUBSCRIPTION_VALIDATION = "Microsoft.EventGrid.SubscriptionValidationEvent";

    /** @return the event, from either schema; null if {@code node} is not an event object */
    static BlobCreated of(JsonNode node) {
        if (node == null || !node.isObject()) {
            return null;
        }
        boolean cloudEvent = node.has("specversion");
        String type = text(node, cloudEvent ? "type" : "eventType");
        if (type == null) {
            return null;
        }
        return new BlobCreated(
                text(node, "id"),
                type,
                text(node, cloudEvent ? "source" : "topic"),
                text(node, "subject"),
                node.path("data"),
                instant(text(node, cloudEvent ? "time" : "eventTime")));
    }

    /** @return an RFC 3339 time (Event Grid writes up to 7 fractional digits), or null if absent or unreadable */
    private static Instant instant(String text) {
        if (text == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeException e) {
            return null;
        }
    }

    /** @return {@code data.<field>} as text, or null */
    String data(String field) {
        return text(data, field);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() || value.isContainerNode() ? null : value.asText();
    }
}
