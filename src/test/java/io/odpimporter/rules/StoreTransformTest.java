package io.odpimporter.rules;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StoreTransformTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static final StoreTransform DEFAULT =
            new StoreTransform("ocp_quickstart_offline_store_id", "offline_store_name", "offline_store_location", 1024);

    private static JsonNode json(String s) throws Exception {
        return MAPPER.readTree(s);
    }

    @Test
    void mapsAStoreToTheOdpPayloadOfTheQuickstart() throws Exception {
        Payload p = DEFAULT.transform(
                json("{\"id\":\"7651b3f5\",\"name\":\"Shop Emporium\",\"location\":\"New York City\"}"));
        assertThat(p.primaryKey()).isEqualTo("7651b3f5");
        assertThat(p.fields())
                .containsEntry("ocp_quickstart_offline_store_id", "7651b3f5")
                .containsEntry("offline_store_name", "Shop Emporium")
                .containsEntry("offline_store_location", "New York City")
                .hasSize(3);
    }

    @Test
    void usesTheConfiguredFieldNames() throws Exception {
        StoreTransform prefixed = new StoreTransform(
                "ocp_quickstart_offline_store_id",
                "ocp_quickstart_offline_store_name",
                "ocp_quickstart_offline_store_location",
                1024);
        assertThat(prefixed.transform(json("{\"id\":\"1\",\"name\":\"N\",\"location\":\"L\"}"))
                        .fields())
                .containsOnlyKeys(
                        "ocp_quickstart_offline_store_id",
                        "ocp_quickstart_offline_store_name",
                        "ocp_quickstart_offline_store_location");
    }

    @Test
    void trimsStringsAndDropsEmptyAndNullFieldsLikeTheOriginalSdk() throws Exception {
        Payload p = DEFAULT.transform(json("{\"id\":\"  42 \",\"name\":\"  \",\"location\":null}"));
        assertThat(p.primaryKey()).isEqualTo("42");
        assertThat(p.fields()).containsOnlyKeys("ocp_quickstart_offline_store_id");
    }

    @Test
    void ignoresUnknownProperties() throws Exception {
        assertThat(DEFAULT.transform(json("{\"id\":\"1\",\"extra\":true}")).fields())
                .containsOnlyKeys("ocp_quickstart_offline_store_id");
    }

    @Test
    void refusesRecordsWithoutAStringId() {
        assertThatThrownBy(() -> DEFAULT.transform(json("{\"name\":\"x\"}")))
                .hasMessageContaining("missing or empty \"id\"");
        assertThatThrownBy(() -> DEFAULT.transform(json("{\"id\":\"   \"}")))
                .hasMessageContaining("missing or empty \"id\"");
        assertThatThrownBy(() -> DEFAULT.transform(json("{\"id\":12}")))
                .hasMessageContaining("\"id\" must be a string, found number");
    }

    @Test
    void refusesNonObjectsAndNonStringFields() {
        assertThatThrownBy(() -> DEFAULT.transform(json("[1]")))
                .hasMessageContaining("expected a JSON object {id, name, location}, found array");
        assertThatThrownBy(() -> DEFAULT.transform(json("{\"id\":\"1\",\"name\":{\"a\":1}}")))
                .hasMessageContaining("\"name\" must be a string, found object");
    }

    @Test
    void refusesTextLongerThanTheLimitCountingCharactersNotBytes() throws Exception {
        StoreTransform small = new StoreTransform("i", "n", "l", 3);
        assertThat(small.transform(json("{\"id\":\"1\",\"name\":\"ééé\"}")).fields())
                .containsEntry("n", "ééé");
        assertThatThrownBy(() -> small.transform(json("{\"id\":\"1\",\"name\":\"abcd\"}")))
                .hasMessageContaining("\"name\" is longer than 3 characters");
    }
}
