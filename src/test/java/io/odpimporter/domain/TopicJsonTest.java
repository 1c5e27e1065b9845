package io.odpimporter.domain;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.odpimporter.kafka.Payloads;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The JSON of the typed values is what the values wrote before them: the optional fields for the next issues are
 * absent by default and then not written, the kinds keep their spelling, derived methods ({@code key()},
 * {@code version()}) are not written; and what the next issues add reads. The mapper is configured as Quarkus'
 * default one (dates as ISO-8601, unknown fields ignored).
 */
class TopicJsonTest {

    static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    static final Instant AT = Instant.parse("2026-11-29T06:00:02.311Z");
    private final Payloads payloads = new Payloads(MAPPER);

    @Test
    void aFileEventWithoutARuleIsWrittenAsBefore() throws Exception {
        FileDiscovered event = new FileDiscovered(
                1, "acct", "c", "a@b/ü.json", "0x1", AT, 3, FileDiscovered.Source.SWEEP, "run-1", AT, false, null);
        assertThat(MAPPER.writeValueAsString(event))
                .isEqualTo("{\"schemaVersion\":1,\"account\":\"acct\","
                        + "\"container\":\"c\",\"blobName\":\"a@b/ü.json\",\"etag\":\"0x1\",\"lastModified\":"
                        + "\"2026-11-29T06:00:02.311Z\",\"contentLength\":3,\"source\":\"SWEEP\",\"runId\":\"run-1\","
                        + "\"discoveredAt\":\"2026-11-29T06:00:02.311Z\",\"force\":false,\"versionId\":null}");
    }

    @Test
    void aFileEventWithARuleCarriesItAndReadsBack() throws Exception {
        FileDiscovered event = new FileDiscovered(
                1,
                "acct",
                "c",
                "a.json",
                "0x1",
                AT,
                3,
                FileDiscovered.Source.SWEEP,
                "run-1",
                AT,
                false,
                null,
                RuleRef.parse("stores-json@0a1b2c3d"));
        String json = MAPPER.writeValueAsString(event);
        assertThat(json).endsWith(",\"versionId\":null,\"rule\":\"stores-json@0a1b2c3d\"}");
        assertThat(payloads.read(json, FileDiscovered.class, FileDiscovered.SCHEMA_VERSION))
                .isEqualTo(event);
    }

    @Test
    void aLedgerEntryWithoutTheNewFieldsIsWrittenAsBefore() throws Exception {
        LedgerEntry entry = new LedgerEntry(
                new BlobVersion("c", "a.json", "0x1"), LedgerEntry.State.IMPORTED, "run-1", 12, null, AT);
        assertThat(MAPPER.writeValueAsString(entry))
                .isEqualTo("{\"schemaVersion\":1,\"container\":\"c\","
                        + "\"blobName\":\"a.json\",\"etag\":\"0x1\",\"state\":\"IMPORTED\",\"runId\":\"run-1\",\"records\":12,"
                        + "\"error\":null,\"updatedAt\":\"2026-11-29T06:00:02.311Z\"}");
    }

    @Test
    void aDeliveredEntryWithCountsRuleAndAfterImportReads() throws Exception {
        // what a later release writes: this one reads it (DELIVERED is done, like IMPORTED)
        String later = "{\"schemaVersion\":1,\"container\":\"c\",\"blobName\":\"a.json\",\"etag\":\"0x1\","
                + "\"state\":\"DELIVERED\",\"runId\":\"run-1\",\"records\":12,\"error\":null,"
                + "\"updatedAt\":\"2026-11-29T06:00:02.311Z\",\"rule\":\"stores-json\",\"accepted\":10,"
                + "\"rejected\":1,\"parked\":2,\"afterImport\":{\"action\":\"move\",\"state\":\"DONE\","
                + "\"at\":\"2026-11-29T06:00:02.311Z\"}}";
        LedgerEntry entry = payloads.read(later, LedgerEntry.class, LedgerEntry.SCHEMA_VERSION);
        assertThat(entry)
                .isEqualTo(new LedgerEntry(
                        1,
                        "c",
                        "a.json",
                        "0x1",
                        LedgerEntry.State.DELIVERED,
                        "run-1",
                        12,
                        null,
                        AT,
                        RuleRef.parse("stores-json"),
                        10L,
                        1L,
                        2L,
                        new LedgerEntry.AfterImport("move", LedgerEntry.ActionState.DONE, AT, null)));
        assertThat(MAPPER.readTree(MAPPER.writeValueAsString(entry))).isEqualTo(MAPPER.readTree(later));
    }

    @Test
    void aStoreRecordWithoutATargetIsWrittenAsBefore() throws Exception {
        StoreRecord record = new StoreRecord(1, "stores", Map.of("id", "s-1"));
        assertThat(MAPPER.writeValueAsString(record))
                .isEqualTo("{\"schemaVersion\":1,\"objectType\":\"stores\",\"fields\":{\"id\":\"s-1\"}}");
        StoreRecord events = new StoreRecord(1, "stores", Map.of("id", "s-1"), StoreRecord.Target.events());
        assertThat(MAPPER.writeValueAsString(events))
                .isEqualTo("{\"schemaVersion\":1,\"objectType\":\"stores\","
                        + "\"fields\":{\"id\":\"s-1\"},\"target\":{\"kind\":\"EVENTS\"}}");
        StoreRecord objects = new StoreRecord(1, "stores", Map.of("id", "s-1"), StoreRecord.Target.objects("stores"));
        assertThat(payloads.read(MAPPER.writeValueAsString(objects), StoreRecord.class, StoreRecord.SCHEMA_VERSION))
                .isEqualTo(objects);
    }

    @Test
    void aDeadLettersKindIsSpelledAsBefore() throws Exception {
        DeadLetter parked = new DeadLetter(
                1, DeadLetterKind.FAILED_FILE, "run-1", "c", "a.json", "0x1", 5, 77, "bad JSON", null, AT);
        String json = MAPPER.writeValueAsString(parked);
        assertThat(json)
                .isEqualTo("{\"schemaVersion\":1,\"kind\":\"FAILED_FILE\",\"runId\":\"run-1\","
                        + "\"container\":\"c\",\"blobName\":\"a.json\",\"etag\":\"0x1\",\"recordIndex\":5,\"byteOffset\":77,"
                        + "\"reason\":\"bad JSON\",\"value\":null,\"parkedAt\":\"2026-11-29T06:00:02.311Z\"}");
        for (DeadLetterKind kind : DeadLetterKind.values()) {
            String old = json.replace("FAILED_FILE", kind.name());
            assertThat(MAPPER.readValue(old, DeadLetter.class).kind()).isEqualTo(kind);
        }
    }
}
