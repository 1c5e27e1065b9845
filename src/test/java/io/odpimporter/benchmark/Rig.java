package io.odpimporter.benchmark;

import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.blob.BlobServiceVersion;
import io.odpimporter.crash.ServiceProcess;
import io.restassured.response.Response;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * What every phase of the benchmark runs on: the local stack's Kafka broker and Azurite (their addresses and pids
 * from {@code bin/benchmark}'s system properties {@code bench.kafka}, {@code bench.azurite}, {@code bench.kafka-pid},
 * {@code bench.azurite-pid}), the benchmark's container, the ODP stand-in, and the service processes started on
 * topics of their own: how they are configured, triggered, awaited and cleaned up.
 */
final class Rig {

    static final Path OUT = Path.of("target", "benchmark").toAbsolutePath();
    static final String CONTAINER = "benchmark";
    static final String API_KEY = "benchmark-key";
    static final String WEBHOOK_SECRET = "benchmark-webhook-secret";

    final Options options;
    final String kafka;
    final String azurite;
    final BlobContainerClient container;
    final StandIn standIn;
    private final long kafkaPid;
    private final long azuritePid;
    /** Service processes started so far: names their topics and instances. */
    private int services;
    /** Bytes of each uploaded dataset, by prefix. */
    private final Map<String, Dataset.Size> uploadedBytes = new LinkedHashMap<>();
    /** Requests that broke ODP's contract, over every run (counted before each reset). */
    private long malformed;

    Rig(Options options, StandIn standIn) {
        this.options = options;
        this.standIn = standIn;
        this.kafka = required("bench.kafka");
        this.azurite = required("bench.azurite");
        this.kafkaPid = Long.getLong("bench.kafka-pid", -1);
        this.azuritePid = Long.getLong("bench.azurite-pid", -1);
        this.container = new BlobServiceClientBuilder()
                .connectionString(azurite)
                .serviceVersion(BlobServiceVersion.V2026_06_06)
                .buildClient()
                .getBlobContainerClient(CONTAINER);
        container.createIfNotExists();
    }

    private static String required(String key) {
        String value = System.getProperty(key);
        if (value == null) {
            throw new IllegalStateException("system property " + key + " is missing: run bin/benchmark");
        }
        return value;
    }

    static void say(String message) {
        System.out.println("[benchmark] " + message);
    }

    void upload(Dataset data) {
        if (uploadedBytes.containsKey(data.prefix())) {
            return;
        }
        long t = System.nanoTime();
        Dataset.Size size = data.upload(container);
        uploadedBytes.put(data.prefix(), size);
        say(String.format(
                Locale.ROOT,
                "dataset %s: %,d records in %d blob(s), %,.1f MB%s (%s in %.1f s)",
                data.prefix(),
                data.records(),
                data.blobs(),
                size.bytes() / 1e6,
                size.bytes() == size.uncompressedBytes()
                        ? ""
                        : String.format(Locale.ROOT, ", %,.1f MB uncompressed", size.uncompressedBytes() / 1e6),
                "uploaded or reused",
                (System.nanoTime() - t) / 1e9));
    }

    /** @return the bytes of the dataset's blobs, as {@link #upload} found or wrote them */
    long bytesOf(Dataset data) {
        return sizeOf(data).bytes();
    }

    /** @return the bytes of the dataset's blobs and their uncompressed content, as {@link #upload} found or wrote them */
    Dataset.Size sizeOf(Dataset data) {
        return uploadedBytes.getOrDefault(data.prefix(), new Dataset.Size(-1, -1));
    }

    /** @return the CPU seconds used so far by the importer ({@code importerPid}, -1: none) and the stack */
    Map<String, Double> cpuNow(long importerPid) {
        Map<String, Double> cpu = new LinkedHashMap<>();
        cpu.put("importer", ProcessStats.cpuSeconds(importerPid));
        cpu.put("kafka", ProcessStats.cpuSeconds(kafkaPid));
        cpu.put("azurite", ProcessStats.cpuSeconds(azuritePid));
        cpu.put("odp", ProcessStats.cpuSeconds(standIn.pid()));
        return cpu;
    }

    /** Forgets the stand-in's counts, keeping the number of malformed requests. */
    void resetStandIn() throws IOException, InterruptedException {
        malformed += standIn.count(OdpObjectCounter.MALFORMED).requests();
        standIn.reset();
    }

    /** @return the requests that broke ODP's contract, counted at each {@link #resetStandIn()} */
    long malformed() {
        return malformed;
    }

    /** @return the prefix of a new service's topics and consumer group */
    String newTopics() {
        return "bench-"
                + DateTimeFormatter.ofPattern("HHmmss").withZone(ZoneOffset.UTC).format(Instant.now()) + "-"
                + (++services);
    }

    /** @return the instance id of the service started on the topics of the last {@link #newTopics()} */
    String instance() {
        return "bench-" + services;
    }

    List<String> jvm(String id, String xmx, boolean service) {
        List<String> jvm =
                new ArrayList<>(List.of("-Xmx" + xmx, "-Xlog:gc,gc+heap+exit:file=" + OUT.resolve(id + "-gc.log")));
        if (service) {
            jvm.addAll(options.serviceJavaOptions());
            if (options.jfr()) {
                jvm.add("-XX:StartFlightRecording=settings=profile,filename=" + OUT.resolve(id + ".jfr"));
            }
        }
        return jvm;
    }

    /** Starts the current service, tuned (the sweep, Event Grid and two-instance phases). */
    ServiceProcess service(String id, String topics, String instance, String xmx) throws IOException {
        return service(id, topics, instance, xmx, Importer.SERVICE_TUNED);
    }

    ServiceProcess service(String id, String topics, String instance, String xmx, Importer importer)
            throws IOException {
        Path jar = importer == Importer.BASELINE
                ? options.baselineJar()
                : Path.of("target", "quarkus-app", "quarkus-run.jar").toAbsolutePath();
        return new ServiceProcess(
                        id,
                        serviceEnv(),
                        serviceProperties(topics, instance, importer.tuned()),
                        OUT,
                        jvm(id, xmx, true),
                        jar)
                .start();
    }

    /**
     * The service's configuration for the benchmark: its own topics and groups; with {@code tuned}, the benchmark's
     * pacing ({@code --max-in-flight} requests, no rate limit, a buffer for them), else the service's defaults.
     */
    private Map<String, String> serviceProperties(String topics, String instance, boolean tuned) {
        Map<String, String> p = new LinkedHashMap<>();
        for (String t : List.of(
                "files", "stores", "dead-letter", "ledger", "runs", "progress", "activity", "run-logs", "locks")) {
            p.put("importer.topics." + t, topics + "." + t);
        }
        p.put("importer.consumer-group", topics);
        p.put("importer.instance-id", instance);
        p.put("importer.azure.container", CONTAINER);
        p.put("importer.sweep.cron", "off");
        if (tuned) {
            p.put("importer.sink.max-in-flight", Integer.toString(options.maxInFlight()));
            p.put("importer.sink.max-request-rate", "0");
            p.put("importer.sink.buffer-capacity", Integer.toString(tunedBufferCapacity(options)));
        }
        p.put("quarkus.log.console.json.enabled", "false");
        return p;
    }

    /** @return the buffer the tuned service is given: room for its requests in flight and 4 batches more */
    static int tunedBufferCapacity(Options options) {
        return (options.maxInFlight() + 4) * 100;
    }

    private Map<String, String> serviceEnv() {
        return Map.of(
                "IMPORTER_AZURE_CONNECTION_STRING",
                azurite,
                "IMPORTER_ODP_BASE_URL",
                standIn.baseUrl(),
                "IMPORTER_ODP_API_KEY",
                API_KEY,
                "KAFKA_BOOTSTRAP_SERVERS",
                kafka,
                "IMPORTER_WEBHOOK_SECRETS",
                WEBHOOK_SECRET);
    }

    /** @return the run id of a REST trigger of the blobs under {@code prefix} */
    static String trigger(ServiceProcess service, String prefix, String trackerId) {
        Response answer = service.api()
                .queryParam("prefix", prefix)
                .queryParam("trackerId", trackerId)
                .post("/jobs/offline_store_import/runs");
        if (answer.statusCode() != 202) {
            throw new IllegalStateException("the trigger answered " + answer.statusCode() + ": " + answer.asString());
        }
        return answer.path("runId");
    }

    void awaitDelivered(String tag, long records) {
        await("all " + records + " records of " + tag + " at the stand-in")
                .atMost(options.timeout())
                .pollInterval(Duration.ofMillis(200))
                .until(() -> standIn.count(tag).distinct() >= records);
    }

    static void awaitRunEnd(ServiceProcess service, String runId) {
        await("run " + runId + " ended")
                .atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> !"RUNNING"
                        .equals(service.api()
                                .get("/jobs/offline_store_import/runs/" + runId)
                                .path("status")));
    }

    void deleteTopics(String prefix) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka))) {
            List<String> names = admin.listTopics().names().get(30, TimeUnit.SECONDS).stream()
                    .filter(n -> n.startsWith(prefix + "."))
                    .toList();
            admin.deleteTopics(names).all().get(60, TimeUnit.SECONDS);
            admin.deleteConsumerGroups(List.of(prefix + "-files", prefix + "-stores"))
                    .all()
                    .get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            say("could not delete the topics of " + prefix + ": " + e);
        }
    }
}
