package io.odpimporter.testing;

import com.azure.storage.blob.BlobClient;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.UUID;

/**
 * Builds Azure Event Grid deliveries as the documented schemas describe them (no recorded traffic):
 * <a href="https://learn.microsoft.com/azure/event-grid/event-schema-blob-storage">BlobCreated in the Event Grid
 * schema</a> and <a href="https://learn.microsoft.com/azure/event-grid/cloud-event-schema">as a CloudEvent</a>.
 */
public final class EventGrid {

    public static final String ACCOUNT = AzuriteTestResource.ACCOUNT;
    static final String ACCOUNT_TOPIC = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg"
            + "/providers/Microsoft.Storage/storageAccounts/";

    private EventGrid() {}

    /** What a BlobCreated event says about a blob. */
    public record Blob(
            String account, String container, String name, String url, String etag, String api, long contentLength) {

        /** @return the event for the blob as it is now in Azurite, written with {@code PutBlob} */
        public static Blob of(BlobClient blob) {
            var properties = blob.getProperties();
            return new Blob(
                    ACCOUNT,
                    blob.getContainerName(),
                    blob.getBlobName(),
                    blob.getBlobUrl(),
                    properties.getETag(),
                    "PutBlob",
                    properties.getBlobSize());
        }

        public Blob withApi(String api, long contentLength) {
            return new Blob(account, container, name, url, etag, api, contentLength);
        }

        public Blob withUrl(String otherUrl) {
            return new Blob(account, container, name, otherUrl, etag, api, contentLength);
        }

        public Blob inContainer(String otherContainer) {
            return new Blob(
                    account,
                    otherContainer,
                    name,
                    url.replace("/" + container + "/", "/" + otherContainer + "/"),
                    etag,
                    api,
                    contentLength);
        }
    }

    /** @return the current time as Event Grid writes it (7 fractional digits, UTC) */
    static String now() {
        Instant t = Instant.now();
        return DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss")
                        .withZone(ZoneOffset.UTC)
                        .format(t)
                + String.format(".%07dZ", t.getNano() / 100);
    }

    /** @return one event in the Event Grid schema */
    public static ObjectNode event(Blob blob) {
        ObjectNode event = KafkaTestClient.MAPPER
                .createObjectNode()
                .put("id", UUID.randomUUID().toString())
                .put("topic", ACCOUNT_TOPIC + blob.account())
                .put("subject", "/blobServices/default/containers/" + blob.container() + "/blobs/" + blob.name())
                .put("eventType", "Microsoft.Storage.BlobCreated")
                .put("eventTime", now())
                .put("dataVersion", "")
                .put("metadataVersion", "1");
        event.set("data", data(blob));
        return event;
    }

    /** @return one event as a CloudEvent 1.0 */
    public static ObjectNode cloudEvent(Blob blob) {
        ObjectNode event = KafkaTestClient.MAPPER
                .createObjectNode()
                .put("specversion", "1.0")
                .put("id", UUID.randomUUID().toString())
                .put("source", ACCOUNT_TOPIC + blob.account())
                .put("subject", "/blobServices/default/containers/" + blob.container() + "/blobs/" + blob.name())
                .put("type", "Microsoft.Storage.BlobCreated")
                .put("time", now());
        event.set("data", data(blob));
        return event;
    }

    private static ObjectNode data(Blob blob) {
        return KafkaTestClient.MAPPER
                .createObjectNode()
                .put("api", blob.api())
                .put("clientRequestId", UUID.randomUUID().toString())
                .put("requestId", UUID.randomUUID().toString())
                .put("eTag", "\"" + blob.etag() + "\"")
                .put("contentType", "application/json")
                .put("contentLength", blob.contentLength())
                .put("blobType", "BlockBlob")
                .put("url", blob.url())
                .put("sequencer", "00000000000004420000000000028963")
                .set(
                        "storageDiagnostics",
                        KafkaTestClient.MAPPER.createObjectNode().put("batchId", "b"));
    }

    /** @return a JSON array of the events */
    public static String array(List<ObjectNode> events) {
        ArrayNode array = KafkaTestClient.MAPPER.createArrayNode();
        events.forEach(array::add);
        return array.toString();
    }

    /** @return Event Grid's subscription validation delivery */
    public static String validation(String code) {
        ObjectNode event = KafkaTestClient.MAPPER
                .createObjectNode()
                .put("id", UUID.randomUUID().toString())
                .put("topic", ACCOUNT_TOPIC + ACCOUNT)
                .put("subject", "")
                .put("eventType", "Microsoft.EventGrid.SubscriptionValidationEvent")
                .put("eventTime", "2026-11-29T12:00:00.0000000Z")
                .put("dataVersion", "2")
                .put("metadataVersion", "1");
        event.set(
                "data",
                KafkaTestClient.MAPPER
                        .createObjectNode()
                        .put("validationCode", code)
                        .put("validationUrl", "https://rp-westeurope.eventgrid.azure.net/validate?id=x&t=y"));
        return array(List.of(event));
    }
}
