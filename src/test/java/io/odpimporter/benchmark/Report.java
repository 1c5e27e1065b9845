package io.odpimporter.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The benchmark's output: a Markdown table (printed and in {@code results.md}), {@code results.csv}, {@code results.png}. */
final class Report {

    private Report() {}

    static String header() {
        return "| data | ODP latency | importer | heap limit | wall time (s) | records/s | peak RSS (MB) | "
                + "peak heap (MB) | heap after GC, median / max (MB) | ODP requests | missing | CPU s: importer / kafka / azurite / odp |\n"
                + "|---|---|---|---|---|---|---|---|---|---|---|---|";
    }

    static String row(Result r) {
        String cpu = String.join(
                " / ",
                r.cpu().values().stream()
                        .map(v -> v < 0 ? "-" : String.format(Locale.ROOT, "%.1f", v))
                        .toList());
        return String.format(
                Locale.ROOT,
                "| %s (%,d records, %d blob%s, %,.0f MB) | %d ms | %s | %s | %s | %s | %s | "
                        + "%s | %s | %,d | %,d | %s |",
                r.scenario(),
                r.records(),
                r.blobs(),
                r.blobs() == 1 ? "" : "s",
                r.bytes() / 1e6,
                r.latencyMs(),
                r.importer(),
                r.xmx(),
                r.error() != null ? "FAILED: " + r.error() : String.format(Locale.ROOT, "%.1f", r.seconds()),
                r.error() != null ? "-" : String.format(Locale.ROOT, "%,.0f", r.recordsPerSecond()),
                number(r.peakRssMb()),
                number(r.peakHeapMb()),
                number(r.medianLiveHeapMb()) + " / " + number(r.liveHeapMb()),
                r.requests(),
                r.missing(),
                cpu);
    }

    private static String number(double v) {
        return v < 0 ? "-" : String.format(Locale.ROOT, "%,.0f", v);
    }

    static void printRow(Result r) {
        System.out.println(header().lines().findFirst().orElseThrow());
        System.out.println(row(r));
    }

    /** Writes {@code <name>.md}, {@code <name>.csv} and {@code <name>.png} to {@code out}, and prints the table. */
    static void write(List<Result> results, List<String> notes, Options options, Path out, String name)
            throws IOException {
        StringBuilder md = new StringBuilder();
        md.append(header()).append('\n');
        results.forEach(r -> md.append(row(r)).append('\n'));
        md.append('\n').append(conditions(options)).append('\n');
        md.append("\nTargets (issue 21 §3, issue 22), as ratios of rows of this table:\n\n")
                .append(Targets.markdown(Targets.of(results)));
        notes.forEach(n -> md.append('\n').append(n).append('\n'));
        Files.writeString(out.resolve(name + ".md"), md);

        StringBuilder csv = new StringBuilder("data,records,blobs,bytes,latency_ms,importer,heap_limit,wall_seconds,"
                + "records_per_second,peak_rss_mb,peak_heap_mb,median_heap_after_gc_mb,max_heap_after_gc_mb,odp_requests,missing,cpu_importer_s,"
                + "cpu_kafka_s,cpu_azurite_s,cpu_odp_s,settled_records_per_second,settled_refused_share,error\n");
        for (Result r : results) {
            csv.append(String.format(
                    Locale.ROOT,
                    "%s,%d,%d,%d,%d,%s,%s,%.3f,%.1f,%.1f,%.1f,%.1f,%.1f,%d,%d,%s,%s,%s,%s\n",
                    r.scenario(),
                    r.records(),
                    r.blobs(),
                    r.bytes(),
                    r.latencyMs(),
                    r.importer(),
                    r.xmx(),
                    r.seconds(),
                    r.recordsPerSecond(),
                    r.peakRssMb(),
                    r.peakHeapMb(),
                    r.medianLiveHeapMb(),
                    r.liveHeapMb(),
                    r.requests(),
                    r.missing(),
                    String.join(
                            ",",
                            r.cpu().values().stream()
                                    .map(v -> String.format(Locale.ROOT, "%.2f", v))
                                    .toList()),
                    r.settled() == null
                            ? ""
                            : String.format(Locale.ROOT, "%.1f", r.settled().recordsPerSecond()),
                    r.settled() == null
                            ? ""
                            : String.format(Locale.ROOT, "%.4f", r.settled().refusedShare()),
                    r.error() == null ? "" : '"' + r.error().replace("\"", "'") + '"'));
        }
        Files.writeString(out.resolve(name + ".csv"), csv);
        Chart.write(results, out.resolve(name + ".png"));
        System.out.println();
        System.out.println(md);
        System.out.println(
                "[benchmark] written: " + out.resolve(name + ".md") + ", " + name + ".csv, " + name + ".png");
    }

    /** @return the paragraph under the table: pacing, stand-in, warm-up, caps, the 429 run */
    static String conditions(Options options) {
        StringBuilder text = new StringBuilder(String.format(
                Locale.ROOT,
                "Pacing: service (tuned) and the direct importer keep up to %d ODP requests in flight "
                        + "(`importer.sink.max-in-flight=%d`, `max-request-rate=0`: no rate limit, `buffer-capacity=%d`); "
                        + "service (defaults) is given no pacing setting (whatever the service's defaults are); batches of "
                        + "100, linger 500 ms; the original's algorithm sends one request at a time. The stand-in: WireMock, "
                        + "no request journal, %d server threads, asynchronous delayed answers.",
                options.maxInFlight(),
                options.maxInFlight(),
                Rig.tunedBufferCapacity(options),
                StandIn.THREADS));
        if (options.baselineJar() != null) {
            text.append(" Baseline: the service of `")
                    .append(options.baselineJar())
                    .append("`, tuned as service (tuned), in the same invocation.");
        }
        text.append(
                options.warmUp() > 0
                        ? String.format(
                                Locale.ROOT,
                                " Every importer was measured after importing a warm-up data set of %,d records in the "
                                        + "same process, at 0 ms.",
                                options.warmUp())
                        : " Every importer was measured cold (the first import of its process).");
        List<Map.Entry<Integer, Long>> caps = options.capRecords().entrySet().stream()
                .filter(e -> options.latencies().contains(e.getKey()))
                .sorted(Map.Entry.comparingByKey())
                .toList();
        if (!caps.isEmpty()) {
            text.append(" Data per latency: at most ");
            text.append(String.join(
                    ", ",
                    caps.stream()
                            .map(e -> String.format(Locale.ROOT, "%,d records at %d ms", e.getValue(), e.getKey()))
                            .toList()));
            text.append(" (`--cap-records`: the original's algorithm sends one request at a time).");
        }
        if (options.smoke()) {
            text.append(" Smoke run: service (defaults) at 50 ms only.");
        }
        Options.RateLimit limit = options.rateLimit();
        if (limit != null) {
            text.append(String.format(
                    Locale.ROOT,
                    " 429 run: service (defaults), the stand-in answering 429 (ODP's error JSON, no Retry-After) above "
                            + "%s requests/s (token bucket, burst %d) at %d ms: N × latency = %s requests in flight "
                            + "needed, N × 100 = %,.0f records/s; its records/s and refused share are measured after "
                            + "its first %d s (its row's records/s is the whole run's).",
                    Targets.number(limit.perSecond()),
                    limit.burst(),
                    limit.latencyMs(),
                    Targets.number(limit.inFlightNeeded()),
                    limit.ceilingRecordsPerSecond(),
                    Measurement.SETTLE.toSeconds()));
        }
        return text.toString();
    }
}
