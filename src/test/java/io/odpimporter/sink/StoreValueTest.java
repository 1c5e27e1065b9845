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

        assertThat(read.objectType()).isEqualTo("ocp_quickstart_offline_stores");
        assertThat(new String(read.fieldsJson(), StandardCharsets.UTF_8)).isEqualTo(mapper.writeValueAsString(fields));
        assertThat(mapper.readValue(read.fieldsJson(), Map.class)).isEqualTo(fields);
    }

    @Test
    void nestedValuesAndUnknownPropertiesInAnyOrderAreRead() {
        StoreValue read = StoreValue.read(
                utf8(
                        "{\"fields\":{\"a\":{\"b\":[1,{\"c\":\"}\"}]}},\"later\":[1,2],\"objectType\":\"t\",\"schemaVersion\":1}"));

        assertThat(read.objectType()).isEqualTo("t");
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
        assertThatThrownBy(() -> StoreValue.read(utf8("{\"schemaVersion\":2,\"objectType\":\"t\",\"fields\":{}}")))
                .hasMessage("unknown schemaVersion 2 (this service reads up to 1)");
        assertThatThrownBy(() -> StoreValue.read(utf8("{\"schemaVersion\":1,\"fields\":{}}")))
                .hasMessage("not a valid StoreRecord: no objectType");
        assertThatThrownBy(() -> StoreValue.read(utf8("{\"schemaVersion\":1,\"objectType\":\"t\",\"fields\":[]}")))
                .hasMessage("not a valid StoreRecord: fields is not a JSON object");
        assertThatThrownBy(() -> StoreValue.read(utf8("{\"schemaVersion\":1,\"objectType\":\"t\",\"fields\":{}} x")))
                .isInstanceOf(Payloads.UnreadablePayloadException.class);
        assertThatThrownBy(() -> StoreValue.read(utf8("{\"schemaVersion\":1,\"objectType\":\"t\",\"fields\":{\"a\":")))
                .isInstanceOf(Payloads.UnreadablePayloadException.class);
    }
}
