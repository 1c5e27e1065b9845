package io.odpimporter.rules;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.odpimporter.domain.BlobVersion;
import io.odpimporter.domain.StoreRecord;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static io.odpimporter.rules.RuleValidationTest.rules;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The mapping of a rule with {@code target=events}: the event shape, its key and its idempotence id. */
class EventMappingTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final BlobVersion VERSION = new BlobVersion("offline-stores", "events/p.csv", "0x8DC");

    private static Map<String, String> purchases() {
        Map<String, String> p = new HashMap<>();
        p.put("importer.rules[0].name", "purchases");
        p.put("importer.rules[0].pattern", "events/*.csv");
        p.put("importer.rules[0].target", "events");
        p.put("importer.rules[0].fields[0].name", "type");
        p.put("importer.rules[0].fields[0].constant", "order");
        p.put("importer.rules[0].fields[1].name", "action");
        p.put("importer.rules[0].fields[1].source", "what");
        p.put("importer.rules[0].fields[2].name", "identifiers.email");
        p.put("importer.rules[0].fields[3].name", "identifiers.vuid");
        p.put("importer.rules[0].fields[3].source", "visitor");
        p.put("importer.rules[0].fields[4].name", "price");
        p.put("importer.rules[0].fields[4].type", "number");
        p.put("importer.rules[0].fields[5].name", "data.ts");
        p.put("importer.rules[0].fields[5].source", "when");
        p.put("importer.rules[0].fields[5].type", "timestamp");
        p.put("importer.rules[0].timestamp-output", "epoch-seconds");
        return p;
    }

    private static Payload map(Map<String, String> props, String record, long index) throws Exception {
        return rules(props).all().get(0).transform().transform(json(record), VERSION, index);
    }

    private static JsonNode json(String s) throws Exception {
        return MAPPER.readTree(s);
    }

    @Test
    void aRowBecomesTheEventKeyedByItsFirstIdentifier() throws Exception {
        Payload p = map(
                purchases(),
                "{\"what\":\"purchase\",\"email\":\"a@x.io\",\"visitor\":\"v1\",\"price\":\"9.5\","
                        + "\"when\":\"2026-12-05 09:30:00\"}",
                7);
        assertThat(p.key()).isEqualTo("a@x.io");
        assertThat(MAPPER.writeValueAsString(p.fields()))
                .isEqualTo("{\"type\":\"order\",\"action\":\"purchase\",\"identifiers\":{\"email\":\"a@x.io\","
                        + "\"vuid\":\"v1\"},\"data\":{\"price\":9.5,\"ts\":1796463000,\"idempotence_id\":\""
                        + EventIds.idempotenceId(VERSION, 7) + "\"}}");
        Rule rule = rules(purchases()).all().get(0);
        assertThat(rule.record(p).schemaVersion()).isEqualTo(StoreRecord.EVENTS_SCHEMA_VERSION);
        assertThat(rule.record(p).target()).isEqualTo(StoreRecord.Target.events());
    }

    @Test
    void theIdempotenceIdIsTheSameForTheSameRecordOfTheSameVersionOnly() throws Exception {
        String row = "{\"email\":\"a@x.io\"}";
        Object first = data(map(purchases(), row, 3)).get(EventIds.FIELD);
        assertThat(data(map(purchases(), row, 3)).get(EventIds.FIELD)).isEqualTo(first);
        assertThat(data(map(purchases(), row, 4)).get(EventIds.FIELD)).isNotEqualTo(first);
        assertThat(first).isEqualTo(EventIds.idempotenceId(VERSION, 3));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> data(Payload p) {
        return (Map<String, Object>) p.fields().get("data");
    }

    @Test
    void anUnmappedOrBlankActionAndLaterIdentifiersAreLeftOut() throws Exception {
        Payload p = map(purchases(), "{\"email\":\"a@x.io\",\"what\":\" \",\"visitor\":\"\"}", 0);
        assertThat(p.fields()).containsOnlyKeys("type", "identifiers", "data");
        assertThat(p.fields().get("identifiers")).isEqualTo(Map.of("email", "a@x.io"));
        Map<String, String> clear = purchases();
        clear.put("importer.rules[0].blank", "clear");
        Payload cleared = map(clear, "{\"email\":\"a@x.io\"}", 0);
        assertThat(cleared.fields().get("identifiers")).isEqualTo(Map.of("email", "a@x.io"));
        assertThat(data(cleared)).containsEntry("price", null).containsEntry("ts", null);
    }

    @Test
    void aBlankFirstIdentifierOrTypeIsInvalid() {
        assertThatThrownBy(() -> map(purchases(), "{\"visitor\":\"v1\"}", 0))
                .isInstanceOf(InvalidRecordException.class)
                .hasMessage("field 'identifiers.email' (source 'email') is blank: it is the record's key");
        Map<String, String> mappedType = purchases();
        mappedType.remove("importer.rules[0].fields[0].constant");
        mappedType.put("importer.rules[0].fields[0].source", "kind");
        assertThatThrownBy(() -> map(mappedType, "{\"email\":\"a@x.io\",\"kind\":\"\"}", 0))
                .hasMessage("field 'type' (source 'kind') is blank: an event needs a type");
    }

    @Test
    void aNonObjectElementIsInvalid() {
        assertThatThrownBy(() -> map(purchases(), "42", 0))
                .hasMessage("expected a JSON object of fields, found a JSON number");
    }
}
