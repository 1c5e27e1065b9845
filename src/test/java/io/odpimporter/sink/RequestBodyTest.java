package io.odpimporter.sink;

import io.odpimporter.domain.BlobVersion;
import io.odpimporter.domain.StoreRecord;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The ODP request body: a JSON array of the records' fields, their bytes copied as the importer wrote them. */
class RequestBodyTest {

    private static Pending record(String fieldsJson) {
        return new Pending(
                "k",
                StoreRecord.Target.objects("stores"),
                fieldsJson.getBytes(StandardCharsets.UTF_8),
                null,
                BlobVersion.parse("c/f@e"),
                0,
                0,
                0,
                -1,
                null);
    }

    private static String body(Pending... records) {
        return new String(RequestBody.of(List.of(records)), StandardCharsets.UTF_8);
    }

    @Test
    void theBodyIsAJsonArrayOfTheRecordsFieldsInBatchOrder() {
        assertThat(body(record("{\"id\":\"b\"}"), record("{\"id\":\"a\"}"), record("{\"id\":\"c\"}")))
                .isEqualTo("[{\"id\":\"b\"},{\"id\":\"a\"},{\"id\":\"c\"}]");
    }

    @Test
    void oneRecordIsAnArrayOfOne() {
        assertThat(body(record("{\"id\":\"a\"}"))).isEqualTo("[{\"id\":\"a\"}]");
    }

    @Test
    void fieldsAreCopiedByteForByteNonAsciiAndSpacingIncluded() {
        String fields = "{ \"id\" : \"東京-1\", \"name\":\"Chūō \\\"Ginza\\\"\" }";

        assertThat(body(record(fields), record("{}"))).isEqualTo("[" + fields + ",{}]");
    }
}
