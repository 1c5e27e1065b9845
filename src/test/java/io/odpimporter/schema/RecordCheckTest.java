package io.odpimporter.schema;

import io.odpimporter.domain.ProblemKind;
import io.odpimporter.rules.TargetKind;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RecordCheckTest {

    private static final OdpSchema STORES = new OdpSchema(
            "stores",
            Map.of("store_id", "string", "name", "string", "opened", "timestamp", "size", "number", "open", "boolean"),
            List.of("store_id"));

    private static List<ProblemKind> kinds(Map<String, Object> fields) {
        return RecordCheck.check(TargetKind.OBJECTS, fields, STORES).stream()
                .map(RecordCheck.Problem::kind)
                .toList();
    }

    private static Map<String, Object> record(Object... pairs) {
        Map<String, Object> fields = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            fields.put((String) pairs[i], pairs[i + 1]);
        }
        return fields;
    }

    @Test
    void aRecordOfTheSchemasFieldsAndTypesHasNoProblem() {
        assertThat(kinds(record(
                        "store_id",
                        "1",
                        "name",
                        "A",
                        "opened",
                        "2026-12-01T09:30:00Z",
                        "size",
                        new BigDecimal("12.5"),
                        "open",
                        true)))
                .isEmpty();
    }

    @Test
    void textThatParsesAsTheFieldsTypeIsAccepted() {
        assertThat(kinds(record("store_id", "1", "size", "12", "open", "0", "opened", "1796117400")))
                .isEmpty();
    }

    @Test
    void aFieldTheObjectDoesNotHaveIsAnUnknownField() {
        List<RecordCheck.Problem> problems =
                RecordCheck.check(TargetKind.OBJECTS, record("store_id", "1", "colour", "red"), STORES);
        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.kind()).isEqualTo(ProblemKind.UNKNOWN_FIELD);
            assertThat(p.field()).isEqualTo("colour");
            assertThat(p.value()).isEqualTo("red");
            assertThat(p.reason()).contains("stores").contains("colour");
        });
    }

    @Test
    void textThatIsNotANumberInANumberFieldIsATypeMismatch() {
        assertThat(kinds(record("store_id", "1", "size", "large"))).containsExactly(ProblemKind.TYPE_MISMATCH);
        assertThat(kinds(record("store_id", "1", "open", "yes"))).containsExactly(ProblemKind.TYPE_MISMATCH);
        assertThat(kinds(record("store_id", "1", "opened", "last tuesday"))).containsExactly(ProblemKind.TYPE_MISMATCH);
    }

    @Test
    void aMissingOrBlankPrimaryKeyIsReported() {
        assertThat(kinds(record("name", "A"))).containsExactly(ProblemKind.MISSING_PRIMARY_KEY);
        assertThat(kinds(record("store_id", " "))).containsExactly(ProblemKind.MISSING_PRIMARY_KEY);
    }

    @Test
    void textOverOdpsLimitIsTooLongAndItsValueShortened() {
        List<RecordCheck.Problem> problems =
                RecordCheck.check(TargetKind.OBJECTS, record("store_id", "1", "name", "x".repeat(1025)), STORES);
        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.kind()).isEqualTo(ProblemKind.TEXT_TOO_LONG);
            assertThat(p.value()).hasSizeLessThanOrEqualTo(80);
        });
        assertThat(kinds(record("store_id", "1", "name", "x".repeat(1024)))).isEmpty();
    }

    @Test
    void eventsAreCheckedByTheirDataFields() {
        OdpSchema events = new OdpSchema("events", Map.of("order_total", "number"), List.of());
        Map<String, Object> event = record(
                "type",
                "order",
                "identifiers",
                Map.of("email", "a@b.c"),
                "data",
                record("order_total", "n/a", "coupon", "X"));
        assertThat(RecordCheck.check(TargetKind.EVENTS, event, events))
                .extracting(RecordCheck.Problem::kind)
                .containsExactly(ProblemKind.TYPE_MISMATCH, ProblemKind.UNKNOWN_FIELD);
    }
}
