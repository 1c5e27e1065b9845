package io.odpimporter.kafka;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.odpimporter.domain.StoreRecord;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The streaming writer of store records writes the bytes the mapper writes, so readers see no difference. */
class StoreRecordJsonTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final StoreRecordJson json = new StoreRecordJson(MAPPER);

    private void assertSameAsTheMapper(StoreRecord value) throws Exception {
        assertThat(new String(json.write(value), StandardCharsets.UTF_8))
                .isEqualTo(new String(MAPPER.writeValueAsBytes(value), StandardCharsets.UTF_8));
    }

    @Test
    void aTypicalRecordIsWrittenAsTheMapperWritesIt() throws Exception {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("store_id", "s-1");
        fields.put("store_name", "Main \"Street\" café ✓ \u0001");
        fields.put("store_location", "Oslo\nNorway");
        assertSameAsTheMapper(new StoreRecord(StoreRecord.SCHEMA_VERSION, "stores", fields));
    }

    @Test
    void numbersBooleansNullsAndAnEmptyPayloadAreWrittenAsTheMapperWritesThem() throws Exception {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("id", "1");
        fields.put("count", 42);
        fields.put("price", 9.5);
        fields.put("open", true);
        fields.put("gone", null);
        assertSameAsTheMapper(new StoreRecord(StoreRecord.SCHEMA_VERSION, "stores", fields));
        assertSameAsTheMapper(new StoreRecord(StoreRecord.SCHEMA_VERSION, "stores", Map.of()));
        assertSameAsTheMapper(new StoreRecord(StoreRecord.SCHEMA_VERSION, null, null));
    }

    @Test
    void aRecordWithATargetIsWrittenAsTheMapperWritesIt() throws Exception {
        assertSameAsTheMapper(new StoreRecord(
                StoreRecord.SCHEMA_VERSION, "stores", Map.of("id", "1"), StoreRecord.Target.objects("stores")));
    }

    @Test
    void theBufferIsReusedWithoutLeakingTheLastRecord() throws Exception {
        StoreRecord longer = new StoreRecord(StoreRecord.SCHEMA_VERSION, "stores", Map.of("id", "x".repeat(2000)));
        StoreRecord shorter = new StoreRecord(StoreRecord.SCHEMA_VERSION, "stores", Map.of("id", "y"));
        json.write(longer);
        assertSameAsTheMapper(shorter);
        assertThat(json.write(shorter)).isEqualTo(MAPPER.writeValueAsBytes(shorter));
    }
}
