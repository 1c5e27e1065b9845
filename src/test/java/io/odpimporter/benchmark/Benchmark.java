package io.odpimporter.benchmark;

import io.odpimporter.domain.FileFormat;

import java.nio.file.Files;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

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
 * over {10k, 1M records} × {0, 50, 200 ms per ODP request} (100k at most at 200 ms: {@code --cap-records}), the
 * services also on the same records as CSV, JSON Lines or gzip ({@code --formats}); then the service at its defaults
 * under the stand-in's 429 mode ({@code --rate-limit}), the 1 GB blob through the service at its defaults in each
 * of {@code --big-formats} ({@link BigBlobPhase}), a sweep among 20,000 imported blobs ({@link SweepPhase}), the Event Grid upload-to-ODP
 * latency ({@link WebhookLatencyPhase}), and two service instances sharing one import ({@link ScalePhase}). Each row
 * is a {@link Measurement} on the {@link Rig}. Writes {@code target/benchmark/results.md} (with the targets as
 * ratios, {@link Targets}), {@code results.csv} and {@code results.png} ({@link Chart}). {@code --smoke}: the 10k
 * matrix only (CI). Options:
 * {@link Options#usage()}. Run through {@code bin/benchmark}, which starts the stack's broker and Azurite and passes
 * their addresses as system properties {@code bench.kafka}, {@code bench.azurite}, {@code bench.kafka-pid},
 * {@code bench.azurite-pid}.
 */
public final class Benchmark {

    private final Options options;
    private final Findings findings = new Findings();
    /** Phases (sweep, latency, two instances) that ended with an exception. */
    private int failedPhases;

    private Benchmark(Options options) {
        this.options = options;
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
        Files.createDirectories(Rig.OUT);
        Benchmark benchmark = new Benchmark(options);
        boolean ok = benchmark.run();
        System.exit(ok ? 0 : 1);
    }

    private boolean run() throws Exception {
        long started = System.nanoTime();
        Rig.say("ODP stand-in on port " + options.odpPort() + " (WireMock, no request journal, " + StandIn.THREADS
                + " server threads, asynchronous delayed answers)");
        if (options.baselineJar() != null) {
            Rig.say("baseline service: " + options.baselineJar());
        }
        long malformed;
        try (StandIn odp = new StandIn(options.odpPort(), Rig.OUT.resolve("odp-stand-in.log"))) {
            Rig rig = new Rig(options, odp);
            Dataset warmUp = null;
            if (options.warmUp() > 0
                    && (!options.sizes().isEmpty() || options.bigGb() > 0 || options.rateLimit() != null)) {
                warmUp = new Dataset(
                        "W" + options.warmUp() / 1000,
                        options.warmUp(),
                        10,
                        options.seed() + 1,
                        "warm-up-" + options.warmUp() + "/");
                rig.upload(warmUp);
            }
            Measurement measurement = new Measurement(rig, warmUp);
            Set<String> done = new HashSet<>();
            for (long size : options.sizes()) {
                for (int latency : options.latencies()) {
                    long records = options.recordsAt(size, latency);
                    if (!done.add(records + "@" + latency)) {
                        continue;
                    }
                    for (FileFormat format : options.formats()) {
                        List<Importer> importers = options.importersAt(latency, format);
                        if (importers.isEmpty()) {
                            continue;
                        }
                        Dataset data = dataset(records).as(format);
                        rig.upload(data);
                        for (Importer importer : importers) {
                            findings.row(measurement.measure(importer, data, latency, xmx(importer), null));
                        }
                    }
                }
            }
            if (options.rateLimit() != null) {
                Options.RateLimit limit = options.rateLimit();
                Dataset data = dataset(limit.records());
                rig.upload(data);
                findings.row(measurement.measure(
                        Importer.SERVICE_DEFAULTS, data, limit.latencyMs(), options.serviceXmx(), limit));
            }
            if (options.bigGb() > 0) {
                new BigBlobPhase(rig, findings, measurement).run(options.bigGb(), options.bigFormats());
            }
            if (options.sweepBlobs() > 0) {
                phase("sweep", () -> new SweepPhase(rig, findings).run(options.sweepBlobs()));
            }
            if (options.latencyUploads() > 0) {
                phase(
                        "Event Grid latency",
                        () -> new WebhookLatencyPhase(rig, findings).run(10, options.latencyUploads()));
            }
            if (options.scale()) {
                phase("two instances", () -> {
                    Dataset data = dataset(1_000_000);
                    rig.upload(data);
                    new ScalePhase(rig, findings).run(data, 50);
                });
            }
            rig.resetStandIn();
            malformed = rig.malformed();
        }
        List<String> notes = findings.notes;
        notes.add(0, String.format(Locale.ROOT, "Benchmark took %.0f s.", (System.nanoTime() - started) / 1e9));
        if (malformed > 0) {
            notes.add("The stand-in received " + malformed + " request(s) breaking ODP's contract (not a non-empty "
                    + "array of at most 500 objects with ids): FAILED.");
        }
        Report.write(findings.results, notes, options, Rig.OUT, options.results());
        boolean ok = failedPhases == 0
                && malformed == 0
                && findings.results.stream().allMatch(r -> r.missing() == 0 && r.error() == null);
        Rig.say(ok ? "every run delivered every record" : "SOME RUNS FAILED OR MISSED RECORDS: see the table");
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
            findings.note("The " + name + " measurement FAILED: " + e);
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
}
