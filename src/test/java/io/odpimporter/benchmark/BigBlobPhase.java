package io.odpimporter.benchmark;

import io.odpimporter.domain.FileFormat;

import java.io.IOException;
import java.util.List;
import java.util.Locale;

/**
 * The single blob: {@code --big-gb} of uncompressed content in one blob per format of {@code --big-formats} (a JSON
 * array, CSV, {@code .jsonl.gz}, ...), each through the service at its defaults at 0 ms and {@code --big-xmx}: memory
 * must not grow with the file. A row per format, and a note naming its format, uncompressed and blob size, heap
 * after GC, collections (full ones among them), peak RSS and missing records.
 */
final class BigBlobPhase {

    private final Rig rig;
    private final Findings findings;
    private final Measurement measurement;

    BigBlobPhase(Rig rig, Findings findings, Measurement measurement) {
        this.rig = rig;
        this.findings = findings;
        this.measurement = measurement;
    }

    void run(double gigabytes, List<FileFormat> formats) throws Exception {
        for (FileFormat format : formats) {
            Dataset big = dataset(gigabytes, format, rig.options.seed());
            rig.upload(big);
            String xmx = rig.options.bigXmx();
            Result row = measurement.measure(Importer.SERVICE_DEFAULTS, big, 0, xmx, null);
            findings.row(row);
            ProcessStats.Heap heap = ProcessStats.heap(
                    Rig.OUT.resolve(Measurement.id(Importer.SERVICE_DEFAULTS, big, 0, null) + "-gc.log"));
            findings.note(note(row, rig.sizeOf(big), heap));
        }
    }

    /**
     * @return the single blob of {@code gigabytes} uncompressed in {@code format}: its records are as many as make
     *         that size in that format ({@link Dataset#recordsIn}), the same ids in every format
     */
    static Dataset dataset(double gigabytes, FileFormat format, long seed) throws IOException {
        String tag = "G" + Math.round(gigabytes * 10);
        long records = new Dataset(tag, 1, 1, seed, "big/", format).recordsIn(gigabytes);
        return new Dataset(tag, records, 1, seed, "big-" + records + "/").as(format);
    }

    /** @return the note of a single-blob row: what the table's row does not say */
    static String note(Result row, Dataset.Size size, ProcessStats.Heap heap) {
        return String.format(
                Locale.ROOT,
                "Single blob as %s: %,d records, %,.0f MB uncompressed in a blob of %,.0f MB, at -Xmx%s: %s; heap "
                        + "after GC median %s / max %s MB, %,d collections (%,d full), peak RSS %s MB, missing %,d.",
                row.format(),
                row.records(),
                size.uncompressedBytes() / 1e6,
                size.bytes() / 1e6,
                row.xmx(),
                row.ok()
                        ? String.format(Locale.ROOT, "%,.0f records/s", row.recordsPerSecond())
                        : "FAILED: " + row.error(),
                mb(heap.medianLiveMb()),
                mb(heap.liveMb()),
                heap.gcs(),
                heap.fullGcs(),
                mb(row.peakRssMb()),
                row.missing());
    }

    private static String mb(double v) {
        return v < 0 ? "-" : String.format(Locale.ROOT, "%,.0f", v);
    }
}
