package io.odpimporter.rules;

import com.fasterxml.jackson.databind.JsonNode;
import io.odpimporter.config.ImporterConfig;
import io.odpimporter.domain.BlobVersion;
import io.odpimporter.domain.ProblemKind;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The default rule (an empty {@code importer.rules}, docs/architecture.md "Rules"): turns an offline store {@code {id, name, location}} into the ODP object payload
 * {@code {<id field>, <name field>, <location field>}} (field names from configuration). Keeps the original's
 * sanitising (node-sdk PayloadSanitizer: trim strings, empty to absent, drop nulls) and adds what it lacked: a
 * non-empty string id (the primary key) and ODP's text limit (1024 characters by default).
 * Source: https://docs.developers.optimizely.com/optimizely-data-platform/docs/thebasics-objects-fields
 */
@ApplicationScoped
public class StoreTransform implements RecordTransform {

    private final String idField;
    private final String nameField;
    private final String locationField;
    private final int maxText;

    @Inject
    public StoreTransform(ImporterConfig config) {
        this(
                config.odp().fields().id(),
                config.odp().fields().name(),
                config.odp().fields().location(),
                config.fileImport().maxTextLength());
    }

    /**
     * @param idField       ODP field receiving {@code id} (the primary key)
     * @param nameField     ODP field receiving {@code name}
     * @param locationField ODP field receiving {@code location}
     * @param maxText       longest text field, in characters
     */
    public StoreTransform(String idField, String nameField, String locationField, int maxText) {
        this.idField = idField;
        this.nameField = nameField;
        this.locationField = locationField;
        this.maxText = maxText;
    }

    /**
     * @param store one element of the file's array
     * @return the ODP payload
     * @throws InvalidRecordException with the reason the record cannot be imported
     */
    public Payload transform(JsonNode store) throws InvalidRecordException {
        if (store == null || !store.isObject()) {
            throw new InvalidRecordException("expected a JSON object {id, name, location}, found "
                    + (store == null
                            ? "nothing"
                            : store.getNodeType().toString().toLowerCase()));
        }
        String id = text(store, "id");
        if (id == null) {
            throw new InvalidRecordException(
                    ProblemKind.MISSING_PRIMARY_KEY, idField, "missing or empty \"id\" (the primary key)");
        }
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put(idField, id);
        String name = text(store, "name");
        if (name != null) {
            payload.put(nameField, name);
        }
        String location = text(store, "location");
        if (location != null) {
            payload.put(locationField, location);
        }
        return new Payload(id, payload);
    }

    /** The default rule's transform: the same for every record of every file (no idempotence id). */
    @Override
    public Payload transform(JsonNode record, BlobVersion version, long index) throws InvalidRecordException {
        return transform(record);
    }

    /** @return the trimmed text of a field, null if absent, null or blank */
    private String text(JsonNode store, String field) throws InvalidRecordException {
        JsonNode node = store.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw new InvalidRecordException("\"" + field + "\" must be a string, found "
                    + node.getNodeType().toString().toLowerCase());
        }
        String value = node.textValue().trim();
        if (value.isEmpty()) {
            return null;
        }
        if (value.codePointCount(0, value.length()) > maxText) {
            throw new InvalidRecordException(
                    ProblemKind.TEXT_TOO_LONG, field, "\"" + field + "\" is longer than " + maxText + " characters");
        }
        return value;
    }
}
