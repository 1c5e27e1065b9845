package io.odpimporter.deadletter;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.odpimporter.domain.DeadLetter;
import io.odpimporter.domain.FileFormat;
import io.odpimporter.rules.InvalidRecordException;

import java.util.Map;

/**
 * What a dead letter holds, for a replay. An INVALID_RECORD's record, to transform again ({@link #record}): the record
 * as JSON (a JSON array's element, a JSON Lines value, or a CSV row framed into its columns: an object of column name
 * to text). A row kept only as the text read (a CSV row that could not be split into the header's columns, a line that
 * is not JSON) or not kept at all (over max-record-bytes) cannot be a record: the replay parks it again with the
 * reason. A REJECTED_BY_ODP record's fields, to send again as they were ({@link #refusedFields}).
 */
final class ParkedRecordValue {

    static final String UNSPLIT_ROW =
            "the row could not be split into the header's columns: fix the file and upload it again";
    static final String NOT_KEPT =
            "the record was not kept (over importer.file-import.max-record-bytes): fix the file and upload it again";

    private static final TypeReference<Map<String, Object>> FIELDS = new TypeReference<>() {};

    private ParkedRecordValue() {}

    /**
     * @return the fields of a record ODP refused, as the sink sent them: a decimal keeps every digit ({@code 19.90},
     *         not the {@code 19.9} of a double), so the replay sends the record as it was (docs/architecture.md, "Rules")
     * @throws JsonProcessingException if the dead letter's value is not a JSON object
     */
    static Map<String, Object> refusedFields(DeadLetter parked, ObjectMapper mapper) throws JsonProcessingException {
        return mapper.readerFor(FIELDS)
                .with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .readValue(parked.value());
    }

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
