package io.odpimporter.benchmark;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The chart: a bar per importer (the defaults service and the baseline included) per data and latency. */
class ChartTest {

    private static Result row(Importer importer, String scenario, long records, int latency, double recordsPerSecond) {
        return Rows.row(importer, scenario, records, latency, records / recordsPerSecond, 1);
    }

    /** The rows of the 2026-12-04 run (/work/notes/issue21-bench-2026-12-04.md), records/s. */
    static List<Result> fullRun() {
        List<Result> rows = new ArrayList<>();
        double[][] perLatency = {
            {0, 19_928, 28_177, 10_619, 10_378, 12_064},
            {50, 1_818, 25_681, 17_618, 17_159, 17_587},
            {200, 488, 7_735, 12_361, 7_569, 7_594}
        };
        Importer[] importers = {
            Importer.ORIGINAL, Importer.DIRECT, Importer.SERVICE_DEFAULTS, Importer.SERVICE_TUNED, Importer.BASELINE
        };
        for (double[] at : perLatency) {
            for (int i = 0; i < importers.length; i++) {
                rows.add(row(importers[i], "100k", 100_000, (int) at[0], at[i + 1]));
            }
        }
        rows.add(row(Importer.SERVICE_DEFAULTS, "600k; 429 above 100 requests/s", 600_000, 200, 7_846));
        rows.add(row(Importer.SERVICE_DEFAULTS, "single blob", 9_523_810, 0, 20_000));
        return rows;
    }

    @Test
    void everyImporterIsASeriesInTheTableOrderAndGroupsOnlyOneImporterRanAreLeftOut() {
        Chart.Data data = Chart.data(fullRun());

        assertThat(data.groups()).containsExactly("100k, 0 ms", "100k, 50 ms", "100k, 200 ms");
        assertThat(data.series().keySet())
                .containsExactly(
                        "original", "direct", "service (defaults)", "service (tuned)", "baseline service (tuned)");
        assertThat(data.series().get("service (defaults)")).containsExactly(10_619.0, 17_618.0, 12_361.0);
        assertThat(data.series().get("baseline service (tuned)")).containsExactly(12_064.0, 17_587.0, 7_594.0);
    }

    @Test
    void anImporterMissingFromAGroupHasABarOf0AndAFailedRowIsLeftOut() {
        List<Result> rows = new ArrayList<>(List.of(
                row(Importer.ORIGINAL, "10k", 10_000, 0, 2_685),
                row(Importer.SERVICE_TUNED, "10k", 10_000, 0, 1_150),
                row(Importer.ORIGINAL, "10k", 10_000, 50, 1_341),
                row(Importer.SERVICE_DEFAULTS, "10k", 10_000, 50, 1_939),
                row(Importer.SERVICE_TUNED, "10k", 10_000, 50, 2_225)));
        Result failed = row(Importer.DIRECT, "10k", 10_000, 50, 4_570);
        rows.add(Rows.copy(failed, 10_000, "exit 1", null));

        Chart.Data data = Chart.data(rows);

        assertThat(data.series().get("service (defaults)")).containsExactly(0.0, 1_939.0);
        assertThat(data.series()).doesNotContainKey("direct");
    }

    @Test
    void writesAPng(@TempDir Path dir) throws IOException {
        Path png = dir.resolve("results.png");
        Chart.write(fullRun(), png);

        assertThat(Files.size(png)).isPositive();
    }
}
