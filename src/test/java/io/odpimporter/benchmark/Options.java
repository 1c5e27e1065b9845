package io.odpimporter.benchmark;

import io.odpimporter.domain.FileFormat;
import io.odpimporter.testing.TokenBucket;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The benchmark's options ({@link #usage()}).
 *
 * @param capRecords  the most records a dataset has at a latency (the original's algorithm at 200 ms sends one
 *                    request at a time: 1M records would take 35 minutes), e.g. {@code 200 -> 100000}
 * @param baselineJar the quarkus-run.jar of a base commit's service, run beside the current one; null: none
 * @param rateLimit   the 429 run (the stand-in answers 429 above N requests a second); null: none
 * @param smoke       the CI version: the defaults service runs at 50 ms only
 * @param formats     the formats of the matrix's data: JSON arrays for every importer, the others for the service
 *                    rows only (the original's algorithm and the direct importer read JSON arrays)
 * @param bigFormats  the formats of the single blob ({@code --big-gb} uncompressed each)
 */
record Options(
        List<Long> sizes,
        List<Integer> latencies,
        List<Importer> importers,
        Map<Integer, Long> capRecords,
        double bigGb,
        int sweepBlobs,
        int latencyUploads,
        boolean scale,
        long seed,
        int maxInFlight,
        int odpPort,
        String serviceXmx,
        String directXmx,
        String originalXmx,
        String bigXmx,
        Duration timeout,
        boolean jfr,
        String results,
        long warmUp,
        List<String> serviceJavaOptions,
        boolean smoke,
        Path baselineJar,
        RateLimit rateLimit,
        List<FileFormat> formats,
        List<FileFormat> bigFormats) {

    /**
     * The 429 run: {@code records} records through the service at its defaults, the stand-in's latency
     * {@code latencyMs}, a token bucket of {@code perSecond} requests a second with {@code burst}.
     */
    record RateLimit(double perSecond, int burst, int latencyMs, long records) {

        /** @return the records a second the limit allows with batches of 100 (N × 100) */
        double ceilingRecordsPerSecond() {
            return perSecond * 100;
        }

        /** @return the requests a client must keep in flight to reach the limit (N × latency) */
        double inFlightNeeded() {
            return perSecond * latencyMs / 1000.0;
        }
    }

    private static final List<String> FLAGS = List.of("smoke", "help", "no-scale", "jfr");
    private static final List<String> KEYS = List.of(
            "smoke",
            "no-scale",
            "jfr",
            "sizes",
            "latencies",
            "importers",
            "cap-records",
            "big-gb",
            "sweep-blobs",
            "latency-uploads",
            "seed",
            "max-in-flight",
            "odp-port",
            "service-xmx",
            "direct-xmx",
            "original-xmx",
            "big-xmx",
            "timeout-minutes",
            "results",
            "warm-up",
            "service-java-options",
            "baseline-jar",
            "rate-limit",
            "rate-limit-burst",
            "rate-limit-latency",
            "rate-limit-records",
            "formats",
            "big-formats");

    /** @throws IllegalArgumentException for an unknown option or a bad value, with the usage */
    static Options parse(String[] args) {
        Map<String, String> o = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument " + a + "\n" + usage());
            }
            String key = a.substring(2);
            o.put(key, FLAGS.contains(key) ? "true" : i + 1 < args.length ? args[++i] : "");
        }
        for (String key : o.keySet()) {
            if (!KEYS.contains(key)) {
                throw new IllegalArgumentException("unknown option --" + key + "\n" + usage());
            }
        }
        boolean smoke = o.containsKey("smoke");
        Path baselineJar = o.containsKey("baseline-jar") ? baselineJar(o.get("baseline-jar")) : null;
        List<Importer> importers = new ArrayList<>(
                list(o.getOrDefault("importers", "original,direct,service-defaults,service-tuned")).stream()
                        .map(Importer::parse)
                        .distinct()
                        .toList());
        if (baselineJar != null && !o.containsKey("importers")) {
            importers.add(Importer.BASELINE);
        }
        if (importers.contains(Importer.BASELINE) && baselineJar == null) {
            throw new IllegalArgumentException("--importers baseline needs --baseline-jar <quarkus-app directory or "
                    + "its quarkus-run.jar>, e.g. --baseline-jar /tmp/base/target/quarkus-app");
        }
        double perSecond = Double.parseDouble(o.getOrDefault("rate-limit", smoke ? "0" : "100"));
        return new Options(
                list(o.getOrDefault("sizes", smoke ? "10000" : "10000,1000000")).stream()
                        .filter(v -> !v.equals("none"))
                        .map(Long::parseLong)
                        .toList(),
                list(o.getOrDefault("latencies", smoke ? "0,50" : "0,50,200")).stream()
                        .map(Integer::parseInt)
                        .toList(),
                List.copyOf(importers),
                capRecords(o.getOrDefault("cap-records", "200:100000")),
                Double.parseDouble(o.getOrDefault("big-gb", smoke ? "0" : "1")),
                Integer.parseInt(o.getOrDefault("sweep-blobs", smoke ? "0" : "20000")),
                Integer.parseInt(o.getOrDefault("latency-uploads", smoke ? "0" : "50")),
                !smoke && !o.containsKey("no-scale"),
                Long.parseLong(o.getOrDefault("seed", "20261201")),
                Integer.parseInt(o.getOrDefault("max-in-flight", "16")),
                Integer.parseInt(o.getOrDefault("odp-port", "18189")),
                o.getOrDefault("service-xmx", "256m"),
                o.getOrDefault("direct-xmx", "256m"),
                o.getOrDefault("original-xmx", "3g"),
                o.getOrDefault("big-xmx", "256m"),
                Duration.ofMinutes(Long.parseLong(o.getOrDefault("timeout-minutes", "40"))),
                o.containsKey("jfr"),
                o.getOrDefault("results", "results"),
                Long.parseLong(o.getOrDefault("warm-up", smoke ? "0" : "200000")),
                Arrays.stream(o.getOrDefault("service-java-options", "").split(" "))
                        .filter(v -> !v.isBlank())
                        .toList(),
                smoke,
                baselineJar,
                perSecond <= 0
                        ? null
                        : new RateLimit(
                                perSecond,
                                Integer.parseInt(o.getOrDefault(
                                        "rate-limit-burst", Integer.toString(TokenBucket.defaultBurst(perSecond)))),
                                Integer.parseInt(o.getOrDefault("rate-limit-latency", "200")),
                                Long.parseLong(o.getOrDefault("rate-limit-records", "1000000"))),
                formats("formats", o.getOrDefault("formats", "json")),
                formats("big-formats", o.getOrDefault("big-formats", "json,csv,jsonl.gz")));
    }

    /** @return the importers run at {@code latencyMs} on data in {@code format}: only the services read other formats */
    List<Importer> importersAt(int latencyMs, FileFormat format) {
        return importersAt(latencyMs).stream()
                .filter(i -> format.equals(FileFormat.JSON_ARRAY) || i.readsEveryFormat())
                .toList();
    }

    private static List<FileFormat> formats(String option, String value) {
        List<FileFormat> formats = new ArrayList<>();
        for (String form : list(value)) {
            FileFormat format = FileFormat.parse(form);
            if (format == null) {
                throw new IllegalArgumentException("--" + option + " takes formats json, jsonl, csv, each optionally "
                        + "with .gz, e.g. json,csv,jsonl.gz, not " + form);
            }
            if (!formats.contains(format)) {
                formats.add(format);
            }
        }
        return List.copyOf(formats);
    }

    /** @return the importers run at {@code latencyMs}: in the smoke run, the defaults service only at 50 ms */
    List<Importer> importersAt(int latencyMs) {
        return importers.stream()
                .filter(i -> !(smoke && i == Importer.SERVICE_DEFAULTS && latencyMs != 50))
                .toList();
    }

    /** @return the records of a dataset of {@code size} at {@code latencyMs}, after {@code --cap-records} */
    long recordsAt(long size, int latencyMs) {
        return Math.min(size, capRecords.getOrDefault(latencyMs, Long.MAX_VALUE));
    }

    private static List<String> list(String value) {
        return Arrays.stream(value.split(","))
                .map(String::trim)
                .filter(v -> !v.isEmpty())
                .toList();
    }

    private static Map<Integer, Long> capRecords(String value) {
        Map<Integer, Long> caps = new LinkedHashMap<>();
        for (String cap : list(value)) {
            if (cap.equals("none")) {
                continue;
            }
            String[] parts = cap.split(":");
            if (parts.length != 2) {
                throw new IllegalArgumentException(
                        "--cap-records takes latency:records pairs, e.g. 200:100000 (none: no cap), not " + cap);
            }
            caps.put(Integer.parseInt(parts[0].trim()), Long.parseLong(parts[1].trim()));
        }
        return Map.copyOf(caps);
    }

    private static Path baselineJar(String value) {
        Path path = Path.of(value).toAbsolutePath();
        Path jar = Files.isDirectory(path) ? path.resolve("quarkus-run.jar") : path;
        if (!Files.isRegularFile(jar)) {
            throw new IllegalArgumentException("--baseline-jar: " + jar + " is not a file: give a quarkus-app "
                    + "directory or its quarkus-run.jar, e.g. git worktree add /tmp/base <rev> && (cd /tmp/base && "
                    + "./mvnw -o -B -DskipTests package), then --baseline-jar /tmp/base/target/quarkus-app");
        }
        return jar;
    }

    static String usage() {
        return """
                bin/benchmark [options]
                  --smoke                 CI: 10k records x {0, 50 ms} x original, direct, service (tuned), and the
                                          service (defaults) at 50 ms only; no 1 GB blob, sweep, latency, scale or 429 run
                  --sizes 10000,1000000   records per dataset (10k: 5 blobs, else 10 blobs; none: no matrix)
                  --latencies 0,50,200    ODP stand-in latency per request, ms (smoke: 0,50)
                  --cap-records 200:100000
                                          the most records per dataset at a latency (none: no cap): the original's
                                          algorithm does one request at a time, 1M records at 200 ms take 35 min
                  --importers original,direct,service-defaults,service-tuned[,baseline]
                                          service-defaults: the service with no pacing setting; service-tuned (or
                                          service): --max-in-flight, no rate limit; baseline: see --baseline-jar
                  --baseline-jar PATH     a base commit's target/quarkus-app (or its quarkus-run.jar), run as the
                                          importer "baseline" (tuned) beside the current service; build it with
                                          git worktree add /tmp/base REV && (cd /tmp/base && ./mvnw -o -B -DskipTests package)
                  --rate-limit 100        the 429 run: the stand-in answers 429 above N requests/s (0: leave out; smoke: 0)
                  --rate-limit-burst 10   its token bucket's burst (default N/10)
                  --rate-limit-latency 200  --rate-limit-records 1000000
                                          the 429 run's latency and records (service at its defaults)
                  --formats json          formats of the matrix's data (json, jsonl, csv, each optionally .gz): json
                                          for every importer, the others for service-defaults and service-tuned only
                                          (same records, blobs named .csv, .jsonl.gz, ...; the service picks by name)
                  --big-gb 1              the single blob through the service at its defaults, 0 ms (0: leave out)
                  --big-formats json,csv,jsonl.gz
                                          the single blob's formats, --big-gb uncompressed each, at --big-xmx
                  --sweep-blobs 20000     blobs already imported for the sweep measurement (0: leave out)
                  --latency-uploads 50    Event Grid uploads timed (after 10 warm-up; 0: leave out)
                  --no-scale              leave out the two-instance run (1M records, 50 ms)
                  --warm-up 200000        records each importer imports before it is measured, in the same
                                          process, at 0 ms (10 blobs; 0: measure cold, the first import of a fresh JVM)
                  --seed 20261201         dataset seed
                  --max-in-flight 16      ODP requests in flight (service (tuned), baseline and direct importer)
                  --service-xmx 256m  --direct-xmx 256m  --original-xmx 3g  --big-xmx 256m
                  --service-java-options "-XX:..."   more JVM options for every service process
                  --odp-port 18189        the stand-in's port
                  --help                  this text
                  --timeout-minutes 40    longest one run may take
                  --results results       names the output files: target/benchmark/<results>.md, .csv, .png
                  --jfr                   record each service run with JDK Flight Recorder (target/benchmark/*.jfr)""";
    }
}
