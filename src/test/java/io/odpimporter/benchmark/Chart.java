package io.odpimporter.benchmark;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The benchmark's chart ({@code results.png}): records per second per data and latency (x), one bar per importer
 * in the order of {@link Importer} (original, direct, service (defaults), service (tuned), baseline), 0 where an
 * importer did not run at that data and latency (e.g. service (defaults) at 0 ms in the smoke run). Groups only one
 * importer ran (the single blob, the 429 run) are left out: they are in the table.
 */
final class Chart {

    /**
     * @param groups "data, latency" of each x position, in the order measured
     * @param series records/s per importer label, one value per group
     */
    record Data(List<String> groups, Map<String, List<Double>> series) {}

    private Chart() {}

    static Data data(List<Result> results) {
        List<Result> ok = results.stream()
                .filter(r -> r.error() == null && r.seconds() > 0)
                .toList();
        Set<String> importers = new LinkedHashSet<>();
        ok.stream()
                .sorted(Comparator.comparingInt(
                        r -> r.kind() == null ? Integer.MAX_VALUE : r.kind().ordinal()))
                .forEach(r -> importers.add(r.importer()));
        Set<String> groups = new LinkedHashSet<>();
        ok.stream()
                .map(Chart::group)
                .filter(g -> ok.stream().filter(r -> group(r).equals(g)).count() >= 2)
                .forEach(groups::add);
        Map<String, List<Double>> series = new LinkedHashMap<>();
        for (String importer : importers) {
            List<Double> y = groups.stream()
                    .map(g -> ok.stream()
                            .filter(r -> r.importer().equals(importer) && group(r).equals(g))
                            .findFirst()
                            .map(r -> (double) Math.round(r.recordsPerSecond()))
                            .orElse(0.0))
                    .toList();
            if (y.stream().anyMatch(v -> v > 0)) {
                series.put(importer, y);
            }
        }
        return new Data(List.copyOf(groups), series);
    }

    private static String group(Result r) {
        return r.scenario() + ", " + r.latencyMs() + " ms";
    }

    /** Writes the chart of {@code results} to {@code png}; nothing when no group has two importers. */
    static void write(List<Result> results, Path png) throws IOException {
        Data data = data(results);
        if (data.groups().isEmpty()) {
            return;
        }
        CategoryChart chart = new CategoryChartBuilder()
                .width(1100)
                .height(600)
                .title("odp-blob-importer benchmark: records per second (higher is better)")
                .xAxisTitle("data, ODP latency per request")
                .yAxisTitle("records/s")
                .build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        chart.getStyler().setLabelsVisible(true);
        chart.getStyler().setOverlapped(false);
        chart.getStyler().setDecimalPattern("#,###");
        data.series().forEach((importer, y) -> chart.addSeries(importer, data.groups(), y));
        BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
    }
}
