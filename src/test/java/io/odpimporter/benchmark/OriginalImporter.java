package io.odpimporter.benchmark;

import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.models.BlobItem;
import com.azure.storage.blob.models.ListBlobsOptions;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The original OCP quickstart job's algorithm ({@code OfflineStoreImportJob}, ZaiusInc/ocp-quickstart), ported to
 * Java as it is, for the benchmark: list the container, keep the blobs modified after the watermark (0: all), sort
 * them oldest first and take them newest first ({@code pop()}); per blob, download the whole content
 * ({@code downloadToBuffer}), turn it into one string and parse it whole ({@code JSON.parse}), transform each
 * {@code {id, name, location}} (trim, empty left out) and append it to a batcher of 100 that sends a full batch and
 * waits for ODP's answer before going on ({@code await z.object(...)}, one request at a time), then flush at the
 * file's end. No retries (the original has none); a non-2xx answer ends the process with an error.
 *
 * <p>Settings: {@link ImporterSettings}. Run by {@link Benchmark} in a JVM of its own.
 */
public final class OriginalImporter {

    private OriginalImporter() {}

    public static void main(String[] args) throws Exception {
        ImporterSettings settings = ImporterSettings.fromSystemProperties();
        BlobContainerClient container = settings.containerClient();
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        ObjectMapper mapper = new ObjectMapper();
        if (!settings.warmUpPrefix().isEmpty()) {
            importPrefix(settings.warmUpPrefix(), settings, container, http, mapper, new long[1]);
        }
        settings.awaitGoAfterWarmUp();
        ImporterSettings.printStart();
        long[] requests = {0};
        long records = importPrefix(settings.prefix(), settings, container, http, mapper, requests);
        System.out.println("DONE records=" + records + " requests=" + requests[0] + " peakRssKb="
                + ImporterSettings.peakRssKb() + " cpuSeconds="
                + ProcessStats.cpuSeconds(ProcessHandle.current().pid()));
        System.exit(0); // the blob client's threads would keep the JVM alive
    }

    /** One run of the job over the blobs under {@code prefix}. @return records read */
    private static long importPrefix(
            String prefix,
            ImporterSettings settings,
            BlobContainerClient container,
            HttpClient http,
            ObjectMapper mapper,
            long[] requests)
            throws Exception {
        // FETCH_OFFLINE_STORE_FILES
        List<BlobItem> files = new ArrayList<>();
        container.listBlobs(new ListBlobsOptions().setPrefix(prefix), null).forEach(files::add);
        files.sort(Comparator.comparing(b -> b.getProperties().getLastModified()));
        long records = 0;
        // IMPORT_OFFLINE_STORE_FILES: one file per step, state.files.pop()
        while (!files.isEmpty()) {
            BlobItem file = files.remove(files.size() - 1);
            String text =
                    container.getBlobClient(file.getName()).downloadContent().toString();
            JsonNode stores = mapper.readTree(text);
            List<Map<String, Object>> batch = new ArrayList<>(settings.batchSize());
            for (JsonNode store : stores) {
                Map<String, Object> object = new LinkedHashMap<>();
                put(object, "ocp_quickstart_offline_store_id", store.get("id"));
                put(object, "offline_store_name", store.get("name"));
                put(object, "offline_store_location", store.get("location"));
                batch.add(object);
                records++;
                if (batch.size() == settings.batchSize()) {
                    send(http, mapper, settings, batch, requests);
                }
            }
            send(http, mapper, settings, batch, requests);
        }
        return records;
    }

    /** The node-sdk's sanitising: strings trimmed, empty and null values left out. */
    private static void put(Map<String, Object> object, String field, JsonNode value) {
        if (value != null && !value.isNull()) {
            String text = value.asText().trim();
            if (!text.isEmpty()) {
                object.put(field, text);
            }
        }
    }

    /** The batcher's flush: empties the batch, then waits for the upsert (a failed one is lost, as in the original). */
    private static void send(
            HttpClient http,
            ObjectMapper mapper,
            ImporterSettings settings,
            List<Map<String, Object>> batch,
            long[] requests)
            throws Exception {
        if (batch.isEmpty()) {
            return;
        }
        String body = mapper.writeValueAsString(batch);
        batch.clear();
        HttpResponse<String> answer = http.send(
                HttpRequest.newBuilder(settings.objectsUrl())
                        .header("x-api-key", settings.apiKey())
                        .header("Content-Type", "application/json")
                        .timeout(Duration.ofSeconds(30))
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        requests[0]++;
        if (answer.statusCode() / 100 != 2) {
            throw new IllegalStateException("ODP answered " + answer.statusCode() + ": " + answer.body());
        }
    }
}
