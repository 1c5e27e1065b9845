package io.odpimporter.benchmark;

import io.odpimporter.domain.FileFormat;

import java.util.Map;

/**
 * One measurement of the benchmark.
 *
 * @param format   the format of the data's blobs
 * @param kind     the importer measured, null for a run of its own (two instances)
 * @param importer its label in the table
 * @param cpu      CPU seconds each process used during the run: importer, kafka, azurite, odp (the stand-in)
 * @param settled  the 429 run's figures after its first 30 s; null for the other runs
 */
record Result(
        String scenario,
        FileFormat format,
        Importer kind,
        String importer,
        long records,
        int blobs,
        long bytes,
        int latencyMs,
        String xmx,
        double seconds,
        double peakRssMb,
        double peakHeapMb,
        double liveHeapMb,
        double medianLiveHeapMb,
        long requests,
        long missing,
        Map<String, Double> cpu,
        String error,
        Settled settled) {

    /**
     * What a run under the stand-in's rate limit did after it settled: from {@code skippedSeconds} after the
     * trigger (30 s, or 0 if the run was shorter) to the last accepted request.
     *
     * @param limitPerSecond the stand-in's limit, N requests a second
     * @param records        records accepted in that time
     * @param admitted       requests the limit let through in that time
     * @param refused        requests it answered 429 in that time
     */
    record Settled(
            double limitPerSecond, double skippedSeconds, double seconds, long records, long admitted, long refused) {

        double recordsPerSecond() {
            return seconds > 0 ? records / seconds : 0;
        }

        /** @return refused / (admitted + refused), 0 without requests */
        double refusedShare() {
            return admitted + refused > 0 ? refused / (double) (admitted + refused) : 0;
        }

        /** @return records/s over the limit's ceiling, N × 100 (batches of 100) */
        double shareOfCeiling() {
            return recordsPerSecond() / (limitPerSecond * 100);
        }
    }

    boolean ok() {
        return error == null && seconds > 0;
    }

    double recordsPerSecond() {
        return seconds > 0 ? records / seconds : 0;
    }

    /** @return the importer's CPU seconds per 1M records, -1 if unknown */
    double importerCpuPerMillion() {
        Double importerCpu = cpu.get("importer");
        return importerCpu == null || importerCpu < 0 || records == 0 ? -1 : importerCpu / records * 1e6;
    }
}
