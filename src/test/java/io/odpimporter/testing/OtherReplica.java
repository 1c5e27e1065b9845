package io.odpimporter.testing;

import io.odpimporter.domain.BlobVersion;
import io.odpimporter.domain.FileDiscovered;
import io.odpimporter.domain.RunEvent;
import io.odpimporter.domain.Trigger;
import org.apache.kafka.common.utils.Utils;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

/** Writes to Kafka what another replica's sweep of one blob would have written, then stopped. */
public final class OtherReplica {

    private OtherReplica() {}

    /**
     * Publishes a scheduled run for the cron moment {@code scheduledFor} that found no file and finished its sweep,
     * as another replica's scheduler would have, all to the run's partition.
     */
    public static void sweptNothingFor(String runId, String prefix, Instant scheduledFor) {
        int partition = Utils.toPositive(Utils.murmur2(runId.getBytes(StandardCharsets.UTF_8))) % 3;
        KafkaTestClient.send(
                "odp-importer.runs",
                partition,
                runId + "/STARTED",
                RunEvent.started(runId, Trigger.SCHEDULE, null, false, prefix, "another-replica", scheduledFor));
        KafkaTestClient.send(
                "odp-importer.runs", partition, runId + "/SWEEP_FINISHED", RunEvent.sweepFinished(runId, 0, null));
    }

    /**
     * Publishes a run with one discovered file and a finished sweep (all to the run's partition, as the service
     * does), then the file event.
     */
    public static void sweptOneBlob(
            String runId, String trackerId, String prefix, String blob, String etag, Instant lastModified, long size) {
        String file = new BlobVersion("offline-stores", blob, etag).key();
        int partition = Utils.toPositive(Utils.murmur2(runId.getBytes(StandardCharsets.UTF_8))) % 3;
        KafkaTestClient.send(
                "odp-importer.runs",
                partition,
                runId + "/STARTED",
                RunEvent.started(runId, Trigger.MANUAL, trackerId, false, prefix, "a-replica-that-stopped"));
        KafkaTestClient.send(
                "odp-importer.runs",
                partition,
                runId + "/FILE_DISCOVERED/" + file,
                RunEvent.fileDiscovered(runId, file, blob));
        KafkaTestClient.send(
                "odp-importer.runs", partition, runId + "/SWEEP_FINISHED", RunEvent.sweepFinished(runId, 1, null));
        KafkaTestClient.send(
                "odp-importer.files",
                null,
                blob,
                new FileDiscovered(
                        FileDiscovered.SCHEMA_VERSION,
                        AzuriteTestResource.ACCOUNT,
                        "offline-stores",
                        blob,
                        etag,
                        lastModified,
                        size,
                        FileDiscovered.Source.SWEEP,
                        runId,
                        Instant.now(),
                        false));
    }
}
