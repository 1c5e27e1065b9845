package io.odpimporter.benchmark;

import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.models.BlobItem;
import com.azure.storage.blob.models.ListBlobsOptions;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.odpimporter.importer.read.JsonArrayReader;
import io.odpimporter.importer.read.Position;
import io.odpimporter.importer.read.ReadOptions;
import io.odpimporter.importer.read.SourceRecord;
import io.odpimporter.rules.StoreTransform;

import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A direct streaming importer without Kafka, for the benchmark: the upper bound of what the service's pipeline can
 * reach. It reads each blob (oldest first) as a stream with the service's own parser ({@link JsonArrayReader},
 * the SDK's blob input stream) and transform ({@link StoreTransform}), batches 100 records, and posts batches with
 * up to {@code bench.max-in-flight} requests in flight (the same limit the service is given). It keeps nothing:
 * no checkpoint, no retry, no dead letters, no ordering rule beyond one file after another (the datasets have
 * distinct ids). A non-2xx answer ends the process with an error.
 *
 * <p>Settings: {@link ImporterSettings}. Run by {@link Benchmark} in a JVM of its own.
 */
public final class DirectImporter {

    private DirectImporter() {}

    public static void main(String[] args) throws Exception {
        ImporterSettings settings = ImporterSettings.fromSystemProperties();
        BlobContainerClient container = settings.containerClient();
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        ObjectMapper mapper = new ObjectMapper();
        StoreTransform transform = new StoreTransform(
                "ocp_quickstart_offline_store_id", "offline_store_name", "offline_store_location", 1024);
        Semaphore slots = new Semaphore(settings.maxInFlight());
        AtomicLong requests = new AtomicLong();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        if (!settings.warmUpPrefix().isEmpty()) {
            importPrefix(
                    settings.warmUpPrefix(),
                    settings,
                    container,
                    http,
                    mapper,
                    transform,
                    slots,
                    new AtomicLong(),
                    failure);
        }
        settings.awaitGoAfterWarmUp();
        ImporterSettings.printStart();
        long records =
                importPrefix(settings.prefix(), settings, container, http, mapper, transform, slots, requests, failure);
        System.out.println("DONE records=" + records + " requests=" + requests.get() + " peakRssKb="
                + ImporterSettings.peakRssKb() + " cpuSeconds="
                + ProcessStats.cpuSeconds(ProcessHandle.current().pid()));
        System.exit(0); // the blob client's threads would keep the JVM alive
    }

    /** Imports the blobs under {@code prefix}; returns when every request is answered. @return records read */
    private static long importPrefix(
            String prefix,
            ImporterSettings settings,
            BlobContainerClient container,
            HttpClient http,
            ObjectMapper mapper,
            StoreTransform transform,
            Semaphore slots,
            AtomicLong requests,
            AtomicReference<Throwable> failure)
            throws Exception {
        List<BlobItem> files = new ArrayList<>();
        container.listBlobs(new ListBlobsOptions().setPrefix(prefix), null).forEach(files::add);
        files.sort(Comparator.comparing((BlobItem b) -> b.getProperties().getLastModified())
                .thenComparing(BlobItem::getName));
        long records = 0;
        for (BlobItem file : files) {
            try (InputStream in = container.getBlobClient(file.getName()).openInputStream();
                    JsonArrayReader reader = new JsonArrayReader(mapper, in, Position.START, ReadOptions.DEFAULT)) {
                List<Map<String, Object>> batch = new ArrayList<>(settings.batchSize());
                SourceRecord element;
                while ((element = reader.next()) != null) {
                    batch.add(transform.transform(element.value()).fields());
                    records++;
                    if (batch.size() == settings.batchSize()) {
                        post(http, mapper, settings, batch, slots, requests, failure);
                        batch = new ArrayList<>(settings.batchSize());
                    }
                }
                post(http, mapper, settings, batch, slots, requests, failure);
            }
        }
        slots.acquire(settings.maxInFlight()); // every request answered
        slots.release(settings.maxInFlight());
        if (failure.get() != null) {
            throw new IllegalStateException("a request failed", failure.get());
        }
        return records;
    }

    private static void post(
            HttpClient http,
            ObjectMapper mapper,
            ImporterSettings settings,
            List<Map<String, Object>> batch,
            Semaphore slots,
            AtomicLong requests,
            AtomicReference<Throwable> failure)
            throws Exception {
        if (batch.isEmpty()) {
            return;
        }
        if (failure.get() != null) {
            throw new IllegalStateException("a request failed", failure.get());
        }
        String body = mapper.writeValueAsString(batch);
        slots.acquire();
        CompletableFuture<HttpResponse<Void>> answer = http.sendAsync(
                HttpRequest.newBuilder(settings.objectsUrl())
                        .header("x-api-key", settings.apiKey())
                        .header("Content-Type", "application/json")
                        .timeout(Duration.ofSeconds(30))
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.discarding());
        answer.whenComplete((response, error) -> {
            requests.incrementAndGet();
            if (error != null) {
                failure.compareAndSet(null, error);
            } else if (response.statusCode() / 100 != 2) {
                failure.compareAndSet(null, new IllegalStateException("ODP answered " + response.statusCode()));
            }
            slots.release();
        });
    }
}
