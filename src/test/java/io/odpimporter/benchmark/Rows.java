package io.odpimporter.benchmark;

import io.odpimporter.domain.FileFormat;

import java.util.Map;

/** Rows of the benchmark's table for the tests of what is computed from them ({@link Targets}, {@link Chart}). */
final class Rows {

    private Rows() {}

    /** @return a row that delivered every record of {@code records} in {@code seconds}, using {@code cpu} CPU s */
    static Result row(Importer importer, String scenario, long records, int latency, double seconds, double cpu) {
        return row(importer, scenario, FileFormat.JSON_ARRAY, records, latency, seconds, cpu);
    }

    /** @return a row of data in {@code format}, as {@link #row(Importer, String, long, int, double, double)} */
    static Result row(
            Importer importer,
            String scenario,
            FileFormat format,
            long records,
            int latency,
            double seconds,
            double cpu) {
        return new Result(
                scenario,
                format,
                importer,
                importer.label,
                records,
                10,
                records * 107,
                latency,
                "256m",
                seconds,
                300,
                100,
                50,
                40,
                records / 100,
                0,
                Map.of("importer", cpu),
                null,
                null);
    }

    /** @return {@code r} with {@code missing} records missing, {@code error} (null: none) and {@code settled} */
    static Result copy(Result r, long missing, String error, Result.Settled settled) {
        return new Result(
                r.scenario(),
                r.format(),
                r.kind(),
                r.importer(),
                r.records(),
                r.blobs(),
                r.bytes(),
                r.latencyMs(),
                r.xmx(),
                error == null ? r.seconds() : -1,
                r.peakRssMb(),
                r.peakHeapMb(),
                r.liveHeapMb(),
                r.medianLiveHeapMb(),
                r.requests(),
                missing,
                r.cpu(),
                error,
                settled);
    }
}
