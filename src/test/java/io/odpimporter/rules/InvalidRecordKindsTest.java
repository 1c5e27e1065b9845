package io.odpimporter.rules;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.odpimporter.domain.BlobVersion;
import io.odpimporter.domain.ProblemKind;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static io.odpimporter.rules.RuleValidationTest.rules;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * A record a rule's mapping refuses says what kind of problem it has and which field, so a dry run's report counts it
 * under its kind (docs/architecture.md, "Dry run").
 */
class InvalidRecordKindsTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final BlobVersion VERSION = new BlobVersion("offline-stores", "orders/a.jsonl", "0x1");

    private static Map<String, String> orders() {
        Map<String, String> p = new HashMap<>();
        p.put("importer.rules[0].name", "orders");
        p.put("importer.rules[0].pattern", "orders/*.jsonl");
        p.put("importer.rules[0].object-type", "orders");
        p.put("importer.rules[0].primary-key", "order_id");
        p.put("importer.rules[0].fields[0].name", "order_id");
        p.put("importer.rules[0].fields[0].source", "id");
        p.put("importer.rules[0].fields[1].name", "total");
        p.put("importer.rules[0].fields[1].type", "number");
        p.put("importer.rules[0].fields[2].name", "ordered_at");
        p.put("importer.rules[0].fields[2].type", "timestamp");
        p.put("importer.rules[0].fields[3].name", "note");
        return p;
    }

    private static Map<String, String> unnamed() {
        Map<String, String> p = new HashMap<>();
        p.put("importer.rules[0].name", "plain");
        p.put("importer.rules[0].pattern", "plain/*.csv");
        p.put("importer.rules[0].object-type", "plain");
        p.put("importer.rules[0].primary-key", "code");
        return p;
    }

    private static InvalidRecordException refused(Map<String, String> rule, String record) throws Exception {
        RecordTransform transform = rules(rule).all().get(0).transform();
        return catchThrowableOfType(
                () -> transform.transform(MAPPER.readTree(record), VERSION, 0), InvalidRecordException.class);
    }

    @Test
    void aBlankPrimaryKeyIsMissingPrimaryKeyWithItsField() throws Exception {
        InvalidRecordException e = refused(orders(), "{\"id\":\"  \",\"total\":1}");
        assertThat(e.kind()).isEqualTo(ProblemKind.MISSING_PRIMARY_KEY);
        assertThat(e.field()).isEqualTo("order_id");
    }

    @Test
    void aMissingKeyColumnIsMissingPrimaryKey() throws Exception {
        InvalidRecordException e = refused(unnamed(), "{\"name\":\"x\"}");
        assertThat(e.kind()).isEqualTo(ProblemKind.MISSING_PRIMARY_KEY);
        assertThat(e.field()).isEqualTo("code");
    }

    @Test
    void textInANumberFieldIsUnparseableNumber() throws Exception {
        InvalidRecordException e = refused(orders(), "{\"id\":\"A\",\"total\":\"twelve\"}");
        assertThat(e.kind()).isEqualTo(ProblemKind.UNPARSEABLE_NUMBER);
        assertThat(e.field()).isEqualTo("total");
        assertThat(e.getMessage()).contains("'twelve'");
    }

    @Test
    void anUnreadableTimestampIsUnparseableTimestamp() throws Exception {
        InvalidRecordException e = refused(orders(), "{\"id\":\"A\",\"ordered_at\":\"next tuesday\"}");
        assertThat(e.kind()).isEqualTo(ProblemKind.UNPARSEABLE_TIMESTAMP);
        assertThat(e.field()).isEqualTo("ordered_at");
    }

    @Test
    void anOverLongTextIsTextTooLong() throws Exception {
        InvalidRecordException e = refused(orders(), "{\"id\":\"A\",\"note\":\"" + "x".repeat(1025) + "\"}");
        assertThat(e.kind()).isEqualTo(ProblemKind.TEXT_TOO_LONG);
        assertThat(e.field()).isEqualTo("note");
    }

    @Test
    void aColumnThatIsNoOdpFieldNameIsUnknownField() throws Exception {
        InvalidRecordException e = refused(unnamed(), "{\"code\":\"A\",\"bad name\":\"x\"}");
        assertThat(e.kind()).isEqualTo(ProblemKind.UNKNOWN_FIELD);
        assertThat(e.field()).isEqualTo("bad name");
    }

    @Test
    void theDefaultRulesMissingIdAndLongTextHaveTheirKinds() throws Exception {
        StoreTransform stores = new StoreTransform("store_id", "name", "location", 1024);
        InvalidRecordException noId = catchThrowableOfType(
                () -> stores.transform(MAPPER.readTree("{\"name\":\"x\"}")), InvalidRecordException.class);
        assertThat(noId.kind()).isEqualTo(ProblemKind.MISSING_PRIMARY_KEY);
        InvalidRecordException longName = catchThrowableOfType(
                () -> stores.transform(MAPPER.readTree("{\"id\":\"1\",\"name\":\"" + "x".repeat(1025) + "\"}")),
                InvalidRecordException.class);
        assertThat(longName.kind()).isEqualTo(ProblemKind.TEXT_TOO_LONG);
        assertThat(longName.field()).isEqualTo("name");
    }

    @Test
    void anyOtherRefusalIsInvalidRecord() throws Exception {
        InvalidRecordException e = refused(orders(), "[1,2]");
        assertThat(e.kind()).isEqualTo(ProblemKind.INVALID_RECORD);
    }
}
