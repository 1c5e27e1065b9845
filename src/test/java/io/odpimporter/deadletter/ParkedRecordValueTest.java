package io.odpimporter.deadletter;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.odpimporter.domain.DeadLetter;
import io.odpimporter.domain.DeadLetterKind;
import io.odpimporter.domain.FileFormat;
import io.odpimporter.rules.InvalidRecordException;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A replay transforms a parked row of any format again when it was framed, and parks a raw row with the reason; a record
 * ODP refused is sent again with its fields as they were.
 */
class ParkedRecordValueTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static DeadLetter parked(String value, String format) {
        return new DeadLetter(
                        1,
                        DeadLetterKind.INVALID_RECORD,
                        "run-1",
                        "c",
                        "stores.csv",
                        "0x1",
                        3,
                        40,
                        "missing or empty \"id\"",
                        value,
                        Instant.EPOCH)
                .at(FileFormat.parse(format), 5);
    }

    @Test
    void aCsvRowFramedIntoColumnsIsTransformedAgainLikeAJsonRecord() throws Exception {
        assertThat(ParkedRecordValue.record(parked("{\"id\":\"s-1\",\"name\":\"A\",\"location\":\"\"}", "csv"), MAPPER)
                        .get("id")
                        .asText())
                .isEqualTo("s-1");
    }

    @Test
    void aCsvRowKeptOnlyAsTextIsParkedAgainWithAClearReason() {
        for (String raw : new String[] {"s-1,A,Prague,extra", "{\"id\":1} trailing", "42"}) {
            assertThatThrownBy(() -> ParkedRecordValue.record(parked(raw, "csv.gz"), MAPPER))
                    .as(raw)
                    .isInstanceOf(InvalidRecordException.class)
                    .hasMessage("the row could not be split into the header's columns: fix the file and upload it "
                            + "again");
        }
    }

    @Test
    void aJsonLinesLineThatIsNotJsonIsParkedAgainAndAJsonRecordOfAnOldDeadLetterIsRead() throws Exception {
        assertThatThrownBy(() -> ParkedRecordValue.record(parked("{\"id\": ", "jsonl"), MAPPER))
                .isInstanceOf(InvalidRecordException.class)
                .hasMessageContaining("not JSON")
                .hasMessageEndingWith("fix the file and upload it again");
        DeadLetter old = new DeadLetter(
                1, DeadLetterKind.INVALID_RECORD, "run-1", "c", "a.json", "0x1", 3, 40, "r", "{\"id\":\"x\"}", null);
        assertThat(ParkedRecordValue.record(old, MAPPER).get("id").asText()).isEqualTo("x");
    }

    @Test
    void aRecordNotKeptIsParkedAgain() {
        assertThatThrownBy(() -> ParkedRecordValue.record(parked(null, "csv"), MAPPER))
                .hasMessageContaining("max-record-bytes");
    }

    @Test
    void aRefusedRecordsFieldsAreReadBackAsTheyWereSentEveryDigitKept() throws Exception {
        String sent = "{\"order_id\":\"o-1\",\"total\":19.90,\"exact\":12345678901234567.89,\"count\":7,"
                + "\"huge\":123456789012345678901234,\"cleared\":null,\"paid\":true,"
                + "\"data\":{\"price\":0.1000000000000000055511151231257827}}";
        DeadLetter refused = new DeadLetter(
                1,
                DeadLetterKind.REJECTED_BY_ODP,
                "run-1",
                "c",
                "orders.jsonl",
                "0x1",
                0,
                0,
                "HTTP 400: refused",
                sent,
                Instant.EPOCH);

        assertThat(MAPPER.writeValueAsString(ParkedRecordValue.refusedFields(refused, MAPPER)))
                .isEqualTo(sent);
    }
}
