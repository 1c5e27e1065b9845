package io.odpimporter.domain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.odpimporter.kafka.Payloads;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Values and headers captured from real topics (src/test/resources/contract, written by the code before the typed
 * domain) decode with the domain types and encode again JSON-equal (as Jackson trees); headers are equal as maps
 * (name to UTF-8 value) once read and written again by {@link RecordHeaders}; keys are what the types say they are.
 * The runs topic (RunEvent) is another test's.
 */
class TopicFixturesTest {

    static final ObjectMapper MAPPER = TopicJsonTest.MAPPER;
    private final Payloads payloads = new Payloads(MAPPER);

    /** One captured record. */
    record Fixture(String key, Map<String, String> headers, String value, String note) {
        Headers kafkaHeaders() {
            List<Header> list = new ArrayList<>();
            headers.forEach((name, text) -> list.add(new RecordHeader(name, text.getBytes(StandardCharsets.UTF_8))));
            return new ProducerRecord<>("t", null, key, value, list).headers();
        }
    }

    static List<Fixture> fixtures(String topic) {
        try (InputStream in =
                TopicFixturesTest.class.getResourceAsStream("/contract/odp-importer." + topic + ".jsonl")) {
            assertThat(in).as("fixtures of %s", topic).isNotNull();
            List<Fixture> fixtures = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .lines()
                    .toList()) {
                JsonNode node = MAPPER.readTree(line);
                Map<String, String> headers = new LinkedHashMap<>();
                node.path("headers")
                        .fields()
                        .forEachRemaining(
                                h -> headers.put(h.getKey(), h.getValue().asText()));
                JsonNode value = node.get("value");
                fixtures.add(new Fixture(
                        node.path("key").isNull() ? null : node.path("key").asText(),
                        headers,
                        value == null || value.isNull() ? null : value.asText(),
                        node.path("note").asText()));
            }
            assertThat(fixtures).as("fixtures of %s", topic).isNotEmpty();
            return fixtures;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the value decoded as {@code type}, after checking it encodes again to the same JSON */
    private <T> T roundTrip(Fixture fixture, Class<T> type, int schemaVersion) throws IOException {
        T decoded = payloads.read(fixture.value(), type, schemaVersion);
        assertThat(MAPPER.readTree(MAPPER.writeValueAsString(decoded)))
                .as(fixture.note())
                .isEqualTo(MAPPER.readTree(fixture.value()));
        return decoded;
    }

    private static Map<String, String> asMap(Iterable<Header> headers) {
        Map<String, String> map = new LinkedHashMap<>();
        headers.forEach(h -> map.put(h.key(), new String(h.value(), StandardCharsets.UTF_8)));
        return map;
    }

    @Test
    void fileEvents() throws IOException {
        for (Fixture f : fixtures("files")) {
            FileDiscovered event = roundTrip(f, FileDiscovered.class, FileDiscovered.SCHEMA_VERSION);
            assertThat(f.key()).as(f.note()).isEqualTo(event.blobName());
            assertThat(BlobVersion.parse(event.version().key())).isEqualTo(event.version());
            assertThat(f.headers()).isEmpty();
        }
    }

    @Test
    void storeRecordsAndTheirHeaders() throws IOException {
        RecordHeaders.StoreReader reader = new RecordHeaders.StoreReader();
        for (Fixture f : fixtures("stores")) {
            roundTrip(f, StoreRecord.class, StoreRecord.SCHEMA_VERSION);
            RecordHeaders.Store store = reader.read(f.kafkaHeaders());
            assertThat(store.runId()).as(f.note()).isNotNull();
            assertThat(store.version()).as(f.note()).isNotNull();
            assertThat(store.badRecordIndex()).as(f.note()).isFalse();
            assertThat(asMap(store.headers())).as(f.note()).isEqualTo(f.headers());
        }
    }

    @Test
    void ledgerEntriesKeyedByTheirVersion() throws IOException {
        for (Fixture f : fixtures("ledger")) {
            LedgerEntry entry = roundTrip(f, LedgerEntry.class, LedgerEntry.SCHEMA_VERSION);
            assertThat(entry.key()).as(f.note()).isEqualTo(f.key());
            assertThat(BlobVersion.parse(f.key())).isEqualTo(entry.version());
        }
    }

    @Test
    void progressMarksKeyedByTheirVersion() throws IOException {
        for (Fixture f : fixtures("progress")) {
            assertThat(BlobVersion.parse(f.key()).key()).as(f.note()).isEqualTo(f.key());
            if (f.value() != null) {
                roundTrip(f, ProgressMark.class, ProgressMark.SCHEMA_VERSION);
            }
        }
    }

    @Test
    void lockEvents() throws IOException {
        for (Fixture f : fixtures("locks")) {
            if (f.value() == null) {
                // a released lock's tombstone: no value to decode (Payloads refuses it, as before)
                assertThat(f.note()).as(f.key()).containsIgnoringCase("tombstone");
                continue;
            }
            LockEvent event = roundTrip(f, LockEvent.class, LockEvent.SCHEMA_VERSION);
            assertThat(event.key()).as(f.note()).isEqualTo(f.key());
        }
    }

    @Test
    void deadLettersAndTheirHeaders() throws IOException {
        for (Fixture f : fixtures("dead-letter")) {
            DeadLetter parked = roundTrip(f, DeadLetter.class, DeadLetter.SCHEMA_VERSION);
            assertThat(parked.kind()).as(f.note()).isNotNull();
            assertThat(asMap(parked.headers())).as(f.note()).isEqualTo(f.headers());
        }
    }

    @Test
    void activityEntries() throws IOException {
        for (Fixture f : fixtures("activity")) {
            ActivityEntry entry = roundTrip(f, ActivityEntry.class, ActivityEntry.SCHEMA_VERSION);
            assertThat(entry.id()).as(f.note()).isEqualTo(f.key());
        }
    }

    @Test
    void runLogLines() throws IOException {
        for (Fixture f : fixtures("run-logs")) {
            RunLogLine line = roundTrip(f, RunLogLine.class, RunLogLine.SCHEMA_VERSION);
            assertThat(line.runId()).as(f.note()).isEqualTo(f.key());
        }
    }
}
