package io.odpimporter.benchmark;

import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.blob.BlobServiceVersion;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What the two stand-alone importers of the benchmark ({@link OriginalImporter}, {@link DirectImporter}) are told,
 * as system properties of their JVM: {@code bench.connection-string}, {@code bench.container}, {@code bench.prefix},
 * {@code bench.odp-url} (base URL, without {@code /v3}), {@code bench.api-key}, {@code bench.batch-size} (100),
 * {@code bench.max-in-flight} (direct importer only, 16) and {@code bench.warm-up-prefix} (blobs imported first, in
 * the same JVM, before the measured import; empty: none). After a warm-up both print {@value #WARM} and wait for a
 * line on their standard input (the benchmark sets the measured latency in between: the warm-up runs at 0 ms).
 * Both print {@code START <epoch ms> cpuSeconds=<s>} when the measured import begins (after the JVM started and
 * the warm-up) and {@code DONE records=<n> requests=<n>} at the end, then exit.
 *
 * @param objectType the ODP object ({@code ocp_quickstart_offline_stores})
 */
record ImporterSettings(
        String connectionString,
        String container,
        String prefix,
        URI objectsUrl,
        String apiKey,
        int batchSize,
        int maxInFlight,
        String objectType,
        String warmUpPrefix) {

    static ImporterSettings fromSystemProperties() {
        String base = required("bench.odp-url");
        String objectType = System.getProperty("bench.object-type", "ocp_quickstart_offline_stores");
        return new ImporterSettings(
                required("bench.connection-string"),
                required("bench.container"),
                System.getProperty("bench.prefix", ""),
                URI.create(base + "/v3/objects/" + objectType),
                required("bench.api-key"),
                Integer.getInteger("bench.batch-size", 100),
                Integer.getInteger("bench.max-in-flight", 16),
                objectType,
                System.getProperty("bench.warm-up-prefix", ""));
    }

    private static String required(String key) {
        String value = System.getProperty(key);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("system property " + key + " is required");
        }
        return value;
    }

    /** What a standalone importer prints when its warm-up is done, before it waits for the go. */
    static final String WARM = "WARM-UP DONE";

    /**
     * After a warm-up, prints {@value #WARM} and waits for a line on the standard input (the benchmark's go).
     */
    void awaitGoAfterWarmUp() throws IOException {
        if (!warmUpPrefix.isEmpty()) {
            System.out.println(WARM);
            System.out.flush();
            new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        }
    }

    /** Prints the measured import's start: epoch ms, and the CPU seconds this process used so far. */
    static void printStart() {
        System.out.println("START " + System.currentTimeMillis() + " cpuSeconds="
                + ProcessStats.cpuSeconds(ProcessHandle.current().pid()));
    }

    BlobContainerClient containerClient() {
        return new BlobServiceClientBuilder()
                .connectionString(connectionString)
                .serviceVersion(BlobServiceVersion.V2026_06_06)
                .buildClient()
                .getBlobContainerClient(container);
    }

    /** @return this process's peak resident memory in kB ({@code VmHWM} of /proc/self/status), -1 if unknown */
    static long peakRssKb() {
        try {
            return Files.readAllLines(Path.of("/proc/self/status")).stream()
                    .filter(l -> l.startsWith("VmHWM:"))
                    .mapToLong(l -> Long.parseLong(l.replaceAll("\\D", "")))
                    .findFirst()
                    .orElse(-1);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
