package io.odpimporter.sink;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.odpimporter.domain.StoreRecord;
import io.odpimporter.kafka.Payloads;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StoreValueTest {

    private final ObjectMapper mapper = new ObjectMapper();

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void fieldsAreTheExactBytesTheImporterWroteNonAsciiIncluded() throws Exception {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("store_id", "jp-0000001");
        fields.put("name", "東京 Ginza {branch}");
        fields.put("location", "Chūō, \"Tokyo\"");
        byte[] value = mapper.writeValueAsBytes(new StoreRecord(1, "ocp_quickstart_offline_stores", fields));

        StoreValue read = StoreValue.read(value);

        assertThat(read.target()).isEqualTo(StoreRecord.Target.objects("ocp_quickstart_offline_stores"));
        assertThat(new String(read.fieldsJson(), StandardCharsets.UTF_8)).isEqualTo(mapper.writeValueAsString(fields));
        assertThat(mapper.readValue(read.fieldsJson(), Map.class)).isEqualTo(fields);
    }

    @Test
    void nestedValuesAndUnknownPropertiesInAnyOrderAreRead() {
        StoreValue read = StoreValue.read(
                utf8(
                        "{\"fields\":{\"a\":{\"b\":[1,{\"c\":\"}\"}]}},\"later\":[1,2],\"objectType\":\"t\",\"schemaVersion\":1}"));

        assertThat(read.target()).isEqualTo(StoreRecord.Target.objects("t"));
        assertThat(new String(read.fieldsJson(), StandardCharsets.UTF_8))
                .isEqualTo("{\"a\":{\"b\":[1,{\"c\":\"}\"}]}}");
    }

    @Test
    void unreadableValuesAreRefusedWithTheirReason() {
        assertThatThrownBy(() -> StoreValue.read(null))
                .isInstanceOf(Payloads.UnreadablePayloadException.class)
                .hasMessage("empty value (tombstone)");
        assertThatThrownBy(() -> StoreValue.read(utf8("not json")))
                .isInstanceOf(Payloads.UnreadablePayloadException.class)
                .hasMessageStartingWith("not a valid StoreRecord");
        assertThatThrownBy(() -> StoreValue.read(utf8("[1]"))).hasMessageContaining("not a JSON object");
        assertThatThrownBy(() -> StoreValue.read(utf8("{\"objectType\":\"t\",\"fields\":{}}")))
                .hasMessage("no schemaVersion field");
        assertThatThrownBy(() -> StoreValue.read(utf8("{\"schemaVersion\":3,\"objectType\":\"t\",\"fields\":{}}")))
                .hasMessage("unknown schemaVersion 3 (this service reads up to 2)");
        assertThatThrownBy(() -> StoreValue.read(utf8("{\"schemaVersion\":1,\"fields\":{}}")))
                .hasMessage("not a valid StoreRecord: no objectType");
        assertThatThrownBy(() -> StoreValue.read(utf8("{\"schemaVersion\":1,\"objectType\":\"t\",\"fields\":[]}")))
                .hasMessage("not a valid StoreRecord: fields is not a JSON object");
        assertThatThrownBy(() -> StoreValue.read(utf8("{\"schemaVersion\":1,\"objectType\":\"t\",\"fields\":{}} x")))
                .isInstanceOf(Payloads.UnreadablePayloadException.class);
        assertThatThrownBy(() -> StoreValue.read(utf8("{\"schemaVersion\":1,\"objectType\":\"t\",\"fields\":{\"a\":")))
                .isInstanceOf(Payloads.UnreadablePayloadException.class);
    }

    @Test
    void anEventRecordAsTheImporterWritesItIsReadWithTheEventsTarget() throws Exception {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("type", "purchase");
        event.put("identifiers", Map.of("email", "ann@example.com"));
        event.put("data", Map.of("idempotence_id", "6f1c7a2e-0000-3000-8000-000000000000"));
        byte[] value = mapper.writeValueAsBytes(StoreRecord.of(StoreRecord.Target.events(), event));

        StoreValue read = StoreValue.read(value);

        assertThat(read.target()).isEqualTo(StoreRecord.Target.events());
        assertThat(new String(read.fieldsJson(), StandardCharsets.UTF_8)).isEqualTo(mapper.writeValueAsString(event));
    }

    @Test
    void anObjectRecordWrittenByOfReadsAsBeforeTargetsExisted() throws Exception {
        byte[] value = mapper.writeValueAsBytes(
                StoreRecord.of(StoreRecord.Target.objects("orders"), Map.of("order_id", "o-1")));

        assertThat(new String(value, StandardCharsets.UTF_8)).doesNotContain("target");
        assertThat(StoreValue.read(value).target()).isEqualTo(StoreRecord.Target.objects("orders"));
    }

    @Test
    void aTargetIsReadInAnyVersionAndAnObjectsTargetWithoutTypeTakesTheObjectType() {
        assertThat(StoreValue.read(utf8("{\"schemaVersion\":2,\"target\":{\"kind\":\"OBJECTS\",\"objectType\":\"o\"},"
                                + "\"fields\":{}}"))
                        .target())
                .isEqualTo(StoreRecord.Target.objects("o"));
        assertThat(StoreValue.read(utf8("{\"schemaVersion\":2,\"objectType\":\"t\",\"target\":{\"kind\":\"OBJECTS\"},"
                                + "\"fields\":{}}"))
                        .target())
                .isEqualTo(StoreRecord.Target.objects("t"));
        assertThat(StoreValue.read(utf8(
                                "{\"target\":{\"later\":[1],\"kind\":\"EVENTS\"},\"schemaVersion\":1,\"fields\":{}}"))
                        .target())
                .isEqualTo(StoreRecord.Target.events());
    }

    @Test
    void aNullTargetIsAbsent() {
        assertThat(StoreValue.read(utf8("{\"schemaVersion\":1,\"objectType\":\"t\",\"target\":null,\"fields\":{}}"))
                        .target())
                .isEqualTo(StoreRecord.Target.objects("t"));
        assertThatThrownBy(() -> StoreValue.read(utf8("{\"schemaVersion\":2,\"target\":null,\"fields\":{}}")))
                .hasMessage("not a valid StoreRecord: schemaVersion 2 without a target");
    }

    @Test
    void aVersion2ValueWithoutAKnownTargetIsUnreadable() {
        assertThatThrownBy(() -> StoreValue.read(utf8("{\"schemaVersion\":2,\"objectType\":\"t\",\"fields\":{}}")))
                .isInstanceOf(Payloads.UnreadablePayloadException.class)
                .hasMessage("not a valid StoreRecord: schemaVersion 2 without a target");
        assertThatThrownBy(() ->
                        StoreValue.read(utf8("{\"schemaVersion\":2,\"target\":{\"kind\":\"PROFILES\"},\"fields\":{}}")))
                .isInstanceOf(Payloads.UnreadablePayloadException.class)
                .hasMessage("not a valid StoreRecord: target is not an object with kind OBJECTS or EVENTS");
        assertThatThrownBy(() -> StoreValue.read(utf8("{\"schemaVersion\":2,\"target\":\"EVENTS\",\"fields\":{}}")))
                .hasMessage("not a valid StoreRecord: target is not an object with kind OBJECTS or EVENTS");
        assertThatThrownBy(() ->
                        StoreValue.read(utf8("{\"schemaVersion\":2,\"target\":{\"kind\":\"OBJECTS\"},\"fields\":{}}")))
                .hasMessage("not a valid StoreRecord: no objectType");
    }
}
