package io.odpimporter.benchmark;

import com.azure.core.util.BinaryData;
import com.azure.storage.blob.BlobContainerAsyncClient;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.blob.BlobServiceVersion;
import com.azure.storage.blob.models.ListBlobsOptions;
import com.fasterxml.jackson.databind.JsonNode;
import io.odpimporter.crash.ServiceProcess;
import io.odpimporter.domain.BlobVersion;
import io.odpimporter.domain.LedgerEntry;
import io.odpimporter.testing.EventGrid;
import io.odpimporter.testing.KafkaTestClient;
import io.restassured.response.Response;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.core.ConditionTimeoutException;
import reactor.core.publisher.Flux;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.awaitility.Awaitility.await;

/**
 * The benchmark (docs/performance.md): on the local stack's Kafka broker and Azurite, against one ODP stand-in
 * ({@link StandIn}), it runs the importers ({@link Importer}) on the same generated data, each in a JVM of its own,
 * and reports records per second, wall time, peak RSS and heap, and the CPU every process used:
 * <ol>
 *     <li>{@code original}: the original job's algorithm ({@link OriginalImporter});</li>
 *     <li>{@code direct}: a streaming importer without Kafka ({@link DirectImporter}), the upper bound;</li>
 *     <li>{@code service (defaults)}: this service's packaged application with no pacing setting, and
 *     {@code service (tuned)} with the benchmark's pacing, from the REST trigger to the stand-in's last accepted
 *     object;</li>
 *     <li>{@code baseline}: a base commit's service ({@code --baseline-jar}), tuned, for CPU per record.</li>
 * </ol>
 * over {10k, 1M records} × {0, 50, 200 ms per ODP request} (100k at most at 200 ms: {@code --cap-records}); then
 * the service at its defaults under the stand-in's 429 mode ({@code --rate-limit}), the 1 GB blob through the
 * service alone, a sweep among 20,000 imported blobs, the Event Grid upload-to-ODP latency, and two service
 * instances sharing one import. Writes {@code target/benchmark/results.md} (with the targets as ratios,
 * {@link Targets}), {@code results.csv} and {@code results.png}. {@code --smoke}: the 10k matrix only (CI). Options:
 * {@link Options#usage()}. Run through {@code bin/benchmark}, which starts the stack's broker and Azurite and passes
 * their addresses as system properties {@code bench.kafka}, {@code bench.azurite}, {@code bench.kafka-pid},
 * {@code bench.azurite-pid}.
 */
public final class Benchmark {

    static final Path OUT = Path.of("target", "benchmark").toAbsolutePath();
    static final String CONTAINER = "benchmark";
    static final String API_KEY = "benchmark-key";
    static final String WEBHOOK_SECRET = "benchmark-webhook-secret";
    /** The 429 run's figures are measured after this long from its trigger (the limit's settling time). */
    static final Duration SETTLE = Duration.ofSeconds(30);

    private final Options options;
    private final String kafka;
    private final String azurite;
    private final long kafkaPid;
    private final long azuritePid;
    private final BlobContainerClient container;
    private final List<Result> results = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private StandIn standIn;
    /** Imported by each importer before it is measured (null: measured cold). */
    private Dataset warmUp;

    private int services;
    /** Bytes of each uploaded dataset, by prefix. */
    private final Map<String, Long> uploadedBytes = new LinkedHashMap<>();
    /** Phases (sweep, latency, two instances) that ended with an exception. */
    private int failedPhases;
    /** Requests that broke ODP's contract, over every run (counted before each reset). */
    private long malformed;

    private Benchmark(Options options) {
        this.options = options;
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

    public static void main(String[] args) throws Exception {
        if (List.of(args).contains("--help")) {
            System.out.println(Options.usage());
            return;
        }
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        Files.createDirectories(OUT);
        Benchmark benchmark = new Benchmark(options);
        boolean ok = benchmark.run();
        System.exit(ok ? 0 : 1);
    }

    private static void say(String message) {
        System.out.println("[benchmark] " + message);
    }

    private boolean run() throws Exception {
        long started = System.nanoTime();
        say("ODP stand-in on port " + options.odpPort() + " (WireMock, no request journal, " + StandIn.THREADS
                + " server threads, asynchronous delayed answers)");
        if (options.baselineJar() != null) {
            say("baseline service: " + options.baselineJar());
        }
        try (StandIn odp = new StandIn(options.odpPort(), OUT.resolve("odp-stand-in.log"))) {
            standIn = odp;
            if (options.warmUp() > 0
                    && (!options.sizes().isEmpty() || options.bigGb() > 0 || options.rateLimit() != null)) {
                warmUp = new Dataset(
                        "W" + options.warmUp() / 1000,
                        options.warmUp(),
                        10,
                        options.seed() + 1,
                        "warm-up-" + options.warmUp() + "/");
                upload(warmUp);
            }
            Set<String> done = new HashSet<>();
            for (long size : options.sizes()) {
                for (int latency : options.latencies()) {
                    long records = options.recordsAt(size, latency);
                    if (!done.add(records + "@" + latency)) {
                        continue;
                    }
                    Dataset data = dataset(records);
                    upload(data);
                    for (Importer importer : options.importersAt(latency)) {
                        results.add(measure(importer, data, latency, xmx(importer), null));
                        Report.printRow(results.get(results.size() - 1));
                    }
                }
            }
            if (options.rateLimit() != null) {
                Options.RateLimit limit = options.rateLimit();
                Dataset data = dataset(limit.records());
                upload(data);
                results.add(measure(Importer.SERVICE_DEFAULTS, data, limit.latencyMs(), options.serviceXmx(), limit));
                Report.printRow(results.get(results.size() - 1));
            }
            if (options.bigGb() > 0) {
                long records = Math.round(options.bigGb() * 1e9 / 105);
                Dataset big = new Dataset(
                        "G" + Math.round(options.bigGb() * 10), records, 1, options.seed(), "big-" + records + "/");
                upload(big);
                results.add(measure(Importer.SERVICE_DEFAULTS, big, 0, options.bigXmx(), null));
                Report.printRow(results.get(results.size() - 1));
            }
            if (options.sweepBlobs() > 0) {
                phase("sweep", () -> sweep(options.sweepBlobs()));
            }
            if (options.latencyUploads() > 0) {
                phase("Event Grid latency", () -> webhookLatency(10, options.latencyUploads()));
            }
            if (options.scale()) {
                phase("two instances", () -> {
                    Dataset data = dataset(1_000_000);
                    upload(data);
                    scale(data, 50);
                });
            }
            resetStandIn();
        }
        notes.add(0, String.format(Locale.ROOT, "Benchmark took %.0f s.", (System.nanoTime() - started) / 1e9));
        if (malformed > 0) {
            notes.add("The stand-in received " + malformed + " request(s) breaking ODP's contract (not a non-empty "
                    + "array of at most 500 objects with ids): FAILED.");
        }
        Report.write(results, notes, options, OUT, options.results());
        boolean ok = failedPhases == 0
                && malformed == 0
                && results.stream().allMatch(r -> r.missing() == 0 && r.error() == null);
        say(ok ? "every run delivered every record" : "SOME RUNS FAILED OR MISSED RECORDS: see the table");
        return ok;
    }

    /** A measurement that may fail. */
    private interface Phase {
        void run() throws Exception;
    }

    /** Runs a phase; a failure is reported in the notes (and the exit code), and the next phases still run. */
    private void phase(String name, Phase phase) {
        try {
            phase.run();
        } catch (Exception | AssertionError e) {
            failedPhases++;
            String line = "The " + name + " measurement FAILED: " + e;
            say(line);
            notes.add(line);
        }
    }

    private String xmx(Importer importer) {
        return switch (importer) {
            case ORIGINAL -> options.originalXmx();
            case DIRECT -> options.directXmx();
            default -> options.serviceXmx();
        };
    }

    private Dataset dataset(long records) {
        int blobs = records <= 10_000 ? 5 : 10;
        String tag =
                records >= 1_000_000 && records % 1_000_000 == 0 ? "M" + records / 1_000_000 : "K" + records / 1000;
        return new Dataset(tag, records, blobs, options.seed(), "stores-" + records + "/");
    }

    private void upload(Dataset data) {
        if (uploadedBytes.containsKey(data.prefix())) {
            return;
        }
        long t = System.nanoTime();
        long bytes = data.upload(container);
        uploadedBytes.put(data.prefix(), bytes);
        say(String.format(
                Locale.ROOT,
                "dataset %s: %,d records in %d blob(s), %,.1f MB (%s in %.1f s)",
                data.prefix(),
                data.records(),
                data.blobs(),
                bytes / 1e6,
                "uploaded or reused",
                (System.nanoTime() - t) / 1e9));
    }

    /** @return the bytes of the dataset's blobs, as {@link #upload} found or wrote them */
    private long bytesOf(Dataset data) {
        return uploadedBytes.getOrDefault(data.prefix(), -1L);
    }

    private Map<String, Double> cpuNow(long importerPid) {
        Map<String, Double> cpu = new LinkedHashMap<>();
        cpu.put("importer", ProcessStats.cpuSeconds(importerPid));
        cpu.put("kafka", ProcessStats.cpuSeconds(kafkaPid));
        cpu.put("azurite", ProcessStats.cpuSeconds(azuritePid));
        cpu.put("odp", ProcessStats.cpuSeconds(standIn.pid()));
        return cpu;
    }

    private static Map<String, Double> minus(Map<String, Double> after, Map<String, Double> before) {
        Map<String, Double> d = new LinkedHashMap<>();
        after.forEach((k, v) -> d.put(k, v < 0 || before.getOrDefault(k, -1.0) < 0 ? -1 : v - before.get(k)));
        return d;
    }

    /** Forgets the stand-in's counts, keeping the number of malformed requests. */
    private void resetStandIn() throws IOException, InterruptedException {
        malformed += standIn.count(OdpObjectCounter.MALFORMED).requests();
        standIn.reset();
    }

    /**
     * One measurement: the warm-up (if any) at 0 ms and without the 429 mode, then the measured import at
     * {@code latency}, under {@code limit} if not null.
     */
    private Result measure(Importer importer, Dataset data, int latency, String xmx, Options.RateLimit limit)
            throws Exception {
        resetStandIn();
        standIn.noRateLimit();
        standIn.latency(warmUp == null ? latency : 0);
        String id = String.format(
                Locale.ROOT,
                "%s-%s-%dms%s",
                importer.option,
                data.prefix().replace("/", ""),
                latency,
                limit == null ? "" : "-429");
        say(String.format(
                Locale.ROOT,
                "%s: %,d records, ODP latency %d ms, -Xmx%s%s",
                importer.label,
                data.records(),
                latency,
                xmx,
                limit == null
                        ? ""
                        : String.format(
                                Locale.ROOT,
                                ", 429 above %s requests/s (burst %d)",
                                limit.perSecond(),
                                limit.burst())));
        try {
            return importer.service()
                    ? measureService(id, importer, data, latency, xmx, limit)
                    : measureStandalone(id, importer, data, latency, xmx);
        } finally {
            standIn.noRateLimit();
        }
    }

    /** Sets the measured run's latency and 429 mode (after the warm-up, which runs at 0 ms). */
    private void measuredConditions(int latency, Options.RateLimit limit) throws IOException, InterruptedException {
        standIn.latency(latency);
        if (limit != null) {
            standIn.rateLimit(limit.perSecond(), limit.burst());
        }
    }

    private List<String> jvm(String id, String xmx, boolean service) {
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

    private Result measureStandalone(String id, Importer importer, Dataset data, int latency, String xmx)
            throws Exception {
        List<String> command = new ArrayList<>(
                List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(jvm(id, xmx, false));
        command.addAll(List.of(
                "-cp",
                System.getProperty("java.class.path"),
                "-Djava.util.logging.manager=org.jboss.logmanager.LogManager",
                "-Dbench.connection-string=" + azurite,
                "-Dbench.container=" + CONTAINER,
                "-Dbench.prefix=" + data.prefix(),
                "-Dbench.odp-url=" + standIn.baseUrl(),
                "-Dbench.api-key=" + API_KEY,
                "-Dbench.max-in-flight=" + options.maxInFlight(),
                "-Dbench.warm-up-prefix=" + (warmUp == null ? "" : warmUp.prefix()),
                (importer == Importer.ORIGINAL ? OriginalImporter.class : DirectImporter.class).getName()));
        Path log = OUT.resolve(id + ".log");
        Map<String, Double> before = cpuNow(-1);
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        if (warmUp != null) {
            // the warm-up ran at 0 ms; the measured import starts when told (a line on its standard input), at the
            // measured latency; the other processes' CPU is counted from there
            await("the warm-up of " + id)
                    .atMost(options.timeout())
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> !process.isAlive() || Files.readString(log).contains(ImporterSettings.WARM));
            measuredConditions(latency, null);
            before = cpuNow(-1);
            try (OutputStream go = process.getOutputStream()) {
                go.write('\n');
            } catch (IOException e) {
                // it exited: reported below
            }
        }
        boolean exited = process.waitFor(options.timeout().toMinutes(), TimeUnit.MINUTES);
        if (!exited) {
            process.destroyForcibly().waitFor();
        }
        Map<String, Double> cpu = minus(cpuNow(-1), before);
        try {
            // the stand-in's listener may count the last request a moment after the importer got its answer
            await().atMost(Duration.ofSeconds(5))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> standIn.count(data.tag()).distinct() >= data.records());
        } catch (ConditionTimeoutException e) {
            // reported as missing below
        }
        String output = Files.readString(log);
        Matcher start = Pattern.compile("START (\\d+) cpuSeconds=([\\d.-]+)").matcher(output);
        Matcher done = Pattern.compile("DONE records=(\\d+) requests=(\\d+) peakRssKb=(-?\\d+) cpuSeconds=([\\d.-]+)")
                .matcher(output);
        StandIn.Count count = standIn.count(data.tag());
        String error = !exited
                ? "did not finish within " + options.timeout().toMinutes() + " min"
                : process.exitValue() != 0 || !done.find() ? "exit " + process.exitValue() + ": see " + log : null;
        boolean started = start.find();
        double seconds = error == null && started ? (count.lastAt() - Long.parseLong(start.group(1))) / 1e3 : -1;
        if (error == null && started) {
            // the measured import's CPU: the warm-up's (and the JVM's start, when there is one) left out
            cpu.put(
                    "importer",
                    Double.parseDouble(done.group(4)) - (warmUp == null ? 0 : Double.parseDouble(start.group(2))));
        }
        ProcessStats.Heap heap = ProcessStats.heap(OUT.resolve(id + "-gc.log"));
        return new Result(
                scenario(data),
                importer,
                importer.label,
                data.records(),
                data.blobs(),
                bytesOf(data),
                latency,
                xmx,
                seconds,
                error == null ? Long.parseLong(done.group(3)) / 1024.0 : -1,
                heap.peakMb(),
                heap.liveMb(),
                heap.medianLiveMb(),
                count.requests(),
                data.records() - count.distinct(),
                cpu,
                error,
                null);
    }

    private static String scenario(Dataset data) {
        return data.records() >= 1_000_000 && data.blobs() == 1
                ? "single blob"
                : data.records() >= 1_000_000 && data.records() % 1_000_000 == 0
                        ? (data.records() / 1_000_000) + "M"
                        : (data.records() / 1000) + "k";
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

    private String newTopics() {
        return "bench-"
                + DateTimeFormatter.ofPattern("HHmmss").withZone(ZoneOffset.UTC).format(Instant.now()) + "-"
                + (++services);
    }

    /** Starts the current service, tuned (the sweep, Event Grid and two-instance phases). */
    private ServiceProcess service(String id, String topics, String instance, String xmx) throws IOException {
        return service(id, topics, instance, xmx, Importer.SERVICE_TUNED);
    }

    private ServiceProcess service(String id, String topics, String instance, String xmx, Importer importer)
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

    private Result measureService(
            String id, Importer importer, Dataset data, int latency, String xmx, Options.RateLimit limit)
            throws Exception {
        String topics = newTopics();
        ServiceProcess service = service(id, topics, "bench-" + services, xmx, importer);
        String error = null;
        double seconds = -1;
        Map<String, Double> cpu;
        double rss;
        StandIn.Count count;
        Result.Settled settled = null;
        try {
            if (warmUp != null) {
                // a long-running service has imported before: the measured run finds its JIT warm
                String warmRun = trigger(service, warmUp.prefix(), id + "-warm-up");
                awaitDelivered(warmUp.tag(), warmUp.records());
                awaitRunEnd(service, warmRun);
            }
            measuredConditions(latency, limit);
            Map<String, Double> before = cpuNow(service.pid());
            long t0 = System.currentTimeMillis();
            String runId = trigger(service, data.prefix(), id);
            StandIn.Count settledFrom = null;
            StandIn.Limited limitedFrom = new StandIn.Limited(0, 0);
            long settledAt = t0;
            try {
                if (limit != null && !delivered(data, SETTLE)) {
                    settledAt = System.currentTimeMillis();
                    settledFrom = standIn.count(data.tag());
                    limitedFrom = standIn.limited();
                }
                awaitDelivered(data.tag(), data.records());
                awaitRunEnd(service, runId);
            } catch (ConditionTimeoutException e) {
                error = "did not finish: " + e.getMessage();
            }
            cpu = minus(cpuNow(service.pid()), before);
            rss = ProcessStats.peakRssMb(service.pid());
            count = standIn.count(data.tag());
            if (limit != null) {
                StandIn.Limited limited = standIn.limited();
                settled = new Result.Settled(
                        limit.perSecond(),
                        (settledAt - t0) / 1e3,
                        (count.lastAt() - settledAt) / 1e3,
                        count.distinct() - (settledFrom == null ? 0 : settledFrom.distinct()),
                        limited.admitted() - limitedFrom.admitted(),
                        limited.refused() - limitedFrom.refused());
            }
            String status = service.api()
                    .get("/jobs/offline_store_import/runs/" + runId)
                    .path("status");
            if (error == null && !"COMPLETE".equals(status)) {
                error = "run " + runId + " ended " + status;
            }
            seconds = (count.lastAt() - t0) / 1e3;
        } finally {
            service.stop();
            deleteTopics(topics);
        }
        ProcessStats.Heap heap = ProcessStats.heap(OUT.resolve(id + "-gc.log"));
        return new Result(
                limit == null
                        ? scenario(data)
                        : String.format(
                                Locale.ROOT,
                                "%s; 429 above %s requests/s",
                                scenario(data),
                                Targets.number(limit.perSecond())),
                importer,
                importer.label,
                data.records(),
                data.blobs(),
                bytesOf(data),
                latency,
                xmx,
                error == null ? seconds : -1,
                rss,
                heap.peakMb(),
                heap.liveMb(),
                heap.medianLiveMb(),
                count.requests(),
                data.records() - count.distinct(),
                cpu,
                error,
                settled);
    }

    /** @return whether every record of {@code data} reached the stand-in within {@code atMost} */
    private boolean delivered(Dataset data, Duration atMost) {
        try {
            await().atMost(atMost)
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> standIn.count(data.tag()).distinct() >= data.records());
            return true;
        } catch (ConditionTimeoutException e) {
            return false;
        }
    }

    private static String trigger(ServiceProcess service, String prefix, String trackerId) {
        Response answer = service.api()
                .queryParam("prefix", prefix)
                .queryParam("trackerId", trackerId)
                .post("/jobs/offline_store_import/runs");
        if (answer.statusCode() != 202) {
            throw new IllegalStateException("the trigger answered " + answer.statusCode() + ": " + answer.asString());
        }
        return answer.path("runId");
    }

    private void awaitDelivered(String tag, long records) {
        await("all " + records + " records of " + tag + " at the stand-in")
                .atMost(options.timeout())
                .pollInterval(Duration.ofMillis(200))
                .until(() -> standIn.count(tag).distinct() >= records);
    }

    private void awaitRunEnd(ServiceProcess service, String runId) {
        await("run " + runId + " ended")
                .atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> !"RUNNING"
                        .equals(service.api()
                                .get("/jobs/offline_store_import/runs/" + runId)
                                .path("status")));
    }

    private void deleteTopics(String prefix) {
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

    // --------------------------------------------------------------------------------------------- sweep

    /**
     * Discovering 10 new blobs among {@code old} already imported: the old blobs are uploaded (or reused) and their
     * versions written to the service's ledger topic as IMPORTED, as the importer writes them; then 10 new blobs
     * are uploaded and a run is triggered on the prefix, twice on the same service: the first sweep after its start
     * (cold: JIT, Kafka metadata) and a second one with 10 other new blobs. Measured per sweep: from the trigger to
     * the sweep's "sweep published N file(s)" log line, and the service's own split of it (its "ledger view caught
     * up in .. ms; listed .. blob(s) and looked them up in .. ms" line).
     */
    private void sweep(int old) throws Exception {
        String prefix = "sweep-" + old + "/";
        Map<String, String> etags = uploadSmall(prefix + "old/", old, "SO");
        String topics = newTopics();
        String id = "service-sweep-" + old;
        ServiceProcess service = service(id, topics, "bench-" + services, options.serviceXmx());
        try {
            writeLedger(topics + ".ledger", etags);
            resetStandIn();
            standIn.latency(0);
            // an earlier run's new blobs would be new again to this run's empty ledger: exactly 10 new ones per sweep
            container
                    .listBlobs(new ListBlobsOptions().setPrefix(prefix + "new-"), null)
                    .forEach(b -> container.getBlobClient(b.getName()).deleteIfExists());
            // this JVM's HTTP client warmed up, so the first trigger's time is the service's
            service.api().get("/jobs/offline_store_import/runs");
            for (String sweep : List.of("first sweep after the service's start", "second sweep")) {
                String fresh = "SN" + (System.currentTimeMillis() % 100_000);
                uploadSmall(prefix + "new-" + fresh + "/", 10, fresh);
                long t0 = System.currentTimeMillis();
                String runId = trigger(service, prefix, id);
                long answered = System.currentTimeMillis();
                awaitDelivered(fresh, 10);
                awaitRunEnd(service, runId);
                JsonNode run = KafkaTestClient.MAPPER.readTree(service.api()
                        .get("/jobs/offline_store_import/runs/" + runId)
                        .asString());
                JsonNode logs = KafkaTestClient.MAPPER.readTree(service.api()
                        .get("/jobs/offline_store_import/runs/" + runId + "/logs")
                        .asString());
                Instant published = null;
                String split = "(no split logged)";
                for (JsonNode line : logs) {
                    String message = line.path("message").asText();
                    if (message.contains("sweep published")) {
                        published = Instant.parse(line.path("at").asText());
                    }
                    Matcher m = Pattern.compile("ledger view caught up in (\\d+) ms; "
                                    + "listed (\\d+) blob\\(s\\) and looked them up in (\\d+) ms")
                            .matcher(message);
                    if (m.find()) {
                        split = String.format(
                                Locale.ROOT,
                                "ledger view caught up in %.2f s, listing %,d blobs with " + "their look-ups %.2f s",
                                Long.parseLong(m.group(1)) / 1e3,
                                Long.parseLong(m.group(2)),
                                Long.parseLong(m.group(3)) / 1e3);
                    }
                }
                double seconds = published == null ? -1 : (published.toEpochMilli() - t0) / 1e3;
                String line = String.format(
                        Locale.ROOT,
                        "Sweep (%s): %d new blobs among %,d already imported "
                                + "(ledger entries IMPORTED): the run discovered %d file(s) (status %s); trigger to "
                                + "\"sweep published\" %.2f s (target < 10 s: %s; the answer reached the benchmark after %.2f s; %s); "
                                + "trigger to the new records at ODP %.2f s.",
                        sweep,
                        10,
                        old,
                        run.path("files").asInt(),
                        run.path("status").asText(),
                        seconds,
                        seconds >= 0 && seconds < 10 ? "met" : "NOT met",
                        (answered - t0) / 1e3,
                        split,
                        (standIn.count(fresh).lastAt() - t0) / 1e3);
                say(line);
                notes.add(line);
            }
        } finally {
            service.stop();
            deleteTopics(topics);
        }
    }

    /**
     * Uploads {@code count} one-record blobs {@code <prefix><n>.json} (ids {@code <tag>-<n>}), 32 at a time, unless
     * they are there.
     *
     * @return blob name to ETag (unquoted)
     */
    private Map<String, String> uploadSmall(String prefix, int count, String tag) {
        Map<String, String> etags = new ConcurrentHashMap<>();
        container
                .listBlobs(new ListBlobsOptions().setPrefix(prefix), null)
                .forEach(b -> etags.put(
                        b.getName(), BlobVersion.unquote(b.getProperties().getETag())));
        if (etags.size() == count) {
            return etags;
        }
        long t = System.nanoTime();
        BlobContainerAsyncClient async = new BlobServiceClientBuilder()
                .connectionString(azurite)
                .serviceVersion(BlobServiceVersion.V2026_06_06)
                .buildAsyncClient()
                .getBlobContainerAsyncClient(CONTAINER);
        Flux.range(0, count)
                .flatMap(
                        n -> {
                            String name = prefix + String.format("%05d.json", n);
                            String body = "[{\"id\":\"" + tag + "-" + String.format("%07d", n) + "\",\"name\":\"Kiosk "
                                    + n + "\",\"location\":\"Gate " + n + ", Zürich HB, CH\"}]";
                            return async.getBlobAsyncClient(name)
                                    .upload(BinaryData.fromString(body), true)
                                    .doOnNext(item -> etags.put(name, BlobVersion.unquote(item.getETag())));
                        },
                        32)
                .blockLast(Duration.ofMinutes(20));
        say(String.format(
                Locale.ROOT, "uploaded %,d blobs under %s in %.1f s", count, prefix, (System.nanoTime() - t) / 1e9));
        return etags;
    }

    private void writeLedger(String topic, Map<String, String> etags) throws Exception {
        Map<String, Object> config = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafka,
                ProducerConfig.ACKS_CONFIG,
                "all",
                ProducerConfig.LINGER_MS_CONFIG,
                20);
        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            List<Future<?>> acks = new ArrayList<>();
            for (Map.Entry<String, String> e : etags.entrySet()) {
                LedgerEntry entry = new LedgerEntry(
                        LedgerEntry.SCHEMA_VERSION,
                        CONTAINER,
                        e.getKey(),
                        e.getValue(),
                        LedgerEntry.State.IMPORTED,
                        "run-benchmark-setup",
                        1,
                        null,
                        Instant.now());
                acks.add(producer.send(new ProducerRecord<>(
                        topic,
                        new BlobVersion(CONTAINER, e.getKey(), e.getValue()).key(),
                        KafkaTestClient.MAPPER.writeValueAsString(entry))));
            }
            for (var ack : acks) {
                ack.get(60, TimeUnit.SECONDS);
            }
        }
    }

    // --------------------------------------------------------------------------------------------- webhook latency

    /**
     * Upload-to-ODP latency through the Event Grid webhook, with the service's default linger (500 ms): one
     * upload of 10 stores at a time, its BlobCreated delivery posted as Event Grid would, timed until the stand-in
     * accepted the blob's last record (the stand-in's clock, same host).
     */
    private void webhookLatency(int warmup, int measured) throws Exception {
        String topics = newTopics();
        String id = "service-webhook";
        ServiceProcess service = service(id, topics, "bench-" + services, options.serviceXmx());
        resetStandIn();
        standIn.latency(0);
        List<Long> fromPost = new ArrayList<>();
        List<Long> fromUpload = new ArrayList<>();
        try {
            for (int n = 0; n < warmup + measured; n++) {
                String tag = "WB" + n;
                String name = "webhook-" + topics + "/" + n + ".json";
                StringBuilder body = new StringBuilder("[");
                for (int i = 0; i < 10; i++) {
                    body.append(i == 0 ? "" : ",")
                            .append("{\"id\":\"")
                            .append(tag)
                            .append('-')
                            .append(String.format("%07d", i))
                            .append("\",\"name\":\"Pop-up ")
                            .append(i)
                            .append("\",\"location\":\"Strøget ")
                            .append(i)
                            .append(", København, DK\"}");
                }
                long uploadStart = System.currentTimeMillis();
                var blob = container.getBlobClient(name);
                blob.upload(BinaryData.fromString(body.append(']').toString()), true);
                String delivery = EventGrid.array(List.of(EventGrid.event(EventGrid.Blob.of(blob))));
                long posted = System.currentTimeMillis();
                int status = service.api()
                        .contentType("application/json")
                        .body(delivery)
                        .queryParam("secret", WEBHOOK_SECRET)
                        .post("/events/blob-created")
                        .statusCode();
                if (status != 200) {
                    throw new IllegalStateException("the webhook answered " + status);
                }
                awaitDelivered(tag, 10);
                long at = standIn.count(tag).lastAt();
                if (n >= warmup) {
                    fromPost.add(at - posted);
                    fromUpload.add(at - uploadStart);
                }
            }
        } finally {
            service.stop();
            deleteTopics(topics);
        }
        String line = String.format(
                Locale.ROOT,
                "Event Grid upload-to-ODP latency (%d uploads of 10 stores after %d "
                        + "warm-up, one at a time, linger 500 ms): from the BlobCreated delivery p50 %d ms, p95 %d ms, "
                        + "max %d ms; from the upload's start p50 %d ms, p95 %d ms (target p95 <= linger + 500 ms = "
                        + "1000 ms: %s).",
                measured,
                warmup,
                percentile(fromPost, 50),
                percentile(fromPost, 95),
                percentile(fromPost, 100),
                percentile(fromUpload, 50),
                percentile(fromUpload, 95),
                percentile(fromPost, 95) <= 1000 ? "met" : "NOT met");
        say(line);
        notes.add(line);
    }

    static long percentile(List<Long> values, int p) {
        List<Long> sorted = values.stream().sorted().toList();
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    // --------------------------------------------------------------------------------------------- two instances

    /**
     * Two service processes in one consumer group on the same topics import {@code data} after one REST trigger:
     * counts what the stand-in received, what each instance sent (its {@code odp_importer_records_accepted_total})
     * and which instance swept ({@code odp_importer_blobs_discovered_total}).
     */
    private void scale(Dataset data, int latency) throws Exception {
        String topics = newTopics();
        resetStandIn();
        standIn.latency(latency);
        ServiceProcess a = service("service-scale-a", topics, "bench-a", options.serviceXmx());
        ServiceProcess b = service("service-scale-b", topics, "bench-b", options.serviceXmx());
        try {
            long t0 = System.currentTimeMillis();
            String runId = trigger(a, data.prefix(), "scale");
            awaitDelivered(data.tag(), data.records());
            awaitRunEnd(a, runId);
            StandIn.Count count = standIn.count(data.tag());
            String status =
                    a.api().get("/jobs/offline_store_import/runs/" + runId).path("status");
            double seconds = (count.lastAt() - t0) / 1e3;
            String line = String.format(
                    Locale.ROOT,
                    "Two instances (one consumer group, files-partitions 1, "
                            + "stores-partitions 3, ODP latency %d ms): %,d records in %.1f s (%,.0f records/s), "
                            + "missing %,d, run %s; instance A: accepted %s, files imported %s, blobs discovered %s; "
                            + "instance B: accepted %s, files imported %s, blobs discovered %s.",
                    latency,
                    data.records(),
                    seconds,
                    data.records() / seconds,
                    data.records() - count.distinct(),
                    status,
                    metric(a, "odp_importer_records_accepted_total"),
                    metric(a, "odp_importer_files_total{outcome=\"imported\"}"),
                    metric(a, "odp_importer_blobs_discovered_total{source=\"manual\"}"),
                    metric(b, "odp_importer_records_accepted_total"),
                    metric(b, "odp_importer_files_total{outcome=\"imported\"}"),
                    metric(b, "odp_importer_blobs_discovered_total{source=\"manual\"}"));
            say(line);
            notes.add(line);
            if (count.distinct() != data.records() || !"COMPLETE".equals(status)) {
                results.add(new Result(
                        "two instances",
                        null,
                        "service x2",
                        data.records(),
                        data.blobs(),
                        bytesOf(data),
                        latency,
                        options.serviceXmx(),
                        seconds,
                        -1,
                        -1,
                        -1,
                        -1,
                        count.requests(),
                        data.records() - count.distinct(),
                        Map.of(),
                        "run " + status,
                        null));
            }
        } finally {
            a.stop();
            b.stop();
            deleteTopics(topics);
        }
    }

    /** @return a counter's value from the instance's /q/metrics, "0" if absent */
    private static String metric(ServiceProcess service, String series) {
        for (String line : service.management().get("/q/metrics").asString().split("\n")) {
            if (line.startsWith(series + " ")) {
                return String.format(Locale.ROOT, "%,.0f", Double.parseDouble(line.substring(series.length() + 1)));
            }
        }
        return "0";
    }
}
