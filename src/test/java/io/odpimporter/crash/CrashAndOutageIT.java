package io.odpimporter.crash;

import com.azure.core.util.BinaryData;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.models.BlobItem;
import com.azure.storage.blob.models.ListBlobsOptions;
import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import io.odpimporter.contract.TopicDump;
import io.odpimporter.domain.BlobVersion;
import io.odpimporter.rules.EventIds;
import io.odpimporter.testing.Api;
import io.odpimporter.testing.AzuriteTestResource;
import io.odpimporter.testing.Blobs;
import io.odpimporter.testing.EventGrid;
import io.odpimporter.testing.KafkaTestClient;
import io.odpimporter.testing.OdpJournal;
import io.odpimporter.testing.OdpSchemaStandIn;
import io.odpimporter.testing.OdpTimeline;
import io.odpimporter.testing.OdpValidation;
import io.odpimporter.testing.Stores;
import io.restassured.response.Response;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.zip.GZIPOutputStream;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;

/**
 * The crash and outage suite: the packaged service in processes of its own ({@link ServiceProcess}), killed with
 * SIGKILL; a Kafka broker in a process of its own ({@link StandaloneKafka}), stopped and started again; Azurite;
 * the ODP stand-in (WireMock) playing outages, throttling, rejections and a refused key. Every scenario checks
 * that nothing is missing and counts what was sent twice; the figures go to {@code target/crash-suite/figures.md}.
 * Each scenario has its own container, topics and consumer groups.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CrashAndOutageIT {

    static final String ID = "ocp_quickstart_offline_store_id";
    static final String NAME = "offline_store_name";
    static final String API_KEY = "crash-suite-key";
    static final String WEBHOOK_SECRET = "crash-suite-webhook-secret";

    /** The importer's log line of a resume: format, record, line, byte offset. */
    static final Pattern RESUMED =
            Pattern.compile("\\(ETag [^,]+, ([a-z.]+)\\) at record (\\d+), line (-?\\d+), byte (\\d+)");
    /** The importer's log line of a gzip resume: the bytes inflated to reach the mark, from how many compressed. */
    static final Pattern INFLATED = Pattern.compile("took inflating (\\d+) byte\\(s\\) from (\\d+) compressed");

    static StandaloneKafka kafka;
    static WireMockServer odp;
    static String azurite;

    @BeforeAll
    static void start() throws Exception {
        kafka = new StandaloneKafka(Path.of("target", "crash-suite", "kafka").toAbsolutePath());
        kafka.start();
        azurite = new AzuriteTestResource().start().get("importer.azure.connection-string");
        odp = new WireMockServer(options()
                .dynamicPort()
                .usingFilesUnderClasspath("odp-stand-in")
                .globalTemplating(false)
                .extensions(new OdpValidation(), new OdpTimeline(), new OdpSchemaStandIn()));
        odp.start();
    }

    @AfterAll
    static void stop() throws Exception {
        Figures.write();
        if (odp != null) {
            odp.stop();
        }
        if (kafka != null) {
            dumpTopics();
            kafka.close();
        }
    }

    /**
     * Every topic of the suite's broker, as the bytes are on it, to {@code target/crash-suite/topics/<topic>.jsonl}:
     * the raw material of the contract fixtures (src/test/resources/contract). A failure is reported, not raised:
     * it must not hide the scenarios' own results.
     */
    private static void dumpTopics() {
        try {
            List<String> topics = TopicDump.dump(
                    kafka.bootstrapServers(),
                    Path.of("target", "crash-suite", "topics").toAbsolutePath());
            System.out.println("Crash suite: dumped " + topics.size() + " topics to target/crash-suite/topics");
        } catch (Exception e) {
            System.err.println("Crash suite: could not dump the topics to target/crash-suite/topics: " + e);
        }
    }

    @Test
    @Order(1)
    void killedMidwayThroughA100000RecordFileAndRestartedLosesNothing() throws Exception {
        String scenario = "kill";
        int count = 100_000;
        ServiceProcess service = service(scenario, Map.of());
        try {
            MidFile killed = midFile(service, scenario, count, service::kill);

            service.start();
            Response run = awaitFinished(service, killed.runId(), Duration.ofMinutes(4));

            assertThat(run.<String>path("status")).isEqualTo("COMPLETE");
            assertThat(run.<Integer>path("accepted")).isEqualTo(count);
            assertThat(run.<Integer>path("rejected")).isZero();
            // the prod profile logs JSON lines; the import's lines carry the run id and the blob as MDC fields
            JsonNode resumed = service.output()
                    .lines()
                    .filter(l -> l.startsWith("{") && l.contains("Resuming blob " + killed.blob()))
                    .map(CrashAndOutageIT::json)
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no JSON log line 'Resuming blob'"));
            assertThat(resumed.path("level").asText()).isEqualTo("INFO");
            assertThat(resumed.path("mdc").path("runId").asText()).isEqualTo(killed.runId());
            assertThat(resumed.path("mdc").path("blob").asText()).isEqualTo(killed.blob());
            List<JsonNode> sent = accepted(scenario);
            long delivered = distinct(sent);
            assertThat(delivered).isEqualTo(count);
            Figures.add(
                    "service killed (SIGKILL) mid-way through a 100,000-record file, restarted",
                    count,
                    delivered,
                    sent.size() - delivered,
                    0,
                    run.path("status"),
                    String.format(
                            "killed at progress mark %,d "
                                    + "with %,d records delivered; the restart resumed at the mark",
                            killed.mark(), killed.delivered()));
        } finally {
            service.close();
        }
    }

    @Test
    @Order(2)
    void theBrokerStoppedFor30SecondsDuringAnImportLosesNothing() throws Exception {
        String scenario = "broker";
        int count = 50_000;
        ServiceProcess service = service(scenario, Map.of());
        try {
            MidFile stopped = midFile(service, scenario, count, kafka::stop);
            Instant outageEnds = Instant.now().plusSeconds(30);
            // meanwhile a blob is uploaded and Event Grid delivers its BlobCreated event: 503 within the bound
            var uploaded = Blobs.container("crash-" + scenario).getBlobClient("webhook.json");
            uploaded.upload(BinaryData.fromString(Stores.json(Stores.make("eg-" + scenario, 0, 100))), true);
            String delivery = EventGrid.array(List.of(EventGrid.event(EventGrid.Blob.of(uploaded))));
            Instant posted = Instant.now();
            service.api()
                    .queryParam("secret", WEBHOOK_SECRET)
                    .contentType("application/json")
                    .body(delivery)
                    .post("/events/blob-created")
                    .then()
                    .statusCode(503)
                    .header("Retry-After", notNullValue());
            Duration answeredIn = Duration.between(posted, Instant.now());
            // the bound is importer.webhook.write-timeout (10 s), well under Event Grid's 30 s
            assertThat(answeredIn).isLessThan(Duration.ofSeconds(12));
            // the rest of the outage: 30 s without a broker in all, through which the service stays up
            await("the service through the rest of 30 s without Kafka")
                    .during(Duration.between(Instant.now(), outageEnds))
                    .atMost(Duration.ofSeconds(35))
                    .until(service::alive);
            kafka.start();
            // Event Grid retries the delivery: accepted once Kafka acknowledges it
            await("the webhook accepting the retried delivery")
                    .atMost(Duration.ofMinutes(2))
                    .pollInterval(Duration.ofSeconds(2))
                    .until(() -> service.api()
                                    .queryParam("secret", WEBHOOK_SECRET)
                                    .contentType("application/json")
                                    .body(delivery)
                                    .post("/events/blob-created")
                                    .statusCode()
                            == 200);

            Response run = awaitFinished(service, stopped.runId(), Duration.ofMinutes(4));

            assertThat(run.<String>path("status")).isEqualTo("COMPLETE");
            assertThat(run.<Integer>path("accepted")).isEqualTo(count);
            List<JsonNode> sent = accepted(scenario + "-");
            long delivered = distinct(sent);
            assertThat(delivered).isEqualTo(count);
            await("the uploaded blob's 100 records in ODP")
                    .atMost(Duration.ofMinutes(2))
                    .until(() -> distinct(accepted("eg-" + scenario + "-")) == 100);
            List<JsonNode> viaWebhook = accepted("eg-" + scenario + "-");
            Figures.add(
                    "broker stopped 30 s during an import, started again",
                    count,
                    delivered,
                    sent.size() - delivered,
                    0,
                    run.path("status"),
                    String.format(
                            "stopped at progress mark %,d " + "with %,d records delivered",
                            stopped.mark(), stopped.delivered()));
            Figures.add(
                    "a BlobCreated delivery while the broker is down",
                    100,
                    distinct(viaWebhook),
                    viaWebhook.size() - distinct(viaWebhook),
                    0,
                    "imported",
                    String.format(
                            "answered 503 in %.1f s "
                                    + "(bound: write-timeout 10 s), 200 on Event Grid's retry after the broker returned",
                            answeredIn.toMillis() / 1000.0));
        } finally {
            service.close();
            if (!kafka.running()) {
                kafka.start(); // a failure above must not leave the next scenarios without a broker
            }
        }
    }

    /**
     * One kill covering a CSV and a gzip file (docs/architecture.md, "Readers"): two replicas, one file partition
     * each, both inside their file when both are killed; the restart resumes each at its last mark, the CSV after
     * re-reading its header, the gzip after re-reading (inflating) the compressed prefix.
     */
    @Test
    @Order(8)
    void killedInsideACsvAndAGzipFileAtOnceAndRestartedLosesNothingAndResumesEach() throws Exception {
        String scenario = "formats";
        // large enough that both files are still being read when both have passed `past`: at 60,000 records the
        // importer read a file in 10 s, and the two files' windows did not always overlap (CI of issue 22)
        int count = 200_000;
        int past = 3_000;
        BlobContainerClient container = Blobs.container("crash-" + scenario);
        // one file on each of the files topic's two partitions (the event's key is the blob name)
        String csv = onPartition("stores-%d.csv", 0);
        String gz = onPartition("stores-%d.jsonl.gz", 1);
        String csvIds = scenario + "-csv-";
        String gzIds = scenario + "-gz-";
        StringBuilder rows = new StringBuilder("id,name,location\r\n");
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < count; i++) {
            rows.append(csvIds).append(i).append(",\"Store ").append(i).append(", the \"\"best\"\"\",City\r\n");
            lines.append("{\"id\":\"")
                    .append(gzIds)
                    .append(i)
                    .append("\",\"name\":\"Store ")
                    .append(i);
            lines.append("\",\"location\":\"City\"}\n");
        }
        String csvKey = new BlobVersion(
                        "crash-" + scenario,
                        csv,
                        upload(container, csv, rows.toString().getBytes(StandardCharsets.UTF_8)))
                .key();
        String gzKey = new BlobVersion("crash-" + scenario, gz, upload(container, gz, gzip(lines.toString()))).key();
        Map<String, String> extra = new LinkedHashMap<>();
        extra.put("importer.topics.files-partitions", "2");
        for (String channel : List.of("files", "stores")) {
            extra.put("mp.messaging.incoming." + channel + ".session.timeout.ms", "6000");
            extra.put("mp.messaging.incoming." + channel + ".heartbeat.interval.ms", "2000");
        }
        ServiceProcess a = service(scenario + "-a", scenario, Map.of(), extra);
        ServiceProcess b = service(scenario + "-b", scenario, Map.of(), extra);
        ExecutorService starter = Executors.newFixedThreadPool(2);
        try {
            CompletableFuture.allOf(
                            CompletableFuture.runAsync(() -> start(a), starter),
                            CompletableFuture.runAsync(() -> start(b), starter))
                    .get(120, TimeUnit.SECONDS);
            awaitOnePartitionEach("crash-" + scenario + "-files");
            long csvMark;
            long gzMark;
            String runId;
            try (MarkWatch marks = new MarkWatch(scenario + ".progress")) {
                runId = trigger(a);
                await("both files past record " + past)
                        .atMost(Duration.ofSeconds(120))
                        .pollInterval(Duration.ofMillis(10))
                        .until(() -> marks.latest(csvKey) >= past && marks.latest(gzKey) >= past);
                a.kill();
                b.kill();
                csvMark = marks.latest(csvKey);
                gzMark = marks.latest(gzKey);
            }
            assertThat(distinct(accepted(csvIds)))
                    .as("the CSV not done when killed")
                    .isLessThan(count);
            assertThat(distinct(accepted(gzIds)))
                    .as("the gzip file not done when killed")
                    .isLessThan(count);

            a.start();
            Response run = awaitFinished(a, runId, Duration.ofMinutes(4));

            assertThat(run.<String>path("status")).isEqualTo("COMPLETE");
            assertThat(run.<Integer>path("accepted")).isEqualTo(2 * count);
            assertThat(run.<Integer>path("rejected")).isZero();
            assertThat(run.<List<String>>path("fileDetails.format")).containsExactlyInAnyOrder("csv", "jsonl.gz");
            String restarted = a.output().substring(a.output().lastIndexOf("===== start 2 of"));
            Matcher csvResumed = RESUMED.matcher(resumedLine(restarted, "Resuming blob " + csv));
            Matcher gzResumed = RESUMED.matcher(resumedLine(restarted, "Resuming blob " + gz));
            assertThat(csvResumed.find())
                    .as("CSV resumed at a mark: " + csvResumed)
                    .isTrue();
            assertThat(gzResumed.find())
                    .as("gzip resumed at a mark: " + gzResumed)
                    .isTrue();
            assertThat(csvResumed.group(1)).isEqualTo("csv");
            assertThat(gzResumed.group(1)).isEqualTo("jsonl.gz");
            // a CSV mark's line counts the header: record n starts on line n + 2 (no quoted line breaks here)
            assertThat(Long.parseLong(csvResumed.group(3)))
                    .isEqualTo(Long.parseLong(csvResumed.group(2)) + 2)
                    .isGreaterThan(past);
            // the gzip file was inflated from its start up to the mark's (uncompressed) byte offset
            Matcher inflated = INFLATED.matcher(resumedLine(restarted, "Blob " + gz + " (ETag"));
            assertThat(inflated.find()).as(inflated.toString()).isTrue();
            assertThat(inflated.group(1)).isEqualTo(gzResumed.group(4));
            assertThat(Long.parseLong(inflated.group(2))).isPositive();
            // only what followed the last marks was written to the stores topic again: the redelivery window
            Map<String, Integer> written = new HashMap<>();
            for (ConsumerRecord<String, String> r :
                    KafkaTestClient.readAll(kafka.bootstrapServers(), scenario + ".stores")) {
                written.merge(r.key(), 1, Integer::sum);
            }
            for (int i = 0; i < count; i++) {
                assertThat(written.get(csvIds + i)).as(csvIds + i).isEqualTo(i < csvMark ? 1 : written.get(csvIds + i));
                assertThat(written.get(gzIds + i)).as(gzIds + i).isEqualTo(i < gzMark ? 1 : written.get(gzIds + i));
            }
            for (String ids : List.of(csvIds, gzIds)) {
                List<JsonNode> sent = accepted(ids);
                long delivered = distinct(sent);
                assertThat(delivered).as(ids).isEqualTo(count);
                long mark = ids.equals(csvIds) ? csvMark : gzMark;
                long rewritten = written.entrySet().stream()
                        .filter(e -> e.getKey().startsWith(ids) && e.getValue() > 1)
                        .count();
                Figures.add(
                        (ids.equals(csvIds) ? "CSV (CRLF, quoted fields)" : "JSON Lines, gzip")
                                + " file, both replicas killed (SIGKILL) inside it and another file, one restarted",
                        count,
                        delivered,
                        sent.size() - delivered,
                        0,
                        run.path("status"),
                        String.format(
                                "killed at progress mark %,d; the restart resumed there (%s); %,d records written "
                                        + "to the stores topic again",
                                mark, ids.equals(csvIds) ? "header re-read" : "compressed prefix re-read", rewritten));
            }
        } finally {
            starter.shutdownNow();
            a.close();
            b.close();
        }
    }

    /**
     * Scenario 9: an events file (docs/architecture.md, "Events") killed inside and resumed. Every row reaches ODP's
     * events endpoint, and every sending of a row, before the kill and after the restart, carries the same
     * {@code data.idempotence_id}: the one of its blob version and row index.
     */
    @Test
    @Order(9)
    void killedInsideAnEventsFileAndRestartedSendsEveryEventWithOneIdempotenceIdEachTime() throws Exception {
        String scenario = "events";
        int count = 30_000;
        int past = 3_000;
        String blob = "purchases-" + count + ".csv";
        StringBuilder rows = new StringBuilder("email,order,price\n");
        for (int i = 0; i < count; i++) {
            rows.append(scenario)
                    .append('-')
                    .append(i)
                    .append("@example.com,order-")
                    .append(i)
                    .append(',')
                    .append(i % 100)
                    .append(".5\n");
        }
        BlobVersion version = new BlobVersion(
                "crash-" + scenario,
                blob,
                upload(
                        Blobs.container("crash-" + scenario),
                        blob,
                        rows.toString().getBytes(StandardCharsets.UTF_8)));
        Map<String, String> rule = new LinkedHashMap<>();
        rule.put("importer.rules[0].name", "purchases");
        rule.put("importer.rules[0].pattern", "purchases-*.csv");
        rule.put("importer.rules[0].target", "events");
        List<String> fields = List.of(
                "type=:order",
                "action=:purchase",
                "identifiers.email=email",
                "data.order_id=order",
                "data.price=price");
        for (int f = 0; f < fields.size(); f++) {
            String[] field = fields.get(f).split("=");
            String key = "importer.rules[0].fields[" + f + "].";
            rule.put(key + "name", field[0]);
            if (field[1].startsWith(":")) {
                rule.put(key + "constant", field[1].substring(1));
            } else {
                rule.put(key + "source", field[1]);
            }
        }
        rule.put("importer.rules[0].fields[4].type", "number");
        // a short Kafka session (the broker's minimum), so the restart gets the killed process's partitions soon
        for (String channel : List.of("files", "stores")) {
            rule.put("mp.messaging.incoming." + channel + ".session.timeout.ms", "6000");
            rule.put("mp.messaging.incoming." + channel + ".heartbeat.interval.ms", "2000");
        }
        ServiceProcess service = service(scenario, scenario, Map.of(), rule);
        try {
            service.start();
            String runId;
            long mark;
            try (MarkWatch marks = new MarkWatch(scenario + ".progress")) {
                runId = trigger(service);
                await("a progress mark past row " + past)
                        .atMost(Duration.ofSeconds(120))
                        .pollInterval(Duration.ofMillis(10))
                        .until(() -> marks.latest(version.key()) >= past);
                service.kill();
                mark = marks.latest(version.key());
            }
            long atKill = byIdempotenceId(acceptedEvents(scenario)).size();
            assertThat(atKill).as("events in ODP when killed").isLessThan(count);

            service.start();
            Response run = awaitFinished(service, runId, Duration.ofMinutes(3));

            assertThat(run.<String>path("status")).isEqualTo("COMPLETE");
            assertThat(run.<Integer>path("accepted")).isEqualTo(count);
            assertThat(run.<Integer>path("rejected")).isZero();
            assertThat(run.<String>path("fileDetails[0].rule")).startsWith("purchases@");
            List<JsonNode> sent = acceptedEvents(scenario);
            Map<String, Set<String>> sendings = byIdempotenceId(sent);
            assertThat(sendings).as("one idempotence id per row").hasSize(count);
            Set<Integer> rowsSeen = new HashSet<>();
            sendings.forEach((id, events) -> {
                assertThat(events).as("the distinct events sent with id " + id).hasSize(1);
                JsonNode event = json(events.iterator().next());
                String email = event.at("/identifiers/email").asText();
                int row = Integer.parseInt(email.substring(scenario.length() + 1, email.indexOf('@')));
                assertThat(event.at("/data/order_id").asText()).isEqualTo("order-" + row);
                assertThat(id).as("row " + row).isEqualTo(EventIds.idempotenceId(version, row));
                rowsSeen.add(row);
            });
            assertThat(rowsSeen).hasSize(count);
            assertThat(sent.size())
                    .as("events sent more than once (those sent but not committed when killed)")
                    .isGreaterThan(count);
            Figures.add(
                    "an events file (CSV) killed (SIGKILL) inside, restarted: one idempotence id per row",
                    count,
                    sendings.size(),
                    sent.size() - sendings.size(),
                    0,
                    run.path("status"),
                    String.format(
                            "killed at progress mark %,d with %,d events in ODP; every re-sent event carried the "
                                    + "data.idempotence_id of its first sending",
                            mark, atKill));
        } finally {
            service.close();
        }
    }

    /**
     * Scenario 10: the after-import action {@code move} across a crash (docs/architecture.md, "Files";
     * docs/operations.md, "After the import"). 40 small files are imported one after the other, each moved to
     * {@code processed/} once DELIVERED; the service is killed (SIGKILL) when the ledger shows some moves DONE and
     * some delivered versions still waiting for theirs, so the restart's reconcile pass must finish them. While the
     * service is down, one blob whose import is done but whose move is not is overwritten: its move, pinned to the
     * imported ETag ({@code x-ms-source-if-match}), must not carry away (or delete) the new content, which a later
     * sweep imports on its own and moves in turn.
     */
    @Test
    @Order(10)
    void killedWhileMovingImportedBlobsAndRestartedMovesEachOnceAndNeverAnOverwrite() throws Exception {
        String scenario = "moved";
        int files = 40;
        int perFile = 50;
        String processed = "processed/";
        BlobContainerClient container = Blobs.container("crash-" + scenario);
        Map<String, String> contents = new ConcurrentHashMap<>();
        IntStream.range(0, files).parallel().forEach(i -> {
            String name = String.format("stores-%02d.json", i);
            String content = Stores.json(Stores.make(scenario + "-" + i, 0, perFile));
            contents.put(name, content);
            container.getBlobClient(name).upload(BinaryData.fromString(content), true);
        });
        Map<String, String> extra = new LinkedHashMap<>();
        extra.put("importer.after-import.action", "move");
        extra.put("importer.after-import.processed-prefix", processed);
        extra.put("importer.after-import.reconcile-every", "2s");
        extra.put("importer.after-import.retry-min", "1s");
        // a replica takes over another's actions after max(3 passes, 30 s, copy-timeout + a pass): here after 30 s
        extra.put("importer.after-import.copy-timeout", "5s");
        // a short Kafka session (the broker's minimum), so the restart gets the killed process's partitions soon
        for (String channel : List.of("files", "stores")) {
            extra.put("mp.messaging.incoming." + channel + ".session.timeout.ms", "6000");
            extra.put("mp.messaging.incoming." + channel + ".heartbeat.interval.ms", "2000");
        }
        ServiceProcess service = service(scenario, scenario, Map.of(), extra);
        try (LedgerWatch ledger = new LedgerWatch(kafka.bootstrapServers(), scenario + ".ledger")) {
            service.start();
            String runId = trigger(service);
            Predicate<JsonNode> waiting = e ->
                    (LedgerWatch.in(e, "DELIVERED") || LedgerWatch.in(e, "IMPORTED")) && !LedgerWatch.actionDone(e);
            await("some moves DONE, some imported versions waiting for theirs")
                    .atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofMillis(5))
                    .until(() -> {
                        ledger.poll();
                        return ledger.count(LedgerWatch::actionDone) >= 3 && ledger.count(waiting) >= 2;
                    });
            service.kill();
            Map<String, JsonNode> atKill = new LinkedHashMap<>(ledger.readToEnd());
            long doneAtKill =
                    atKill.values().stream().filter(LedgerWatch::actionDone).count();
            long waitingAtKill = atKill.values().stream().filter(waiting).count();
            long movedAtKill = names(container, processed).size();
            assertThat(doneAtKill).as("moves DONE when killed").isLessThan(files);
            // the overwrite: a version imported (DELIVERED, else IMPORTED) whose move is not done, still at its source
            JsonNode victim = atKill.values().stream()
                    .filter(waiting)
                    .filter(e -> etagOf(container, e.path("blobName").asText())
                            .equals(e.path("etag").asText()))
                    .filter(e -> etagOf(
                                    container, processed + e.path("blobName").asText())
                            .isEmpty())
                    .min(Comparator.comparing(e -> LedgerWatch.in(e, "DELIVERED") ? 0 : 1))
                    .orElseThrow(() -> new AssertionError("no imported version waiting for its move at its source "
                            + "when killed: the kill missed the window (" + doneAtKill + " moves DONE)"));
            String overwritten = victim.path("blobName").asText();
            String oldKey = new BlobVersion(
                            "crash-" + scenario,
                            overwritten,
                            victim.path("etag").asText())
                    .key();
            String newContent = Stores.json(Stores.make(scenario + "over", 0, perFile));
            String newEtag = upload(container, overwritten, newContent.getBytes(StandardCharsets.UTF_8));
            String newKey = new BlobVersion("crash-" + scenario, overwritten, newEtag.replace("\"", "")).key();
            contents.put(overwritten, newContent);

            service.start();
            Response run = awaitFinished(service, runId, Duration.ofMinutes(2));
            assertThat(run.<String>path("status")).isEqualTo("COMPLETE");
            await("every other file DELIVERED and moved")
                    .atMost(Duration.ofMinutes(1))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> ledger.poll().values().stream()
                                    .filter(e -> !e.path("blobName").asText().equals(overwritten))
                                    .filter(e -> LedgerWatch.in(e, "DELIVERED") && LedgerWatch.actionDone(e))
                                    .count()
                            == files - 1);
            await("the overwritten version's move tried")
                    .atMost(Duration.ofMinutes(1))
                    .pollInterval(Duration.ofMillis(200))
                    .until(
                            () -> ledger.poll().get(oldKey).path("afterImport"),
                            a -> a.path("state").asText().matches("DONE|FAILED") || a.hasNonNull("error"));
            assertThat(etagOf(container, overwritten))
                    .as("the overwritten blob after its old version's move: still there, with its new content")
                    .isEqualTo(newEtag.replace("\"", ""));
            // the overwrite is a new version: the next sweep imports it, and only it (processed/ is never discovered)
            String second = trigger(service);
            Response secondRun = awaitFinished(service, second, Duration.ofMinutes(1));
            assertThat(secondRun.<String>path("status")).isEqualTo("COMPLETE");
            assertThat(secondRun.<Integer>path("files"))
                    .as("files of the second sweep")
                    .isEqualTo(1);
            await("the new version DELIVERED and moved")
                    .atMost(Duration.ofMinutes(1))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> {
                        JsonNode entry = ledger.poll().get(newKey);
                        return entry != null && LedgerWatch.in(entry, "DELIVERED") && LedgerWatch.actionDone(entry);
                    });
            Map<String, JsonNode> end = ledger.readToEnd();

            assertThat(end).hasSize(files + 1);
            for (JsonNode entry : end.values()) {
                if (entry.path("blobName").asText().equals(overwritten) && !newKey.equals(key(entry))) {
                    continue;
                }
                String name = entry.path("blobName").asText();
                assertThat(entry.path("state").asText()).as(name).isEqualTo("DELIVERED");
                assertThat(entry.path("afterImport").path("action").asText())
                        .as(name)
                        .isEqualTo("move");
                assertThat(entry.path("afterImport").path("state").asText())
                        .as(name)
                        .isEqualTo("DONE");
                assertThat(entry.path("afterImport").path("destination").asText())
                        .isEqualTo(processed + name);
            }
            JsonNode old = end.get(oldKey).path("afterImport");
            assertThat(old.path("state").asText())
                    .as("the overwritten version's move: settled, not retried for ever")
                    .isIn("DONE", "FAILED");
            // no file left without its move, each moved with the content it was imported with, and nothing else
            assertThat(names(container, "")).as("blobs outside " + processed).allMatch(n -> n.startsWith(processed));
            assertThat(names(container, processed)).hasSize(files);
            contents.forEach((name, content) -> assertThat(container
                            .getBlobClient(processed + name)
                            .downloadContent()
                            .toString())
                    .as(processed + name)
                    .isEqualTo(content));
            List<JsonNode> sent = accepted(scenario + "-");
            List<JsonNode> sentNew = accepted(scenario + "over-");
            long delivered = distinct(sent) + distinct(sentNew);
            assertThat(distinct(sent)).isEqualTo((long) files * perFile);
            assertThat(distinct(sentNew)).as("the overwrite's records").isEqualTo(perFile);
            Figures.add(
                    String.format(
                            "after-import `move` of %d files, the service killed (SIGKILL) while moving, restarted; "
                                    + "one blob overwritten before its move",
                            files),
                    (long) (files + 1) * perFile,
                    delivered,
                    sent.size() + sentNew.size() - delivered,
                    0,
                    run.path("status"),
                    String.format(
                            "killed with %d of %d moves DONE in the ledger (%d blobs under %s), %d imported "
                                    + "versions waiting for theirs; %s overwritten while down (its version was %s): "
                                    + "its move ended %s%s, the second sweep imported 1 file (the new version) and "
                                    + "moved it; %d files under %s, each with the content it was imported with",
                            doneAtKill,
                            files,
                            movedAtKill,
                            processed,
                            waitingAtKill,
                            overwritten,
                            victim.path("state").asText(),
                            old.path("state").asText(),
                            old.hasNonNull("error") ? " (" + old.path("error").asText() + ")" : "",
                            files,
                            processed));
        } finally {
            service.close();
        }
    }

    /** @return the names of the blobs under {@code prefix} */
    private static List<String> names(BlobContainerClient container, String prefix) {
        return container.listBlobs(new ListBlobsOptions().setPrefix(prefix), null).stream()
                .map(BlobItem::getName)
                .toList();
    }

    /** @return the blob's ETag without quotes, or "" if it does not exist */
    private static String etagOf(BlobContainerClient container, String name) {
        var blob = container.getBlobClient(name);
        return blob.exists() ? blob.getProperties().getETag().replace("\"", "") : "";
    }

    /** @return the ledger key of an entry */
    private static String key(JsonNode entry) {
        return new BlobVersion(
                        entry.path("container").asText(),
                        entry.path("blobName").asText(),
                        entry.path("etag").asText())
                .key();
    }

    /** @return the events ODP accepted from scenario {@code scenario}'s rows (re-sends included) */
    private static List<JsonNode> acceptedEvents(String scenario) {
        return OdpJournal.acceptedEvents(odp, OdpJournal.identifier("email", scenario + "-"));
    }

    /** @return each idempotence id with the distinct events (as JSON text) sent with it */
    private static Map<String, Set<String>> byIdempotenceId(List<JsonNode> events) {
        Map<String, Set<String>> sendings = new HashMap<>();
        events.forEach(
                e -> sendings.computeIfAbsent(e.at("/data/idempotence_id").asText(), k -> new HashSet<>())
                        .add(e.toString()));
        return sendings;
    }

    /** @return the first name of the pattern whose file event goes to {@code partition} of a 2-partition topic */
    private static String onPartition(String pattern, int partition) {
        for (int i = 0; ; i++) {
            String name = String.format(pattern, i);
            if (Utils.toPositive(Utils.murmur2(name.getBytes(StandardCharsets.UTF_8))) % 2 == partition) {
                return name;
            }
        }
    }

    /** Waits until the consumer group has two members with one partition each. */
    private static void awaitOnePartitionEach(String group) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            await("two members of " + group + " with a partition each")
                    .atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> {
                        var members = admin.describeConsumerGroups(List.of(group))
                                .describedGroups()
                                .get(group)
                                .get()
                                .members();
                        return members.size() == 2
                                && members.stream()
                                        .allMatch(m ->
                                                m.assignment().topicPartitions().size() == 1);
                    });
        }
    }

    private static String upload(BlobContainerClient container, String name, byte[] content) {
        var blob = container.getBlobClient(name);
        blob.upload(BinaryData.fromBytes(content), true);
        return blob.getProperties().getETag();
    }

    private static byte[] gzip(String text) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }

    /** @return the first line of the output holding {@code text} */
    private static String resumedLine(String output, String text) {
        return output.lines()
                .filter(l -> l.contains(text))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no log line '" + text + "'"));
    }

    /** Something done to the processes while the importer is inside a file. */
    @FunctionalInterface
    interface Incident {
        void happen() throws Exception;
    }

    /** Where an incident caught an import: the run, the file's last progress mark, the records ODP had. */
    record MidFile(String runId, String blob, long mark, long delivered) {}

    /**
     * Uploads a file of {@code count} stores, starts {@code service}, triggers a run, and lets {@code incident}
     * happen as soon as the importer is inside the file: its last progress mark is past record 10,000 and not
     * cleared (the file is not done).
     */
    private static MidFile midFile(ServiceProcess service, String scenario, int count, Incident incident)
            throws Exception {
        String blob = "stores-" + count + ".json";
        var properties =
                Blobs.upload(Blobs.container("crash-" + scenario), blob, Stores.json(Stores.make(scenario, 0, count)));
        String fileKey = new BlobVersion("crash-" + scenario, blob, properties.getETag()).key();
        service.start();
        try (MarkWatch marks = new MarkWatch(scenario + ".progress")) {
            String runId = trigger(service);
            await("a progress mark past record 10,000")
                    .atMost(Duration.ofSeconds(120))
                    .pollInterval(Duration.ofMillis(10))
                    .until(() -> marks.latest(fileKey) >= 10_000);
            long mark = marks.latest(fileKey);
            incident.happen();
            return new MidFile(runId, blob, mark, distinct(accepted(scenario)));
        }
    }

    @Test
    @Order(3)
    void odp503For60SecondsThen429WithRetryAfterThenOkLosesNothingAndParksNothing() throws Exception {
        String scenario = "outage";
        int count = 2_000;
        Blobs.upload(Blobs.container("crash-" + scenario), "stores.json", Stores.json(Stores.make(scenario, 0, count)));
        StubMapping incident = odp.stubFor(post(urlPathMatching("/v3/objects/.*"))
                .atPriority(1)
                .withRequestBody(containing("\"" + scenario + "-"))
                .willReturn(aResponse()
                        .withTransformers(OdpTimeline.NAME)
                        .withTransformerParameter("timeline", scenario)
                        .withTransformerParameter("outageMillis", 60_000)
                        .withTransformerParameter("throttleMillis", 5_000)
                        .withTransformerParameter("retryAfter", 2)));
        ServiceProcess service = service(scenario, Map.of());
        try {
            service.start();
            String runId = trigger(service);
            Response run = awaitFinished(service, runId, Duration.ofMinutes(4));

            assertThat(run.<String>path("status")).isEqualTo("COMPLETE");
            assertThat(run.<Integer>path("accepted")).isEqualTo(count);
            assertThat(run.<Integer>path("rejected")).isZero();
            service.api()
                    .queryParam("runId", runId)
                    .get("/dead-letters")
                    .then()
                    .statusCode(200)
                    .body("size()", is(0));
            List<OdpJournal.Upsert> upserts = OdpJournal.upserts(odp, ID, scenario + "-");
            List<Integer> statuses =
                    upserts.stream().map(OdpJournal.Upsert::status).toList();
            assertThat(statuses.get(0)).isEqualTo(503);
            assertThat(statuses).contains(429).endsWith(202);
            List<OdpJournal.Upsert> unavailable =
                    upserts.stream().filter(u -> u.status() == 503).toList();
            assertThat(Duration.between(
                            unavailable.get(0).at(),
                            unavailable.get(unavailable.size() - 1).at()))
                    .isGreaterThanOrEqualTo(Duration.ofSeconds(59));
            // Retry-After: 2 closes the whole sink's gate: after a 429 no request starts for 2 s (the backoff is 1 s
            // at most), but for one already leaving when the answer came (200 ms of grace for that)
            long throttled = 0;
            for (OdpJournal.Upsert u : upserts) {
                if (u.status() == 429) {
                    throttled++;
                    assertThat(upserts)
                            .noneMatch(o -> o.at().isAfter(u.end().plusMillis(200))
                                    && o.at().isBefore(u.end().plusMillis(1900)));
                }
            }
            List<JsonNode> sent = accepted(scenario);
            long delivered = distinct(sent);
            assertThat(delivered).isEqualTo(count);
            Figures.add(
                    "ODP 503 for 60 s, then 429 with Retry-After: 2, then OK",
                    count,
                    delivered,
                    sent.size() - delivered,
                    0,
                    run.path("status"),
                    String.format(
                            "%d answers 503 over %d s, %d " + "answers 429, each followed by >= 2 s of silence",
                            unavailable.size(),
                            Duration.between(
                                            unavailable.get(0).at(),
                                            unavailable
                                                    .get(unavailable.size() - 1)
                                                    .at())
                                    .toSeconds(),
                            throttled));
        } finally {
            service.close();
            odp.removeStub(incident);
        }
    }

    @Test
    @Order(4)
    void threeOf100RefusedWithAndWithoutIndexesAreExactlyTheOnesParked() throws Exception {
        String scenario = "refused";
        Map<String, Boolean> files = new LinkedHashMap<>();
        files.put(scenario + "-indexed", true);
        files.put(scenario + "-bisected", false);
        List<StubMapping> stubs = new ArrayList<>();
        for (var file : files.entrySet()) {
            List<Map<String, String>> stores = new ArrayList<>(Stores.make(file.getKey(), 0, 100));
            for (int i : new int[] {7, 50, 93}) {
                Map<String, String> bad = new HashMap<>(stores.get(i));
                bad.put("name", "REFUSE");
                stores.set(i, bad);
            }
            Blobs.upload(Blobs.container("crash-" + scenario), file.getKey() + ".json", Stores.json(stores));
            stubs.add(odp.stubFor(post(urlPathMatching("/v3/objects/.*"))
                    .atPriority(1)
                    .withRequestBody(containing("\"" + file.getKey() + "-"))
                    .willReturn(aResponse()
                            .withTransformers(OdpValidation.NAME)
                            .withTransformerParameter("indexes", file.getValue()))));
        }
        ServiceProcess service = service(scenario, Map.of());
        try {
            service.start();
            for (var file : files.entrySet()) {
                // one run per file, so a batch never mixes the two files' records (and the two stand-in modes)
                String tag = file.getKey();
                String runId = service.api()
                        .queryParam("prefix", tag + ".json")
                        .post(Api.RUNS)
                        .then()
                        .statusCode(202)
                        .extract()
                        .path("runId");
                Response run = awaitFinished(service, runId, Duration.ofMinutes(2));
                assertThat(run.<String>path("status")).isEqualTo("COMPLETE");
                assertThat(run.<Integer>path("accepted")).isEqualTo(97);
                assertThat(run.<Integer>path("rejected")).isEqualTo(3);
                List<JsonNode> sent = accepted(tag + "-");
                Set<String> delivered = ids(sent);
                assertThat(delivered).hasSize(97).doesNotContain(tag + "-7", tag + "-50", tag + "-93");
                List<Map<String, Object>> parked = service.api()
                        .queryParam("runId", runId)
                        .queryParam("blob", tag + ".json")
                        .get("/dead-letters")
                        .then()
                        .statusCode(200)
                        .extract()
                        .jsonPath()
                        .getList("$");
                assertThat(parked)
                        .extracting(p -> ((Number) p.get("recordIndex")).longValue())
                        .containsExactlyInAnyOrder(7L, 50L, 93L);
                assertThat(parked)
                        // on a failure, what the stand-in answered to each single-record request of the file (a
                        // 400 with an empty body was once seen in CI; this says where it came from if it recurs)
                        .as(() -> "single-record answers: " + singleRecordAnswers(tag + "-"))
                        .allSatisfy(p -> assertThat(String.valueOf(p.get("reason")))
                                .contains("HTTP 400")
                                .contains("REFUSE is not allowed"));
                List<OdpJournal.Upsert> requests = OdpJournal.upserts(odp, ID, tag + "-");
                long refusals = requests.stream().filter(u -> u.status() == 400).count();
                if (file.getValue()) {
                    // ODP named the records: one 400 per batch holding them (halving would take 5 or more)
                    assertThat(refusals).isBetween(1L, 3L);
                } else {
                    // no names: halving down to the three single records
                    assertThat(requests)
                            .filteredOn(u -> u.objects().size() == 1 && u.status() == 400)
                            .hasSize(3);
                }
                Figures.add(
                        "3 of 100 records refused with 400, "
                                + (file.getValue() ? "with indexes" : "without indexes (bisection)"),
                        97,
                        delivered.size(),
                        sent.size() - delivered.size(),
                        parked.size(),
                        run.path("status"),
                        String.format(
                                "exactly records 7, 50, 93 parked, with "
                                        + "ODP's reason; %d requests, %d answered 400",
                                requests.size(), refusals));
            }
        } finally {
            service.close();
            stubs.forEach(odp::removeStub);
        }
    }

    /** @return each stand-in answer to a one-object upsert of ids starting with {@code idPrefix}: status and body */
    private List<String> singleRecordAnswers(String idPrefix) {
        List<String> answers = new ArrayList<>();
        for (var event : odp.getAllServeEvents()) {
            String body = event.getRequest().getBodyAsString();
            if (body.contains("\"" + idPrefix) && body.indexOf("},{") < 0) {
                answers.add(event.getResponse().getStatus() + " '"
                        + event.getResponse().getBodyAsString()
                        + "' (request " + event.getRequest().getHeader("Content-Length") + " bytes, stub "
                        + (event.getStubMapping() == null
                                ? "none"
                                : event.getStubMapping().getId()) + ")");
            }
        }
        return answers;
    }

    @Test
    @Order(5)
    void aRefusedApiKeyParksNothingReportsDownAndResumesWhenTheKeyIsAcceptedAgain() throws Exception {
        String scenario = "badkey";
        int count = 500;
        String key = "crash-suite-rotated-key";
        Blobs.upload(Blobs.container("crash-" + scenario), "stores.json", Stores.json(Stores.make(scenario, 0, count)));
        StubMapping forbidden = odp.stubFor(post(urlPathMatching("/v3/objects/.*"))
                .atPriority(1)
                .withHeader("x-api-key", equalTo(key))
                .willReturn(aResponse()
                        .withStatus(403)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"message\":\"Forbidden\"}")));
        ServiceProcess service = service(scenario, Map.of("IMPORTER_ODP_API_KEY", key));
        try {
            service.start();
            String runId = trigger(service);
            await("wellness DOWN")
                    .atMost(Duration.ofSeconds(60))
                    .untilAsserted(() -> service.management()
                            .get("/q/health/well")
                            .then()
                            .statusCode(503)
                            .body("checks.find { it.name == 'odp' }.status", is("DOWN"))
                            .body("checks.find { it.name == 'odp' }.data.answer", containsString("HTTP 403")));
            service.management().get("/q/health/ready").then().statusCode(200);
            assertThat(service.output()).doesNotContain(key);
            Response during = service.api()
                    .get(Api.RUNS + "/" + runId)
                    .then()
                    .statusCode(200)
                    .extract()
                    .response();
            assertThat(during.<String>path("status")).isEqualTo("RUNNING");
            assertThat(during.<Integer>path("rejected")).isZero();
            long refusedRequests = odp.getAllServeEvents().stream()
                    .filter(e -> key.equals(e.getRequest().getHeader("x-api-key"))
                            && "POST".equals(e.getRequest().getMethod().getName()))
                    .count();

            odp.removeStub(forbidden);
            forbidden = null;
            Response run = awaitFinished(service, runId, Duration.ofMinutes(2));

            assertThat(run.<String>path("status")).isEqualTo("COMPLETE");
            assertThat(run.<Integer>path("accepted")).isEqualTo(count);
            assertThat(run.<Integer>path("rejected")).isZero();
            service.api()
                    .queryParam("runId", runId)
                    .get("/dead-letters")
                    .then()
                    .statusCode(200)
                    .body("size()", is(0));
            service.management().get("/q/health/well").then().statusCode(200);
            List<JsonNode> sent = accepted(scenario);
            long delivered = distinct(sent);
            assertThat(delivered).isEqualTo(count);
            Figures.add(
                    "ODP refuses the API key (403), then accepts it again",
                    count,
                    delivered,
                    sent.size() - delivered,
                    0,
                    run.path("status"),
                    String.format(
                            "wellness DOWN with the answer, "
                                    + "readiness UP, %d refused requests retried, the key never in the log",
                            refusedRequests));
        } finally {
            service.close();
            if (forbidden != null) {
                odp.removeStub(forbidden);
            }
        }
    }

    @Test
    @Order(6)
    void aScheduledSweepAndAManualTriggerAtTheSameMomentOnTwoProcessesMakeOneSweep() throws Exception {
        String scenario = "race";
        int blobs = 20;
        for (int i = 0; i < blobs; i++) {
            Blobs.upload(
                    Blobs.container("crash-" + scenario),
                    "stores-" + i + ".json",
                    Stores.json(Stores.make(scenario + "-" + i, 0, 10)));
        }
        // both processes' cron fires once, at the moment (a minute ahead: both must be up by then); the manual
        // trigger is sent to b at the same moment
        Instant moment = Instant.now().plusSeconds(60).truncatedTo(ChronoUnit.SECONDS);
        var at = moment.atOffset(ZoneOffset.UTC);
        Map<String, String> cron =
                Map.of("importer.sweep.cron", at.getSecond() + " " + at.getMinute() + " " + at.getHour() + " * * ?");
        ServiceProcess a = service(scenario + "-a", scenario, Map.of(), cron);
        ServiceProcess b = service(scenario + "-b", scenario, Map.of(), cron);
        ScheduledExecutorService clock = Executors.newScheduledThreadPool(2);
        try {
            CompletableFuture.allOf(
                            CompletableFuture.runAsync(() -> start(a), clock),
                            CompletableFuture.runAsync(() -> start(b), clock))
                    .get(120, TimeUnit.SECONDS);
            assertThat(Instant.now())
                    .as("both processes ready before the moment")
                    .isBefore(moment.minusSeconds(2));
            ScheduledFuture<Response> manual = clock.schedule(
                    () -> b.api()
                            .queryParam("prefix", "")
                            .post(Api.RUNS)
                            .then()
                            .extract()
                            .response(),
                    Duration.between(Instant.now(), moment).toMillis(),
                    TimeUnit.MILLISECONDS);
            Response answer = manual.get(90, TimeUnit.SECONDS);
            assertThat(answer.statusCode()).isIn(202, 409);

            // every attempt is over: each process logged its scheduled sweep's fate
            await("both scheduled sweeps")
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> scheduledSweepAttempts(a) == 1 && scheduledSweepAttempts(b) == 1);
            List<JsonNode> started = runsStarted(scenario);
            assertThat(started).as("sweeps started").hasSize(1);
            String runId = started.get(0).path("runId").asText();
            if (answer.statusCode() == 409) {
                assertThat(answer.<String>path("runningRunId")).isEqualTo(runId);
            } else {
                assertThat(answer.<String>path("runId")).isEqualTo(runId);
            }
            Response run = awaitFinished(a, runId, Duration.ofMinutes(2));
            assertThat(run.<String>path("status")).isEqualTo("COMPLETE");
            assertThat(run.<Integer>path("files")).isEqualTo(blobs);
            List<ConsumerRecord<String, String>> discovered =
                    KafkaTestClient.readAll(kafka.bootstrapServers(), scenario + ".files");
            assertThat(discovered).hasSize(blobs);
            List<JsonNode> sent = accepted(scenario + "-");
            Figures.add(
                    "a scheduled sweep (on both processes) and a manual trigger at the same moment",
                    blobs * 10,
                    distinct(sent),
                    sent.size() - distinct(sent),
                    0,
                    run.path("status"),
                    String.format(
                            "1 sweep of 3 attempts (the manual trigger answered %d; the run: %s on %s), each "
                                    + "blob published once",
                            answer.statusCode(),
                            started.get(0).path("trigger").asText(),
                            started.get(0).path("owner").asText()));
        } finally {
            clock.shutdownNow();
            a.close();
            b.close();
        }
    }

    @Test
    @Order(7)
    void aSweepWhoseProcessWasKilledIsClosedAndCaughtUpWithoutATrigger() throws Exception {
        String scenario = "interrupted";
        int blobs = 300;
        BlobContainerClient container = Blobs.container("crash-" + scenario);
        IntStream.range(0, blobs)
                .parallel()
                .forEach(i -> container
                        .getBlobClient(String.format("s%03d.json", i))
                        .upload(BinaryData.fromString(Stores.json(Stores.make(scenario + "-" + i, 0, 1))), true));
        // a short lease for this launch, and a short Kafka session so the restart gets the dead process's partitions
        // soon (broker minimum 6 s)
        Map<String, String> shortLease = new LinkedHashMap<>();
        shortLease.put("importer.sweep.lock-lease", "6s");
        shortLease.put("importer.sweep.lock-heartbeat", "2s");
        shortLease.put("importer.sweep.lock-expiry-margin", "1s");
        for (String channel : List.of("files", "stores")) {
            shortLease.put("mp.messaging.incoming." + channel + ".session.timeout.ms", "6000");
            shortLease.put("mp.messaging.incoming." + channel + ".heartbeat.interval.ms", "2000");
        }
        ServiceProcess service = service(scenario, scenario, Map.of(), shortLease);
        try {
            service.start();
            String runId;
            long publishedAtKill;
            Instant killed;
            try (RecordCount files = new RecordCount(scenario + ".files")) {
                runId = trigger(service);
                await("the sweep a fifth through")
                        .atMost(Duration.ofSeconds(60))
                        .pollInterval(Duration.ofMillis(5))
                        .until(() -> files.count() >= blobs / 5);
                service.kill();
                killed = Instant.now();
                publishedAtKill = files.count();
            }
            assertThat(publishedAtKill)
                    .as("file events when the process was killed")
                    .isLessThan(blobs);

            service.start();
            String catchUp = runId + "-catchup1";
            Response interrupted = awaitFinished(service, runId, Duration.ofMinutes(1));
            Response caughtUp = awaitFinished(service, catchUp, Duration.ofMinutes(2));

            assertThat(interrupted.<String>path("status")).isEqualTo("ERROR");
            assertThat(interrupted.<String>path("error"))
                    .startsWith("The sweep was interrupted after ")
                    .endsWith("; catch-up run " + catchUp + " continues it");
            assertThat(caughtUp.<String>path("status")).isEqualTo("COMPLETE");
            assertThat(caughtUp.<String>path("trigger")).isEqualTo("CATCH_UP");
            await("every record in ODP")
                    .atMost(Duration.ofMinutes(2))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> distinct(accepted(scenario + "-")) == blobs);
            Instant lastImported = OdpJournal.upserts(odp, ID, scenario + "-").stream()
                    .filter(u -> u.status() / 100 == 2)
                    .map(OdpJournal.Upsert::end)
                    .max(Instant::compareTo)
                    .orElseThrow();
            int[] imported = new int[2];
            await("both runs' files imported").atMost(Duration.ofMinutes(1)).until(() -> {
                imported[0] = run(service, runId).path("filesImported");
                imported[1] = run(service, catchUp).path("filesImported");
                return imported[0] + imported[1] >= blobs;
            });
            int interruptedFiles = run(service, runId).path("files");
            int catchUpFiles = caughtUp.path("files");
            // a version whose file event was acknowledged just before the kill, but not its run event or ledger entry,
            // is published again by the catch-up (and skipped by the importer: already IMPORTED)
            assertThat(interruptedFiles + catchUpFiles).as("files of both runs").isBetween(blobs, blobs + 5);
            List<JsonNode> started = runsStarted(scenario);
            assertThat(started)
                    .as("runs started: the sweep and its catch-up, no other trigger")
                    .extracting(e -> e.path("runId").asText())
                    .containsExactlyInAnyOrder(runId, catchUp);
            Instant catchUpStarted = started.stream()
                    .filter(e -> catchUp.equals(e.path("runId").asText()))
                    .map(e -> Instant.parse(e.path("at").asText()))
                    .findFirst()
                    .orElseThrow();
            long published = KafkaTestClient.readAll(kafka.bootstrapServers(), scenario + ".files")
                    .size();
            // the take-over is logged once, live, by the restarted process that took the lock
            assertThat(service.output()
                            .lines()
                            .filter(l -> l.contains("Lock of " + runId + " expired"))
                            .count())
                    .isEqualTo(1);
            List<JsonNode> sent = accepted(scenario + "-");
            long delivered = distinct(sent);
            assertThat(delivered).isEqualTo(blobs);
            Figures.add(
                    String.format(
                            "a sweep of %d new blobs, the service killed (SIGKILL) mid-sweep, restarted; "
                                    + "no trigger",
                            blobs),
                    blobs,
                    delivered,
                    sent.size() - delivered,
                    0,
                    caughtUp.path("status"),
                    String.format(
                            "killed with %d file events published; after the restart "
                                    + "the run ended ERROR with %d files and its catch-up run (-catchup1) started by "
                                    + "itself %.1f s after the kill, published %d (%d file events in all: %d "
                                    + "published twice); %d + %d files imported; the last blob imported %.1f s after "
                                    + "the kill (lease 6 s, Kafka session 6 s)",
                            publishedAtKill,
                            interruptedFiles,
                            Duration.between(killed, catchUpStarted).toMillis() / 1000.0,
                            catchUpFiles,
                            published,
                            published - blobs,
                            imported[0],
                            imported[1],
                            Duration.between(killed, lastImported).toMillis() / 1000.0));
        } finally {
            service.close();
        }
    }

    private static Response run(ServiceProcess service, String runId) {
        return service.api()
                .get(Api.RUNS + "/" + runId)
                .then()
                .statusCode(200)
                .extract()
                .response();
    }

    private static void start(ServiceProcess service) {
        try {
            service.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---------------------------------------------------------------------------------------------------------

    private static JsonNode json(String line) {
        try {
            return KafkaTestClient.MAPPER.readTree(line);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return how many scheduled sweeps the process has started or stood down from, per its log */
    private static int scheduledSweepAttempts(ServiceProcess service) throws IOException {
        return (int) service.output()
                .lines()
                .filter(l -> l.contains("Scheduled sweep for") || l.contains("started (SCHEDULE"))
                .count();
    }

    private static List<JsonNode> runsStarted(String scenario) throws Exception {
        List<JsonNode> started = new ArrayList<>();
        for (ConsumerRecord<String, String> r : KafkaTestClient.readAll(kafka.bootstrapServers(), scenario + ".runs")) {
            if (r.value() != null) {
                JsonNode event = KafkaTestClient.MAPPER.readTree(r.value());
                if ("STARTED".equals(event.path("type").asText())) {
                    started.add(event);
                }
            }
        }
        return started;
    }

    private ServiceProcess service(String scenario, Map<String, String> env) throws IOException {
        return service(scenario, scenario, env, Map.of());
    }

    /** A service process whose container, topics and consumer groups belong to {@code scenario}. */
    private ServiceProcess service(String name, String scenario, Map<String, String> env, Map<String, String> extra)
            throws IOException {
        Map<String, String> environment = new HashMap<>(Map.of(
                "IMPORTER_AZURE_CONNECTION_STRING", azurite,
                "KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
                "IMPORTER_ODP_API_KEY", API_KEY,
                "IMPORTER_WEBHOOK_SECRETS", WEBHOOK_SECRET));
        environment.putAll(env);
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("importer.azure.container", "crash-" + scenario);
        properties.put("importer.odp.base-url", odp.baseUrl());
        // the stand-in starts with an empty schema: the service creates its object (docs/testing.md)
        properties.put("importer.schema.bootstrap", "create");
        for (String topic : List.of("files", "stores", "dead-letter", "ledger", "runs", "progress", "locks")) {
            properties.put("importer.topics." + topic, scenario + "." + topic);
        }
        properties.put("importer.consumer-group", "crash-" + scenario);
        properties.put("importer.sweep.cron", "off");
        properties.put("importer.sink.linger", "200ms");
        properties.put("importer.sink.retry-initial-backoff", "200ms");
        properties.put("importer.sink.retry-max-backoff", "1s");
        properties.put("importer.sink.max-request-rate", "0");
        properties.put("importer.runs.reconcile-every", "2s");
        properties.putAll(extra);
        return new ServiceProcess("service-" + name, environment, properties);
    }

    private static String trigger(ServiceProcess service) {
        return service.api()
                .queryParam("prefix", "")
                .post(Api.RUNS)
                .then()
                .statusCode(202)
                .extract()
                .path("runId");
    }

    private static Response awaitFinished(ServiceProcess service, String runId, Duration timeout) {
        await("run " + runId)
                .atMost(timeout)
                .pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    Response run = service.api()
                            .get(Api.RUNS + "/" + runId)
                            .then()
                            .extract()
                            .response();
                    return run.statusCode() == 200 && !"RUNNING".equals(run.path("status"));
                });
        return service.api()
                .get(Api.RUNS + "/" + runId)
                .then()
                .statusCode(200)
                .extract()
                .response();
    }

    /** @return the objects of every accepted request whose primary key starts with {@code prefix} */
    private static List<JsonNode> accepted(String prefix) {
        return OdpJournal.accepted(odp, ID, prefix);
    }

    private static long distinct(List<JsonNode> objects) {
        return ids(objects).size();
    }

    private static Set<String> ids(List<JsonNode> objects) {
        Set<String> ids = new HashSet<>();
        objects.forEach(o -> ids.add(o.get(ID).asText()));
        return ids;
    }

    /** Counts the records of a topic as they arrive. */
    private static final class RecordCount implements AutoCloseable {
        private final KafkaConsumer<String, String> consumer;
        private final String topic;
        private long count;

        RecordCount(String topic) {
            this.topic = topic;
            this.consumer = new KafkaConsumer<>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                    ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                    ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName()));
        }

        /** @return the records read so far (polls for more) */
        long count() {
            if (consumer.assignment().isEmpty()) {
                List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(5)).stream()
                        .map(p -> new TopicPartition(topic, p.partition()))
                        .toList();
                if (partitions.isEmpty()) {
                    return 0;
                }
                consumer.assign(partitions);
                consumer.seekToBeginning(partitions);
            }
            count += consumer.poll(Duration.ofMillis(20)).count();
            return count;
        }

        @Override
        public void close() {
            consumer.close(Duration.ofSeconds(1));
        }
    }

    /** Follows a progress topic: the latest mark of each file (-1 once cleared). */
    private static final class MarkWatch implements AutoCloseable {
        private final KafkaConsumer<String, String> consumer;
        private final Map<String, Long> latest = new HashMap<>();
        private final String topic;

        MarkWatch(String topic) {
            this.topic = topic;
            this.consumer = new KafkaConsumer<>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                    ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                    ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName()));
        }

        /** @return the file's latest mark's next record index, -1 if none or cleared */
        long latest(String fileKey) throws Exception {
            if (consumer.assignment().isEmpty()) {
                List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(5)).stream()
                        .map(p -> new TopicPartition(topic, p.partition()))
                        .toList();
                if (partitions.isEmpty()) {
                    return -1;
                }
                consumer.assign(partitions);
                consumer.seekToBeginning(partitions);
            }
            for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(100))) {
                latest.put(
                        r.key(),
                        r.value() == null
                                ? -1L
                                : KafkaTestClient.MAPPER
                                        .readTree(r.value())
                                        .path("nextRecordIndex")
                                        .asLong());
            }
            return latest.getOrDefault(fileKey, -1L);
        }

        @Override
        public void close() {
            consumer.close(Duration.ofSeconds(1)); // the broker may be down: do not wait for it
        }
    }
}
