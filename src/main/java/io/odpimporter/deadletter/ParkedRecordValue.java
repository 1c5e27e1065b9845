package io.odpimporter.deadletter;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.odpimporter.domain.DeadLetter;
import io.odpimporter.domain.FileFormat;
import io.odpimporter.rules.InvalidRecordException;

/**
 * The record an INVALID_RECORD dead letter holds, for a replay to transform again: the record as JSON (a JSON
 * array's element, a JSON Lines value, or a CSV row framed into its columns: an object of column name to text). A
 * row kept only as the text read (a CSV row that could not be split into the header's columns, a line that is not
 * JSON) or not kept at all (over max-record-bytes) cannot be a record: the replay parks it again with the reason.
 */
final class ParkedRecordValue {

    static final String UNSPLIT_ROW =
            "the row could not be split into the header's columns: fix the file and upload it again";
    static final String NOT_KEPT =
            "the record was not kept (over importer.file-import.max-record-bytes): fix the file and upload it again";

    private ParkedRecordValue() {}

    /**
     * @return the parked record
     * @throws InvalidRecordException if the dead letter holds no record, only the row's text
     */
    static JsonNode record(DeadLetter parked, ObjectMapper mapper) throws InvalidRecordException {
        if (parked.value() == null) {
            throw new InvalidRecordException(NOT_KEPT);
        }
        boolean csv = parked.format() != null && parked.format().kind() == FileFormat.Kind.CSV;
        JsonNode record;
        try {
            record = mapper.readerFor(JsonNode.class)
                    .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                    .readValue(parked.value());
        } catch (JsonProcessingException e) {
            throw new InvalidRecordException(
                    csv
                            ? UNSPLIT_ROW
                            : "the parked value is not JSON (" + e.getOriginalMessage() + "): fix the file "
                                    + "and upload it again");
        }
        if (csv && (record == null || !record.isObject())) {
            throw new InvalidRecordException(UNSPLIT_ROW);
        }
        return record;
    }
}
