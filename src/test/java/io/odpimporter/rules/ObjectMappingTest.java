package io.odpimporter.rules;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.odpimporter.domain.BlobVersion;
import io.odpimporter.domain.StoreRecord;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;

import static io.odpimporter.rules.RuleValidationTest.rules;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The mapping of a rule with {@code target=objects}: sources, pointers, constants, blanks, trimming, keys. */
class ObjectMappingTest {

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
        p.put("importer.rules[0].fields[2].source", "date");
        p.put("importer.rules[0].fields[2].type", "timestamp");
        p.put("importer.rules[0].fields[3].name", "city");
        p.put("importer.rules[0].fields[3].source", "/address/city");
        p.put("importer.rules[0].fields[4].name", "channel");
        p.put("importer.rules[0].fields[4].constant", "web");
        p.put("importer.rules[0].fields[5].name", "paid");
        p.put("importer.rules[0].fields[5].type", "boolean");
        return p;
    }

    private static Payload map(Map<String, String> props, String record) throws Exception {
        return rules(props).all().get(0).transform().transform(json(record), VERSION, 0);
    }

    private static JsonNode json(String s) throws Exception {
        return MAPPER.readTree(s);
    }

    @Test
    void mapsSourcesPointersConstantsAndTypesInTheRulesOrder() throws Exception {
        Payload p = map(
                orders(),
                "{\"id\":\" A-1 \",\"total\":\"12.50\",\"date\":\"12/05/2026 09:30\","
                        + "\"address\":{\"city\":\"Prague\"},\"paid\":\"yes\",\"other\":1}");
        assertThat(p.key()).isEqualTo("A-1");
        assertThat(p.fields())
                .containsExactly(
                        Map.entry("order_id", "A-1"),
                        Map.entry("total", new BigDecimal("12.50")),
                        Map.entry("ordered_at", "2026-12-05T09:30:00Z"),
                        Map.entry("city", "Prague"),
                        Map.entry("channel", "web"),
                        Map.entry("paid", true));
        Rule rule = rules(orders()).all().get(0);
        assertThat(rule.record(p)).isEqualTo(new StoreRecord(StoreRecord.SCHEMA_VERSION, "orders", p.fields()));
    }

    @Test
    void aJsonNumberWithAFractionKeepsOnlyADoublesDigitsWhileTextKeepsEvery() throws Exception {
        assertThat(map(orders(), "{\"id\":\"A-1\",\"total\":12345678901234567.89}")
                        .fields())
                .containsEntry("total", 12345678901234568L);
        assertThat(map(orders(), "{\"id\":\"A-1\",\"total\":\"12345678901234567.89\"}")
                        .fields())
                .containsEntry("total", new BigDecimal("12345678901234567.89"));
        assertThat(map(orders(), "{\"id\":1.50,\"total\":1}").key()).isEqualTo("1.5");
    }

    @Test
    void blankValuesAreOmittedByDefaultAndSentAsNullWithClear() throws Exception {
        String record = "{\"id\":\"A-1\",\"total\":\"  \",\"date\":null,\"address\":{}}";
        assertThat(map(orders(), record).fields()).containsOnlyKeys("order_id", "channel");
        Map<String, String> clear = orders();
        clear.put("importer.rules[0].blank", "clear");
        Map<String, Object> cleared = map(clear, record).fields();
        assertThat(cleared).containsOnlyKeys("order_id", "total", "ordered_at", "city", "channel", "paid");
        assertThat(cleared.get("total")).isNull();
        assertThat(cleared.get("paid")).isNull();
    }

    @Test
    void aBlankPrimaryKeyIsInvalidNamingFieldAndSource() {
        assertThatThrownBy(() -> map(orders(), "{\"id\":\"   \",\"total\":1}"))
                .isInstanceOf(InvalidRecordException.class)
                .hasMessage("field 'order_id' (source 'id') is blank: it is the record's key");
        Map<String, String> clear = orders();
        clear.put("importer.rules[0].blank", "clear");
        assertThatThrownBy(() -> map(clear, "{\"total\":1}"))
                .hasMessageContaining("field 'order_id' (source 'id') is blank");
    }

    @Test
    void aNumericPrimaryKeyIsTheKeyAsText() throws Exception {
        Map<String, String> p = orders();
        p.put("importer.rules[0].fields[0].type", "number");
        assertThat(map(p, "{\"id\":\"0042\"}").key()).isEqualTo("42");
        assertThat(map(p, "{\"id\":\"1.50\"}").key()).isEqualTo("1.50");
        assertThat(map(p, "{\"id\":7}").key()).isEqualTo("7");
    }

    @Test
    void trimmingCanBeTurnedOff() throws Exception {
        Map<String, String> p = orders();
        p.put("importer.rules[0].trim", "false");
        assertThat(map(p, "{\"id\":\"A-1\",\"address\":{\"city\":\" Brno \"}}").fields())
                .containsEntry("city", " Brno ");
    }

    @Test
    void aValueThatDoesNotConvertIsInvalidNamingFieldSourceAndValue() {
        assertThatThrownBy(() -> map(orders(), "{\"id\":\"A-1\",\"total\":\"12,5\"}"))
                .isInstanceOf(InvalidRecordException.class)
                .hasMessage("field 'total' (source 'total'): '12,5' is not a number; use digits, a '.' for decimals "
                        + "and no grouping, e.g. 12, -3.5 or 1e3");
        assertThatThrownBy(() -> map(orders(), "{\"id\":\"A-1\",\"date\":\"" + "9".repeat(300) + "x\"}"))
                .hasMessageStartingWith(
                        "field 'ordered_at' (source 'date'): '" + "9".repeat(76) + "... is not a timestamp");
        assertThatThrownBy(() -> map(orders(), "{\"id\":\"A-1\",\"address\":{\"city\":[1]}}"))
                .hasMessage("field 'city' (source '/address/city'): [1] is a JSON array, not a string");
    }

    @Test
    void textLongerThanTheLimitIsInvalid() {
        Map<String, String> p = orders();
        p.put("importer.file-import.max-text-length", "5");
        assertThatThrownBy(() -> map(p, "{\"id\":\"A-1\",\"address\":{\"city\":\"Prague!\"}}"))
                .hasMessage("field 'city' (source '/address/city'): 'Prague!' is longer than 5 characters "
                        + "(importer.file-import.max-text-length)");
    }

    @Test
    void aRecordThatIsNotAnObjectIsInvalid() {
        assertThatThrownBy(() -> map(orders(), "[1,2]"))
                .hasMessage("expected a JSON object of fields, found a JSON array");
        assertThatThrownBy(() -> map(orders(), "\"text\""))
                .hasMessage("expected a JSON object of fields, found a JSON string");
    }

    private static Map<String, String> allColumns() {
        Map<String, String> p = new HashMap<>();
        p.put("importer.rules[0].name", "loyalty");
        p.put("importer.rules[0].prefix", "loyalty/");
        p.put("importer.rules[0].object-type", "loyalty");
        p.put("importer.rules[0].primary-key", "customer_id");
        return p;
    }

    @Test
    void withoutFieldsEveryColumnGoesUnderItsOwnNameAsString() throws Exception {
        Payload p = map(allColumns(), "{\"customer_id\":\"c1\",\"points\":120,\"gold\":true,\"note\":\" \"}");
        assertThat(p.key()).isEqualTo("c1");
        assertThat(p.fields())
                .containsExactly(Map.entry("customer_id", "c1"), Map.entry("points", "120"), Map.entry("gold", "true"));
    }

    @Test
    void withoutFieldsAColumnThatIsNoOdpNameOrAMissingPrimaryKeyIsInvalid() {
        assertThatThrownBy(() -> map(allColumns(), "{\"customer_id\":\"c1\",\"Points Total\":\"1\"}"))
                .hasMessage("column 'Points Total' is not an ODP field name (must match ^[a-z][a-z0-9_]{1,61}$); "
                        + "name the rule's fields to map it");
        assertThatThrownBy(() -> map(allColumns(), "{\"points\":\"1\"}"))
                .hasMessage("missing primary key: no column 'customer_id'");
        assertThatThrownBy(() -> map(allColumns(), "{\"customer_id\":\"\"}"))
                .hasMessage("field 'customer_id' (source 'customer_id') is blank: it is the record's key");
    }
}
