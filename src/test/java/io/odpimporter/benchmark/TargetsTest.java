package io.odpimporter.benchmark;

import io.odpimporter.domain.FileFormat;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.odpimporter.benchmark.Rows.row;
import static org.assertj.core.api.Assertions.assertThat;

/** The targets of issue 21 §3 as ratios of rows of one invocation, each met, not met or not measured. */
class TargetsTest {

    private static Targets.Target target(List<Result> results, String prefix) {
        return Targets.of(results).stream()
                .filter(t -> t.name().startsWith(prefix))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void theSpeedRatiosCompareTheDefaultsServiceWithTheOriginalOnTheLargestDataBothRanAtThatLatency() {
        List<Result> results = List.of(
                row(Importer.ORIGINAL, "10k", 10_000, 50, 5, 1),
                row(Importer.SERVICE_DEFAULTS, "10k", 10_000, 50, 0.1, 1),
                row(Importer.ORIGINAL, "1M", 1_000_000, 50, 500, 40),
                row(Importer.SERVICE_DEFAULTS, "1M", 1_000_000, 50, 55, 60),
                row(Importer.ORIGINAL, "100k", 100_000, 200, 200, 5),
                row(Importer.SERVICE_DEFAULTS, "100k", 100_000, 200, 9, 8));

        Targets.Target at50 = target(results, "50 ms");
        Targets.Target at200 = target(results, "200 ms");

        assertThat(at50.figure()).contains("18,182 vs 2,000 records/s (1M): **9.09×**");
        assertThat(at50.verdict()).isEqualTo(Targets.Verdict.NOT_MET);
        assertThat(at200.figure()).contains("**22.22×**");
        assertThat(at200.verdict()).isEqualTo(Targets.Verdict.MET);
    }

    @Test
    void at0MsTheDefaultsServiceIsComparedWithTheDirectImporterAndTheOriginalIsReported() {
        List<Result> results = List.of(
                row(Importer.ORIGINAL, "1M", 1_000_000, 0, 20, 10),
                row(Importer.DIRECT, "1M", 1_000_000, 0, 10, 10),
                row(Importer.SERVICE_DEFAULTS, "1M", 1_000_000, 0, 19, 28));

        Targets.Target zero = target(results, "0 ms");

        assertThat(zero.name()).isEqualTo("0 ms: ≥ 0.5× the direct importer (the original's algorithm: reported)");
        assertThat(zero.figure()).contains("**0.53×**").contains("1.05× the original's 50,000");
        assertThat(zero.verdict()).isEqualTo(Targets.Verdict.MET);
    }

    @Test
    void at0MsTheOriginalIsLeftOutOfTheFigureWhenItDidNotRunAndItNeverDecidesTheVerdict() {
        List<Result> results = List.of(
                row(Importer.ORIGINAL, "1M", 1_000_000, 0, 50, 10),
                row(Importer.DIRECT, "1M", 1_000_000, 0, 10, 10),
                row(Importer.SERVICE_DEFAULTS, "1M", 1_000_000, 0, 21, 28));

        Targets.Target slow = target(results, "0 ms");
        Targets.Target withoutOriginal = target(results.subList(1, 3), "0 ms");

        assertThat(slow.figure()).contains("**0.48×**").contains("2.38× the original's 20,000");
        assertThat(slow.verdict()).isEqualTo(Targets.Verdict.NOT_MET);
        assertThat(withoutOriginal.figure())
                .isEqualTo("47,619 vs 100,000 records/s (1M): **0.48×**")
                .doesNotContain("original");
        assertThat(target(results, "50 ms").figure()).doesNotContain("the original's");
    }

    @Test
    void aRowWithMissingRecordsOrAFailedRunMeetsNoSpeedTarget() {
        List<Result> results = new ArrayList<>(List.of(row(Importer.ORIGINAL, "1M", 1_000_000, 200, 2000, 1)));
        Result fast = row(Importer.SERVICE_DEFAULTS, "1M", 1_000_000, 200, 10, 1);
        results.add(Rows.copy(fast, 5, null, null));

        assertThat(target(results, "200 ms").verdict()).isEqualTo(Targets.Verdict.NOT_MET);
        assertThat(target(results, "50 ms").verdict()).isEqualTo(Targets.Verdict.NOT_MEASURED);
    }

    @Test
    void cpuPer1MRecordsAt50MsIsComparedWithTheBaselineService() {
        List<Result> results = List.of(
                row(Importer.SERVICE_DEFAULTS, "1M", 1_000_000, 50, 50, 50),
                row(Importer.SERVICE_TUNED, "1M", 1_000_000, 50, 50, 42),
                row(Importer.BASELINE, "1M", 1_000_000, 50, 56, 84.3));

        Targets.Target cpu = target(results, "CPU");

        assertThat(cpu.figure())
                .contains("50.0 s vs 84.3 s per 1M records (1M): **59 %**; service (tuned) 42.0 s: 50 %");
        assertThat(cpu.verdict()).isEqualTo(Targets.Verdict.MET);
        assertThat(target(List.of(results.get(0)), "CPU").verdict()).isEqualTo(Targets.Verdict.NOT_MEASURED);
    }

    @Test
    void the429RunMeetsItsTargetWith90PercentOfNTimes100AndUnder5PercentRefusedAfter30SecondsAndNothingMissing() {
        Result base = row(Importer.SERVICE_DEFAULTS, "1M; 429 above 100 requests/s", 1_000_000, 200, 110, 60);
        Result settled = withSettled(base, new Result.Settled(100, 30, 80, 760_000, 7_600, 200));
        Result tooManyRefused = withSettled(base, new Result.Settled(100, 30, 80, 760_000, 7_600, 400));
        Result slow = withSettled(base, new Result.Settled(100, 30, 80, 700_000, 7_000, 10));

        Targets.Target met = target(List.of(settled), "429");

        assertThat(met.name()).contains("429 above 100 requests/s at 200 ms (20 in flight needed)");
        assertThat(met.figure()).contains("9,500 records/s = **95 %** of N × 100, **2.6 %** refused");
        assertThat(met.verdict()).isEqualTo(Targets.Verdict.MET);
        assertThat(target(List.of(tooManyRefused), "429").verdict()).isEqualTo(Targets.Verdict.NOT_MET);
        assertThat(target(List.of(slow), "429").verdict()).isEqualTo(Targets.Verdict.NOT_MET);
        assertThat(target(List.of(base), "429").verdict()).isEqualTo(Targets.Verdict.NOT_MEASURED);
    }

    private static Result format(String form, double seconds) {
        FileFormat format = FileFormat.parse(form);
        return row(Importer.SERVICE_DEFAULTS, "1M " + format, format, 1_000_000, 50, seconds, 30);
    }

    @Test
    void csvAndJsonlGzMeetTheFormatsTargetAtFourFifthsOfTheJsonRowsRecordsPerSecondOrMore() {
        Result json = row(Importer.SERVICE_DEFAULTS, "1M", 1_000_000, 50, 20, 30);
        Result original = row(Importer.ORIGINAL, "1M", 1_000_000, 50, 500, 30);

        Targets.Target met =
                target(List.of(original, json, format("csv", 25), format("jsonl.gz", 22)), "50 ms: the same");
        Targets.Target slow = target(List.of(json, format("csv", 25.1), format("jsonl.gz", 22)), "50 ms: the same");

        assertThat(met.name()).isEqualTo(FormatTarget.NAME);
        assertThat(met.figure())
                .isEqualTo("json 50,000 records/s (1M); csv 40,000: **0.80×**; jsonl.gz 45,455: **0.91×**");
        assertThat(met.verdict()).isEqualTo(Targets.Verdict.MET);
        assertThat(slow.figure()).contains("csv 39,841: **0.80×**");
        assertThat(slow.verdict()).isEqualTo(Targets.Verdict.NOT_MET);
        // the JSON rows' own targets still pair the JSON rows only
        assertThat(target(List.of(original, json, format("csv", 10)), "50 ms: ≥")
                        .figure())
                .contains("50,000 vs 2,000 records/s (1M)");
    }

    @Test
    void theFormatsTargetIsNotMeasuredWithoutTheJsonRowOrANamedFormatAndNotMetByAFailedOrIncompleteRow() {
        Result json = row(Importer.SERVICE_DEFAULTS, "1M", 1_000_000, 50, 20, 30);
        Result csv = format("csv", 21);
        Result gz = format("jsonl.gz", 21);

        Targets.Target onlyCsv = target(List.of(json, csv), "50 ms: the same");
        assertThat(onlyCsv.figure()).endsWith("; jsonl.gz: no row");
        assertThat(onlyCsv.verdict()).isEqualTo(Targets.Verdict.NOT_MEASURED);
        assertThat(target(List.of(csv, gz), "50 ms: the same").verdict()).isEqualTo(Targets.Verdict.NOT_MEASURED);
        assertThat(target(List.of(json), "50 ms: the same").verdict()).isEqualTo(Targets.Verdict.NOT_MEASURED);
        Targets.Target missing = target(List.of(json, csv, Rows.copy(gz, 3, null, null)), "50 ms: the same");
        assertThat(missing.figure()).contains("jsonl.gz 47,619: **0.95×**, missing 3");
        assertThat(missing.verdict()).isEqualTo(Targets.Verdict.NOT_MET);
        Targets.Target failed = target(List.of(json, csv, Rows.copy(gz, 0, "exit 1", null)), "50 ms: the same");
        assertThat(failed.figure()).contains("jsonl.gz FAILED: exit 1");
        assertThat(failed.verdict()).isEqualTo(Targets.Verdict.NOT_MET);
        // a row at another latency or of the tuned service does not count
        Result tuned = row(Importer.SERVICE_TUNED, "1M csv", FileFormat.parse("csv"), 1_000_000, 50, 5, 1);
        assertThat(target(List.of(json, tuned, gz), "50 ms: the same").figure()).contains("csv: no row");
    }

    @Test
    void eachSingleBlobRowHasItsLineNamingItsFormat() {
        Result json = row(Importer.SERVICE_DEFAULTS, "single blob", 9_523_810, 0, 400, 30);
        Result csv = Rows.copy(
                row(Importer.SERVICE_DEFAULTS, "single blob csv", FileFormat.parse("csv"), 13_000_000, 0, 500, 30),
                2,
                null,
                null);

        List<Targets.Target> lines = Targets.of(List.of(json, csv)).stream()
                .filter(t -> t.name().startsWith("1 GB"))
                .toList();

        assertThat(lines)
                .extracting(Targets.Target::name)
                .containsExactly(
                        "1 GB blob at `-Xmx256m`, missing 0",
                        "1 GB blob as csv (uncompressed size) at `-Xmx256m`, missing 0");
        assertThat(lines)
                .extracting(Targets.Target::verdict)
                .containsExactly(Targets.Verdict.MET, Targets.Verdict.NOT_MET);
        assertThat(target(List.of(), "1 GB").verdict()).isEqualTo(Targets.Verdict.NOT_MEASURED);
    }

    private static Result withSettled(Result r, Result.Settled settled) {
        return Rows.copy(r, r.missing(), null, settled);
    }
}
