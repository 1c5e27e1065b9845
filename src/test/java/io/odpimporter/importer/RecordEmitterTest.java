package io.odpimporter.importer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.odpimporter.config.ImporterConfig;
import io.odpimporter.domain.BlobVersion;
import io.odpimporter.domain.FileDiscovered;
import io.odpimporter.domain.FileFormat;
import io.odpimporter.domain.RecordHeaders;
import io.odpimporter.domain.StoreHeaderLayout;
import io.odpimporter.domain.StoreRecord;
import io.odpimporter.importer.read.SourceRecord;
import io.odpimporter.kafka.KafkaWriter;
import io.odpimporter.kafka.Payloads;
import io.odpimporter.kafka.StoreWriter;
import io.odpimporter.metrics.PipelineMetrics;
import io.odpimporter.rules.InvalidRecordException;
import io.odpimporter.rules.Payload;
import io.odpimporter.rules.Rule;
import io.odpimporter.runs.RunRegistry;
import io.odpimporter.testing.TestConfig;
import io.odpimporter.testing.TestRules;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Cluster;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each record goes through its file's rule: the rule's transform (with the blob version and the record's index), its
 * record() (objects to their object type, events to the events target), keyed by the payload's key; parked records
 * carry the rule; duplicate ids are counted for objects only.
 */
class RecordEmitterTest {

    static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    static final String STORES = "odp-importer.stores";
    static final String DEAD_LETTER = "odp-importer.dead-letter";

    private final MockProducer<String, byte[]> shared =
            new MockProducer<>(cluster(), true, null, new StringSerializer(), new ByteArraySerializer());
    private final MockProducer<String, byte[]> importer =
            new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer());
    private final ImporterConfig config = TestConfig.load(Map.of());
    private final KafkaWriter writer = new KafkaWriter(shared, MAPPER);
    private final RecordEmitter emitter = new RecordEmitter(
            config,
            writer,
            new RunRegistry(null, config, writer, new Payloads(MAPPER), null, null, null, null, null),
            new PipelineMetrics(new SimpleMeterRegistry()));
    private final FileDiscovered event = new FileDiscovered(
            1,
            "acct",
            "c",
            "in/p.jsonl",
            "0x1",
            Instant.EPOCH,
            10,
            FileDiscovered.Source.SWEEP,
            "run-1",
            Instant.EPOCH,
            false);

    private static Cluster cluster() {
        Node node = new Node(0, "localhost", 9092);
        List<PartitionInfo> partitions = List.of(
                new PartitionInfo(DEAD_LETTER, 0, node, new Node[] {node}, new Node[] {node}),
                new PartitionInfo("odp-importer.runs", 0, node, new Node[] {node}, new Node[] {node}));
        return new Cluster("test", List.of(node), partitions, Set.of(), Set.of());
    }

    /** Keys each record by its "email" field; refuses a record without one. */
    private static Payload byEmail(JsonNode record, BlobVersion version, long index) throws InvalidRecordException {
        if (!record.hasNonNull("email")) {
            throw new InvalidRecordException("no email");
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("type", "purchase");
        fields.put("identifiers", Map.of("email", record.get("email").asText()));
        fields.put("data", Map.of("idempotence_id", version.etag() + "#" + index));
        return new Payload(record.get("email").asText(), fields);
    }

    private DuplicateIds emit(Rule rule, JsonNode... records) {
        DuplicateIds duplicates = new DuplicateIds(1000, 0);
        StoreWriter.Window window = new StoreWriter(importer, MAPPER).window(STORES);
        RecordEmitter.ForFile file = emitter.forFile(
                event,
                rule,
                FileFormat.parse("jsonl"),
                window,
                duplicates,
                null,
                RecordHeaders.file(StoreHeaderLayout.SEPARATE, "run-1", event.version(), -1),
                0,
                new ErrorBudgetGate(rule.budget(), 5));
        for (int i = 0; i < records.length; i++) {
            file.emit(SourceRecord.of(i, i + 1, i * 10L, 10, records[i]));
        }
        file.awaitAcknowledged();
        return duplicates;
    }

    private static JsonNode json(String text) throws Exception {
        return MAPPER.readTree(text);
    }

    @Test
    void anEventsRulesRecordsGoToTheEventsTargetKeyedByTheirKeyWithoutDuplicateCounting() throws Exception {
        Rule purchases = TestRules.rule(
                "purchases@0a1b2c3d",
                "in/",
                StoreRecord.Target.events(),
                List.of("email"),
                Optional.empty(),
                RecordEmitterTest::byEmail);

        DuplicateIds duplicates = emit(purchases, json("{\"email\":\"a@x\"}"), json("{\"email\":\"a@x\"}"));

        List<ProducerRecord<String, byte[]>> sent = importer.history();
        assertThat(sent).extracting(ProducerRecord::key).containsExactly("a@x", "a@x");
        JsonNode value = MAPPER.readTree(sent.get(1).value());
        assertThat(value.get("schemaVersion").asInt()).isEqualTo(StoreRecord.EVENTS_SCHEMA_VERSION);
        assertThat(value.has("objectType")).isFalse();
        assertThat(value.get("target").get("kind").asText()).isEqualTo("EVENTS");
        // the transform saw the blob version and the record's index
        assertThat(value.at("/fields/data/idempotence_id").asText()).isEqualTo("0x1#1");
        // two events of one customer are not duplicate ids
        assertThat(duplicates.count()).isZero();
    }

    @Test
    void anObjectsRulesRecordsGoToItsObjectTypeAndCountDuplicateIds() throws Exception {
        Rule orders = TestRules.rule("orders@0a1b2c3d", "in/", StoreRecord.Target.objects("orders"), List.of());

        DuplicateIds duplicates = emit(orders, json("{\"key\":\"o-1\"}"), json("{\"key\":\"o-1\"}"));

        assertThat(importer.history()).extracting(ProducerRecord::key).containsExactly("o-1", "o-1");
        JsonNode value = MAPPER.readTree(importer.history().get(0).value());
        assertThat(value.get("schemaVersion").asInt()).isEqualTo(StoreRecord.SCHEMA_VERSION);
        assertThat(value.get("objectType").asText()).isEqualTo("orders");
        assertThat(value.has("target")).isFalse();
        assertThat(duplicates.count()).isEqualTo(1);
    }

    @Test
    void aParkedRecordsDeadLetterCarriesTheRuleAndNoTarget() throws Exception {
        Rule purchases = TestRules.rule(
                "purchases@0a1b2c3d",
                "in/",
                StoreRecord.Target.events(),
                List.of("email"),
                Optional.empty(),
                RecordEmitterTest::byEmail);

        emit(purchases, json("{\"sku\":1}"));

        assertThat(importer.history()).isEmpty();
        ProducerRecord<String, byte[]> parked = shared.history().stream()
                .filter(r -> r.topic().equals(DEAD_LETTER))
                .findFirst()
                .orElseThrow();
        JsonNode deadLetter = MAPPER.readTree(parked.value());
        assertThat(deadLetter.get("kind").asText()).isEqualTo("INVALID_RECORD");
        assertThat(deadLetter.get("reason").asText()).isEqualTo("no email");
        assertThat(deadLetter.get("rule").asText()).isEqualTo("purchases@0a1b2c3d");
        assertThat(deadLetter.has("target")).isFalse();
    }

    @Test
    void theDefaultRulesRecordsAndDeadLettersAreWhatTheyWereBeforeRules() throws Exception {
        Rule standard = TestRules.empty().all().get(0);

        emit(standard, json("{\"id\":\"s-1\",\"name\":\"A\"}"), json("{\"name\":\"no id\"}"));

        assertThat(importer.history()).extracting(ProducerRecord::key).containsExactly("s-1");
        assertThat(MAPPER.readTree(importer.history().get(0).value()))
                .isEqualTo(json("{\"schemaVersion\":1,\"objectType\":\"ocp_quickstart_offline_stores\","
                        + "\"fields\":{\"ocp_quickstart_offline_store_id\":\"s-1\",\"offline_store_name\":\"A\"}}"));
        JsonNode deadLetter = MAPPER.readTree(shared.history().stream()
                .filter(r -> r.topic().equals(DEAD_LETTER))
                .findFirst()
                .orElseThrow()
                .value());
        assertThat(deadLetter.has("rule")).isFalse();
        assertThat(deadLetter.has("target")).isFalse();
    }
}
