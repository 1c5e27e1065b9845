package io.odpimporter.benchmark;

import com.azure.core.util.BinaryData;
import com.azure.storage.blob.BlobContainerAsyncClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.blob.BlobServiceVersion;
import com.azure.storage.blob.models.ListBlobsOptions;
import com.fasterxml.jackson.databind.JsonNode;
import io.odpimporter.crash.ServiceProcess;
import io.odpimporter.domain.BlobVersion;
import io.odpimporter.domain.LedgerEntry;
import io.odpimporter.testing.KafkaTestClient;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import reactor.core.publisher.Flux;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The sweep measurement: how long a run takes to find 10 new blobs among many already imported ({@link #run}). */
final class SweepPhase {

    private final Rig rig;
    private final Findings findings;

    SweepPhase(Rig rig, Findings findings) {
        this.rig = rig;
        this.findings = findings;
    }

    /**
     * Discovering 10 new blobs among {@code old} already imported: the old blobs are uploaded (or reused) and their
     * versions written to the service's ledger topic as IMPORTED, as the importer writes them; then 10 new blobs
     * are uploaded and a run is triggered on the prefix, twice on the same service: the first sweep after its start
     * (cold: JIT, Kafka metadata) and a second one with 10 other new blobs. Measured per sweep: from the trigger to
     * the sweep's "sweep published N file(s)" log line, and the service's own split of it (its "ledger view caught
     * up in .. ms; listed .. blob(s) and looked them up in .. ms" line).
     */
    void run(int old) throws Exception {
        String prefix = "sweep-" + old + "/";
        Map<String, String> etags = uploadSmall(prefix + "old/", old, "SO");
        String topics = rig.newTopics();
        String id = "service-sweep-" + old;
        ServiceProcess service = rig.service(id, topics, rig.instance(), rig.options.serviceXmx());
        try {
            writeLedger(topics + ".ledger", etags);
            rig.resetStandIn();
            rig.standIn.latency(0);
            // an earlier run's new blobs would be new again to this run's empty ledger: exactly 10 new ones per sweep
            rig.container
                    .listBlobs(new ListBlobsOptions().setPrefix(prefix + "new-"), null)
                    .forEach(b -> rig.container.getBlobClient(b.getName()).deleteIfExists());
            // this JVM's HTTP client warmed up, so the first trigger's time is the service's
            service.api().get("/jobs/offline_store_import/runs");
            for (String sweep : List.of("first sweep after the service's start", "second sweep")) {
                String fresh = "SN" + (System.currentTimeMillis() % 100_000);
                uploadSmall(prefix + "new-" + fresh + "/", 10, fresh);
                long t0 = System.currentTimeMillis();
                String runId = Rig.trigger(service, prefix, id);
                long answered = System.currentTimeMillis();
                rig.awaitDelivered(fresh, 10);
                Rig.awaitRunEnd(service, runId);
                JsonNode run = KafkaTestClient.MAPPER.readTree(service.api()
                        .get("/jobs/offline_store_import/runs/" + runId)
                        .asString());
                JsonNode logs = KafkaTestClient.MAPPER.readTree(service.api()
                        .get("/jobs/offline_store_import/runs/" + runId + "/logs")
                        .asString());
                Instant published = null;
                String split = "(no split logged)";
                for (JsonNode line : logs) {
                    String message = line.path("message").asText();
                    if (message.contains("sweep published")) {
                        published = Instant.parse(line.path("at").asText());
                    }
                    Matcher m = Pattern.compile("ledger view caught up in (\\d+) ms; "
                                    + "listed (\\d+) blob\\(s\\) and looked them up in (\\d+) ms")
                            .matcher(message);
                    if (m.find()) {
                        split = String.format(
                                Locale.ROOT,
                                "ledger view caught up in %.2f s, listing %,d blobs with " + "their look-ups %.2f s",
                                Long.parseLong(m.group(1)) / 1e3,
                                Long.parseLong(m.group(2)),
                                Long.parseLong(m.group(3)) / 1e3);
                    }
                }
                double seconds = published == null ? -1 : (published.toEpochMilli() - t0) / 1e3;
                String line = String.format(
                        Locale.ROOT,
                        "Sweep (%s): %d new blobs among %,d already imported "
                                + "(ledger entries IMPORTED): the run discovered %d file(s) (status %s); trigger to "
                                + "\"sweep published\" %.2f s (target < 10 s: %s; the answer reached the benchmark after %.2f s; %s); "
                                + "trigger to the new records at ODP %.2f s.",
                        sweep,
                        10,
                        old,
                        run.path("files").asInt(),
                        run.path("status").asText(),
                        seconds,
                        seconds >= 0 && seconds < 10 ? "met" : "NOT met",
                        (answered - t0) / 1e3,
                        split,
                        (rig.standIn.count(fresh).lastAt() - t0) / 1e3);
                findings.note(line);
            }
        } finally {
            service.stop();
            rig.deleteTopics(topics);
        }
    }

    /**
     * Uploads {@code count} one-record blobs {@code <prefix><n>.json} (ids {@code <tag>-<n>}), 32 at a time, unless
     * they are there.
     *
     * @return blob name to ETag (unquoted)
     */
    private Map<String, String> uploadSmall(String prefix, int count, String tag) {
        Map<String, String> etags = new ConcurrentHashMap<>();
        rig.container
                .listBlobs(new ListBlobsOptions().setPrefix(prefix), null)
                .forEach(b -> etags.put(
                        b.getName(), BlobVersion.unquote(b.getProperties().getETag())));
        if (etags.size() == count) {
            return etags;
        }
        long t = System.nanoTime();
        BlobContainerAsyncClient async = new BlobServiceClientBuilder()
                .connectionString(rig.azurite)
                .serviceVersion(BlobServiceVersion.V2026_06_06)
                .buildAsyncClient()
                .getBlobContainerAsyncClient(Rig.CONTAINER);
        Flux.range(0, count)
                .flatMap(
                        n -> {
                            String name = prefix + String.format("%05d.json", n);
                            String body = "[{\"id\":\"" + tag + "-" + String.format("%07d", n) + "\",\"name\":\"Kiosk "
                                    + n + "\",\"location\":\"Gate " + n + ", Zürich HB, CH\"}]";
                            return async.getBlobAsyncClient(name)
                                    .upload(BinaryData.fromString(body), true)
                                    .doOnNext(item -> etags.put(name, BlobVersion.unquote(item.getETag())));
                        },
                        32)
                .blockLast(Duration.ofMinutes(20));
        Rig.say(String.format(
                Locale.ROOT, "uploaded %,d blobs under %s in %.1f s", count, prefix, (System.nanoTime() - t) / 1e9));
        return etags;
    }

    private void writeLedger(String topic, Map<String, String> etags) throws Exception {
        Map<String, Object> config = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                rig.kafka,
                ProducerConfig.ACKS_CONFIG,
                "all",
                ProducerConfig.LINGER_MS_CONFIG,
                20);
        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            List<Future<?>> acks = new ArrayList<>();
            for (Map.Entry<String, String> e : etags.entrySet()) {
                LedgerEntry entry = new LedgerEntry(
                        LedgerEntry.SCHEMA_VERSION,
                        Rig.CONTAINER,
                        e.getKey(),
                        e.getValue(),
                        LedgerEntry.State.IMPORTED,
                        "run-benchmark-setup",
                        1,
                        null,
                        Instant.now());
                acks.add(producer.send(new ProducerRecord<>(
                        topic,
                        new BlobVersion(Rig.CONTAINER, e.getKey(), e.getValue()).key(),
                        KafkaTestClient.MAPPER.writeValueAsString(entry))));
            }
            for (var ack : acks) {
                ack.get(60, TimeUnit.SECONDS);
            }
        }
    }
}
