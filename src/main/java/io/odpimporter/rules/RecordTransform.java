package io.odpimporter.rules;

import com.fasterxml.jackson.databind.JsonNode;
import io.odpimporter.domain.BlobVersion;

/** Turns one record read from a file into its ODP payload, by a rule (docs/architecture.md, "Rules"). */
@FunctionalInterface
public interface RecordTransform {

    /**
     * @param record  the record as read: a JSON value (a CSV row: an object of column name to text)
     * @param version the blob version it was read from (an event's {@code data.idempotence_id} is made from it)
     * @param index   its index in the file (0-based)
     * @return the payload
     * @throws InvalidRecordException with the reason the record cannot be imported
     */
    Payload transform(JsonNode record, BlobVersion version, long index) throws InvalidRecordException;
}
