package io.odpimporter.benchmark;

import io.odpimporter.domain.FileFormat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The formats target of issue 22: the same records as CSV and as {@code .jsonl.gz} through the service at its
 * defaults at 50 ms, each within 20 % of the JSON row's records/s (at least 0.8× it) with nothing missing. Compares
 * rows of one invocation, on the largest data the JSON row and another format's row both have; every other format
 * run ({@code --formats}) is held to the same bound. Met when both named formats ran and every format row is
 * within it; not met when one is not; not measured without the JSON row or without a row of each named format.
 */
final class FormatTarget {

    static final String NAME =
            "50 ms: the same records as CSV and as .jsonl.gz within 20 % of the JSON row's records/s, missing 0";
    /** A format row must reach this share of the JSON row's records/s. */
    static final double SHARE = 0.8;
    /** The formats the target names. */
    static final List<FileFormat> NAMED =
            List.of(new FileFormat(FileFormat.Kind.CSV, false), new FileFormat(FileFormat.Kind.JSON_LINES, true));

    private static final int LATENCY_MS = 50;

    private FormatTarget() {}

    static Targets.Target of(List<Result> results) {
        List<Result> service = results.stream()
                .filter(r ->
                        r.kind() == Importer.SERVICE_DEFAULTS && r.latencyMs() == LATENCY_MS && r.settled() == null)
                .toList();
        Optional<Result> json = service.stream()
                .filter(r -> r.format().equals(FileFormat.JSON_ARRAY) && r.ok())
                .filter(r -> service.stream().anyMatch(o -> isOtherFormatOf(o, r)))
                .max(Comparator.comparingLong(Result::records));
        if (json.isEmpty()) {
            return new Targets.Target(
                    NAME,
                    "no service (defaults) rows at 50 ms of the same data as JSON and in another format (--formats)",
                    Targets.Verdict.NOT_MEASURED);
        }
        Result base = json.get();
        List<Result> others =
                service.stream().filter(o -> isOtherFormatOf(o, base)).toList();
        StringBuilder figure = new StringBuilder(
                String.format(Locale.ROOT, "json %,.0f records/s (%s)", base.recordsPerSecond(), base.scenario()));
        boolean allWithin = true;
        for (Result r : others) {
            double ratio = r.recordsPerSecond() / base.recordsPerSecond();
            boolean within = r.ok() && r.missing() == 0 && ratio >= SHARE;
            allWithin &= within;
            figure.append("; ").append(r.format()).append(' ');
            figure.append(
                    r.ok()
                            ? String.format(Locale.ROOT, "%,.0f: **%.2f×**", r.recordsPerSecond(), ratio)
                            : "FAILED: " + r.error());
            if (r.missing() > 0) {
                figure.append(String.format(Locale.ROOT, ", missing %,d", r.missing()));
            }
        }
        List<FileFormat> absent = new ArrayList<>(NAMED);
        others.forEach(r -> absent.remove(r.format()));
        absent.forEach(f -> figure.append("; ").append(f).append(": no row"));
        Targets.Verdict verdict = !allWithin
                ? Targets.Verdict.NOT_MET
                : absent.isEmpty() ? Targets.Verdict.MET : Targets.Verdict.NOT_MEASURED;
        return new Targets.Target(NAME, figure.toString(), verdict);
    }

    /** @return whether {@code row} is of the same records and blobs as {@code json}, in another format */
    private static boolean isOtherFormatOf(Result row, Result json) {
        return !row.format().equals(FileFormat.JSON_ARRAY)
                && row.records() == json.records()
                && row.blobs() == json.blobs();
    }
}
