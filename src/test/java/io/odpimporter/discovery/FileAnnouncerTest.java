package io.odpimporter.discovery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.odpimporter.config.ImporterConfig;
import io.odpimporter.domain.FileDiscovered;
import io.odpimporter.domain.StoreRecord;
import io.odpimporter.domain.Trigger;
import io.odpimporter.kafka.KafkaWriter;
import io.odpimporter.kafka.Payloads;
import io.odpimporter.metrics.PipelineMetrics;
import io.odpimporter.rules.Rules;
import io.odpimporter.runs.RunRegistry;
import io.odpimporter.state.Ledger;
import io.odpimporter.testing.TestConfig;
import io.odpimporter.testing.TestRules;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Cluster;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The order in which the sweep, the webhook and the replay announce a file, which is their crash safety: no
 * IN_PROGRESS ledger state before its file event is acknowledged, and each caller's own order otherwise. Kafka is a
 * {@link MockProducer} whose sends complete only when the test says so; each announcement runs on a thread of its own,
 * and the test looks at what was sent while that thread waits for an acknowledgement.
 */
class FileAnnouncerTest {

    static final String FILES = "odp-importer.files";
    static final String RUNS = "odp-importer.runs";
    static final String LEDGER = "odp-importer.ledger";
    static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private final MockProducer<String, byte[]> kafka =
            new MockProducer<>(cluster(), false, null, new StringSerializer(), new ByteArraySerializer());
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final FileAnnouncer announcer = announcer();
    private final ExecutorService caller = Executors.newSingleThreadExecutor(r -> new Thread(r, "announcing"));

    @AfterEach
    void stop() {
        caller.shutdownNow();
    }

    private FileAnnouncer announcer() {
        return announcer(TestRules.empty());
    }

    private FileAnnouncer announcer(Rules rules) {
        ImporterConfig config = TestConfig.load(Map.of());
        KafkaWriter writer = new KafkaWriter(kafka, MAPPER);
        Payloads payloads = new Payloads(MAPPER);
        return new FileAnnouncer(
                config,
                writer,
                new Ledger(null, config, writer, payloads),
                new RunRegistry(null, config, writer, payloads, null, null, null, null, null),
                new PipelineMetrics(meters),
                rules);
    }

    private static Cluster cluster() {
        Node node = new Node(0, "localhost", 9092);
        List<PartitionInfo> partitions = new ArrayList<>();
        for (String topic : List.of(FILES, RUNS, LEDGER)) {
            for (int p = 0; p < 3; p++) {
                partitions.add(new PartitionInfo(topic, p, node, new Node[] {node}, new Node[] {node}));
            }
        }
        return new Cluster("test", List.of(node), partitions, Set.of(), Set.of());
    }

    private static FileDiscovered event(String blob, FileDiscovered.Source source) {
        return new FileDiscovered(
                1,
                "acct",
                "offline-stores",
                blob,
                "0x1",
                Instant.parse("2026-11-29T06:00:00Z"),
                10,
                source,
                "run-1",
                Instant.parse("2026-11-29T06:00:01Z"),
                false);
    }

    /** @return topic and key of each record sent so far, in order */
    private List<String> sent() {
        return kafka.history().stream().map(r -> r.topic() + " " + r.key()).toList();
    }

    /** Waits until the announcing thread waits for an acknowledgement with (at least) {@code count} records sent. */
    private void awaitWaitingWith(Future<?> call, int count) {
        await().atMost(Duration.ofSeconds(10))
                .until(() -> call.isDone() || (kafka.history().size() >= count && waitingForKafka()));
        assertThat(call).isNotDone();
        assertThat(kafka.history()).hasSize(count);
    }

    private boolean waitingForKafka() {
        return Thread.getAllStackTraces().entrySet().stream()
                .filter(t -> t.getKey().getName().equals("announcing"))
                .anyMatch(t -> t.getKey().getState() == Thread.State.WAITING
                        && Arrays.stream(t.getValue())
                                .anyMatch(f -> f.getClassName().equals(KafkaWriter.class.getName())
                                        && f.getMethodName().equals("await")));
    }

    private double discovered(String source) {
        var counter = meters.find("odp.importer.blobs.discovered")
                .tag("source", source)
                .counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void theSweepSendsTheRunEventAndTheLedgerStateOnlyOnceTheFileEventIsAcknowledged() throws Exception {
        Future<CompletableFuture<Void>> call = caller.submit(
                () -> announcer.announce(event("a@b/ü.json", FileDiscovered.Source.SWEEP), Trigger.MANUAL));

        awaitWaitingWith(call, 1);
        assertThat(sent()).containsExactly(FILES + " a@b/ü.json");

        kafka.completeNext();
        CompletableFuture<Void> rest = call.get();
        assertThat(sent())
                .containsExactly(
                        FILES + " a@b/ü.json",
                        RUNS + " run-1/FILE_DISCOVERED/offline-stores/a@b/ü.json@0x1",
                        LEDGER + " offline-stores/a@b/ü.json@0x1");
        JsonNode state = MAPPER.readTree(kafka.history().get(2).value());
        assertThat(state.get("state").asText()).isEqualTo("IN_PROGRESS");
        assertThat(state.get("runId").asText()).isEqualTo("run-1");
        // the blob's Last-Modified, for the files API's time filters
        assertThat(state.get("lastModified").asText()).isEqualTo("2026-11-29T06:00:00Z");
        assertThat(discovered("manual")).isEqualTo(1);
        assertThat(rest).isNotDone();
        kafka.completeNext();
        kafka.completeNext();
        assertThat(rest).succeedsWithin(Duration.ofSeconds(5));
    }

    @Test
    void theWebhookWritesTheLedgerStatesOnlyOnceEveryFileAndRunEventIsAcknowledged() throws Exception {
        CompletableFuture<Void> started = new CompletableFuture<>();
        List<FileDiscovered> events = List.of(
                event("a.json", FileDiscovered.Source.EVENT_GRID), event("b.json", FileDiscovered.Source.EVENT_GRID));
        Future<?> call = caller.submit(() -> announcer.announceAll(events, started, Trigger.EVENT_GRID));

        awaitWaitingWith(call, 4);
        assertThat(sent())
                .containsExactly(
                        RUNS + " run-1/FILE_DISCOVERED/offline-stores/a.json@0x1",
                        FILES + " a.json",
                        RUNS + " run-1/FILE_DISCOVERED/offline-stores/b.json@0x1",
                        FILES + " b.json");
        for (int i = 0; i < 4; i++) {
            kafka.completeNext();
        }
        // the run's STARTED, sent alongside, is not acknowledged yet
        awaitWaitingWith(call, 4);

        started.complete(null);
        awaitWaitingWith(call, 6);
        assertThat(sent().subList(4, 6))
                .containsExactly(LEDGER + " offline-stores/a.json@0x1", LEDGER + " offline-stores/b.json@0x1");
        assertThat(discovered("event_grid")).isZero();
        kafka.completeNext();
        kafka.completeNext();
        call.get();
        assertThat(discovered("event_grid")).isEqualTo(2);
    }

    @Test
    void theReplayAnnouncesTheRunEventThenTheFileEventAndNoLedgerState() throws Exception {
        FileDiscovered replayed = new FileDiscovered(
                1,
                null,
                "offline-stores",
                "bad.json",
                "0x1",
                null,
                -1,
                FileDiscovered.Source.MANUAL,
                "run-2",
                Instant.now(),
                true);
        Future<?> call = caller.submit(() -> announcer.announceAgain(replayed, Trigger.REPLAY));

        awaitWaitingWith(call, 1);
        assertThat(sent()).containsExactly(RUNS + " run-2/FILE_DISCOVERED/offline-stores/bad.json@0x1");
        kafka.completeNext();
        awaitWaitingWith(call, 2);
        assertThat(sent().get(1)).isEqualTo(FILES + " bad.json");
        kafka.completeNext();
        call.get();
        assertThat(kafka.history()).extracting(ProducerRecord::topic).doesNotContain(LEDGER);
        assertThat(discovered("replay")).isEqualTo(1);
    }

    private static final Rules ORDERS_ONLY = new TestRules(
            TestRules.rule("orders@0a1b2c3d", "orders/", StoreRecord.Target.objects("orders"), List.of("order_no")));

    @Test
    void aMatchedBlobsFileEventCarriesItsRuleAndTheDefaultRulesCarriesNone() throws Exception {
        FileAnnouncer withRules = announcer(ORDERS_ONLY);
        Future<CompletableFuture<Void>> call = caller.submit(
                () -> withRules.announce(event("orders/1.jsonl", FileDiscovered.Source.SWEEP), Trigger.MANUAL));
        awaitWaitingWith(call, 1);
        JsonNode fileEvent = MAPPER.readTree(kafka.history().get(0).value());
        assertThat(fileEvent.get("rule").asText()).isEqualTo("orders@0a1b2c3d");
        kafka.completeNext();
        call.get();

        // an empty configuration: the event is exactly what it was before rules
        assertThat(announcer.matched(event("any.json", FileDiscovered.Source.SWEEP)))
                .hasValue(event("any.json", FileDiscovered.Source.SWEEP));
        assertThat(MAPPER.readTree(MAPPER.writeValueAsString(event("any.json", FileDiscovered.Source.SWEEP)))
                        .has("rule"))
                .isFalse();
    }

    @Test
    void aBlobNoRuleMatchesIsRecordedSkippedWithTheReasonAndNeverPublishedOrLedgered() throws Exception {
        FileAnnouncer withRules = announcer(ORDERS_ONLY);
        Future<CompletableFuture<Void>> call = caller.submit(
                () -> withRules.announce(event("stores/1.csv", FileDiscovered.Source.SWEEP), Trigger.MANUAL));
        CompletableFuture<Void> acks = call.get(10, TimeUnit.SECONDS);

        assertThat(sent())
                .containsExactly(
                        RUNS + " run-1/FILE_DISCOVERED/offline-stores/stores/1.csv@0x1",
                        RUNS + " run-1/FILE_DONE/offline-stores/stores/1.csv@0x1");
        JsonNode done = MAPPER.readTree(kafka.history().get(1).value());
        assertThat(done.get("status").asText()).isEqualTo("SKIPPED");
        assertThat(done.get("error").asText()).isEqualTo(ORDERS_ONLY.noMatchReason("stores/1.csv"));
        assertThat(done.has("rule")).isFalse();
        assertThat(discovered("manual")).isZero();
        kafka.completeNext();
        kafka.completeNext();
        assertThat(acks).succeedsWithin(Duration.ofSeconds(5));
    }

    @Test
    void theWebhookPublishesTheMatchedBlobsAndRecordsTheOthersSkipped() throws Exception {
        FileAnnouncer withRules = announcer(ORDERS_ONLY);
        CompletableFuture<Void> started = CompletableFuture.completedFuture(null);
        List<FileDiscovered> events = List.of(
                event("orders/a.json", FileDiscovered.Source.EVENT_GRID),
                event("other/b.json", FileDiscovered.Source.EVENT_GRID));
        Future<Integer> call = caller.submit(() -> withRules.announceAll(events, started, Trigger.EVENT_GRID));

        awaitWaitingWith(call, 4);
        assertThat(sent())
                .containsExactly(
                        RUNS + " run-1/FILE_DISCOVERED/offline-stores/orders/a.json@0x1",
                        FILES + " orders/a.json",
                        RUNS + " run-1/FILE_DISCOVERED/offline-stores/other/b.json@0x1",
                        RUNS + " run-1/FILE_DONE/offline-stores/other/b.json@0x1");
        for (int i = 0; i < 4; i++) {
            kafka.completeNext();
        }
        awaitWaitingWith(call, 5);
        assertThat(sent().get(4)).isEqualTo(LEDGER + " offline-stores/orders/a.json@0x1");
        kafka.completeNext();
        assertThat(call.get()).isEqualTo(1);
        assertThat(discovered("event_grid")).isEqualTo(1);
    }
}
