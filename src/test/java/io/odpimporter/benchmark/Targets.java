package io.odpimporter.benchmark;

import io.odpimporter.domain.FileFormat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The targets of issue 21 §3 as ratios from one benchmark invocation, each met or not: the service at its defaults
 * against the original's algorithm (50 ms: ≥ 10×, 200 ms: ≥ 20×) and the direct importer (0 ms: ≥ 0.5×), the 429
 * run (≥ 90 % of N × 100 records/s and < 5 % refused after its first 30 s, missing 0), CPU per 1M records at 50 ms
 * against the base commit's service (≤ 60 %) and the 1 GB blob at {@code -Xmx256m} (missing 0), one line per format;
 * and issue 22's formats at 50 ms within 20 % of the JSON row ({@link FormatTarget}). A ratio compares
 * two rows of the same data and latency (the largest data both ran); a target without its rows is "not measured".
 */
final class Targets {

    enum Verdict {
        MET("**met**"),
        NOT_MET("**not met**"),
        NOT_MEASURED("not measured");

        final String text;

        Verdict(String text) {
            this.text = text;
        }

        static Verdict of(boolean met) {
            return met ? MET : NOT_MET;
        }
    }

    record Target(String name, String figure, Verdict verdict) {}

    private Targets() {}

    static List<Target> of(List<Result> results) {
        List<Target> targets = new ArrayList<>();
        targets.add(speed(results, 50, Importer.ORIGINAL, 10, Optional.empty()));
        targets.add(speed(results, 200, Importer.ORIGINAL, 20, Optional.empty()));
        targets.add(speed(results, 0, Importer.DIRECT, 0.5, Optional.of(Importer.ORIGINAL)));
        targets.add(rateLimited(results));
        targets.add(cpu(results));
        targets.addAll(bigBlobs(results));
        targets.add(FormatTarget.of(results));
        return targets;
    }

    /** @return the targets as a Markdown table */
    static String markdown(List<Target> targets) {
        StringBuilder md = new StringBuilder("| target (service at its defaults) | figure | |\n|---|---|---|\n");
        targets.forEach(t -> md.append("| ")
                .append(t.name())
                .append(" | ")
                .append(t.figure())
                .append(" | ")
                .append(t.verdict().text)
                .append(" |\n"));
        return md.toString();
    }

    /** @return the rows of {@code a} and {@code b} at {@code latencyMs} on the largest data both ran without error */
    static Optional<Result[]> pair(List<Result> results, Importer a, Importer b, int latencyMs) {
        return results.stream()
                .filter(r -> r.kind() == a && r.latencyMs() == latencyMs && r.settled() == null && r.ok())
                .sorted(Comparator.comparingLong(Result::records).reversed())
                .flatMap(ra -> results.stream()
                        .filter(rb -> rb.kind() == b
                                && rb.latencyMs() == latencyMs
                                && rb.settled() == null
                                && rb.ok()
                                && rb.scenario().equals(ra.scenario())
                                && rb.records() == ra.records())
                        .map(rb -> new Result[] {ra, rb}))
                .findFirst();
    }

    /**
     * The defaults service's records/s over {@code than}'s at {@code latencyMs}, met at {@code times} or more with
     * nothing missing; with {@code reported}, that importer's ratio too (not part of the verdict).
     */
    private static Target speed(
            List<Result> results, int latencyMs, Importer than, double times, Optional<Importer> reported) {
        String name = String.format(Locale.ROOT, "%d ms: ≥ %s× the %s", latencyMs, number(times), label(than))
                + reported.map(r -> " (the " + label(r) + ": reported)").orElse("");
        String alsoReported = reported.flatMap(r -> pair(results, Importer.SERVICE_DEFAULTS, r, latencyMs)
                        .map(o -> String.format(
                                Locale.ROOT,
                                "; %.2f× the %s's %,.0f (%s)",
                                ratio(o),
                                r.label,
                                o[1].recordsPerSecond(),
                                o[1].scenario())))
                .orElse("");
        return pair(results, Importer.SERVICE_DEFAULTS, than, latencyMs)
                .map(p -> new Target(
                        name,
                        String.format(
                                        Locale.ROOT,
                                        "%,.0f vs %,.0f records/s (%s): **%.2f×**",
                                        p[0].recordsPerSecond(),
                                        p[1].recordsPerSecond(),
                                        p[0].scenario(),
                                        ratio(p))
                                + alsoReported,
                        Verdict.of(ratio(p) >= times && p[0].missing() == 0)))
                .orElseGet(() -> notMeasured(name, latencyMs, than));
    }

    /** @return the first row's records/s over the second's */
    private static double ratio(Result[] pair) {
        return pair[0].recordsPerSecond() / pair[1].recordsPerSecond();
    }

    private static Target rateLimited(List<Result> results) {
        Optional<Result> run = results.stream().filter(r -> r.settled() != null).findFirst();
        if (run.isEmpty()) {
            return new Target(
                    "429 above N requests/s: ≥ 90 % of N × 100 records/s, < 5 % refused after 30 s, missing 0",
                    "no 429 run (--rate-limit)", Verdict.NOT_MEASURED);
        }
        Result r = run.get();
        Result.Settled s = r.settled();
        String name = String.format(
                Locale.ROOT,
                "429 above %s requests/s at %d ms (%s in flight needed): ≥ 90 %% of %,.0f records/s, < 5 %% refused "
                        + "after the first 30 s, missing 0",
                number(s.limitPerSecond()),
                r.latencyMs(),
                number(s.limitPerSecond() * r.latencyMs() / 1000.0),
                s.limitPerSecond() * 100);
        if (!r.ok()) {
            return new Target(name, "the run failed: " + r.error(), Verdict.NOT_MET);
        }
        return new Target(
                name,
                String.format(
                        Locale.ROOT,
                        "%,.0f records/s = **%.0f %%** of N × 100, **%.1f %%** refused (%,d of %,d requests) over "
                                + "%.0f s after the first %.0f s; missing %,d",
                        s.recordsPerSecond(),
                        100 * s.shareOfCeiling(),
                        100 * s.refusedShare(),
                        s.refused(),
                        s.admitted() + s.refused(),
                        s.seconds(),
                        s.skippedSeconds(),
                        r.missing()),
                Verdict.of(s.shareOfCeiling() >= 0.9 && s.refusedShare() < 0.05 && r.missing() == 0));
    }

    private static Target cpu(List<Result> results) {
        String name = "CPU per 1M records at 50 ms: ≤ 60 % of the base commit's service (`--baseline-jar`)";
        return pair(results, Importer.SERVICE_DEFAULTS, Importer.BASELINE, 50)
                .filter(p -> p[0].importerCpuPerMillion() > 0 && p[1].importerCpuPerMillion() > 0)
                .map(p -> {
                    double ratio = p[0].importerCpuPerMillion() / p[1].importerCpuPerMillion();
                    // the same pacing on both sides: a slow run spreads the service's fixed costs over fewer records
                    String tuned = pair(results, Importer.SERVICE_TUNED, Importer.BASELINE, 50)
                            .filter(t -> t[0].records() == p[0].records() && t[0].importerCpuPerMillion() > 0)
                            .map(t -> String.format(
                                    Locale.ROOT,
                                    "; service (tuned) %.1f s: %.0f %%",
                                    t[0].importerCpuPerMillion(),
                                    100 * t[0].importerCpuPerMillion() / t[1].importerCpuPerMillion()))
                            .orElse("");
                    return new Target(
                            name,
                            String.format(
                                    Locale.ROOT,
                                    "%.1f s vs %.1f s per 1M records (%s): **%.0f %%**%s",
                                    p[0].importerCpuPerMillion(),
                                    p[1].importerCpuPerMillion(),
                                    p[0].scenario(),
                                    100 * ratio,
                                    tuned),
                            Verdict.of(ratio <= 0.6));
                })
                .orElseGet(() -> notMeasured(name, 50, Importer.BASELINE));
    }

    /** @return a line per single-blob row (one per format), or one "not measured" */
    private static List<Target> bigBlobs(List<Result> results) {
        List<Target> targets = results.stream()
                .filter(r -> r.scenario().startsWith("single blob"))
                .map(Targets::bigBlob)
                .toList();
        return targets.isEmpty()
                ? List.of(new Target(
                        "1 GB blob at `-Xmx256m`, missing 0", "no single-blob run (--big-gb)", Verdict.NOT_MEASURED))
                : targets;
    }

    private static Target bigBlob(Result r) {
        String name = r.format().equals(FileFormat.JSON_ARRAY)
                ? "1 GB blob at `-Xmx256m`, missing 0"
                : "1 GB blob as " + r.format() + " (uncompressed size) at `-Xmx256m`, missing 0";
        return new Target(
                name,
                String.format(
                        Locale.ROOT,
                        "%,d records at -Xmx%s: %s, missing %,d",
                        r.records(),
                        r.xmx(),
                        r.ok()
                                ? String.format(Locale.ROOT, "%,.0f records/s", r.recordsPerSecond())
                                : "FAILED: " + r.error(),
                        r.missing()),
                Verdict.of(r.ok() && r.missing() == 0 && r.xmx().equals("256m")));
    }

    private static Target notMeasured(String name, int latencyMs, Importer other) {
        return new Target(
                name,
                String.format(
                        Locale.ROOT,
                        "no %s and %s rows of the same data at %d ms",
                        Importer.SERVICE_DEFAULTS.label,
                        other.label,
                        latencyMs),
                Verdict.NOT_MEASURED);
    }

    private static String label(Importer importer) {
        return switch (importer) {
            case ORIGINAL -> "original's algorithm";
            case DIRECT -> "direct importer";
            default -> importer.label;
        };
    }

    static String number(double v) {
        return v == Math.rint(v) ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%s", v);
    }
}
