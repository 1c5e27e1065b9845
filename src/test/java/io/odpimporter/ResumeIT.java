package io.odpimporter;

import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.models.BlobProperties;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.odpimporter.domain.BlobVersion;
import io.odpimporter.domain.FileDiscovered;
import io.odpimporter.domain.ProgressMark;
import io.odpimporter.domain.RecordHeaders;
import io.odpimporter.domain.RunEvent;
import io.odpimporter.domain.Trigger;
import io.odpimporter.testing.AzuriteTestResource;
import io.odpimporter.testing.Blobs;
import io.odpimporter.testing.InjectOdpStandIn;
import io.odpimporter.testing.KafkaTestClient;
import io.odpimporter.testing.KafkaTestResource;
import io.odpimporter.testing.OdpJournal;
import io.odpimporter.testing.OdpStandInTestResource;
import io.odpimporter.testing.Stores;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Resume inside a file (the original's fault 4): an importer that stopped after a progress mark left the mark and
 * its uncommitted file event behind; the importer that gets the event again resumes after the mark with a ranged
 * read, and emits none of the records before it again.
 */
@QuarkusIntegrationTest
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = AzuriteTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = OdpStandInTestResource.class, scope = TestResourceScope.GLOBAL)
class ResumeIT {

    static final String ID = "ocp_quickstart_offline_store_id";

    @InjectOdpStandIn
    WireMockServer odp;

    @Test
    void aRedeliveredFileResumesAfterItsLastProgressMark() {
        BlobContainerClient container = Blobs.container("offline-stores");
        String tag = Stores.tag("resume");
        String blob = tag + "/big.json";
        String content = Stores.json(Stores.make(tag, 0, 250));
        BlobProperties props = Blobs.upload(container, blob, content);
        String etag = props.getETag().replace("\"", "");
        String runId = "run-" + tag;
        // what the stopped importer left behind: a mark before record 200 (progress-every is 100 in tests)
        long offsetOf200 = content.substring(0, content.indexOf("{\"id\": \"" + tag + "-200\""))
                .getBytes(StandardCharsets.UTF_8)
                .length;
        String key = new BlobVersion("offline-stores", blob, etag).key();
        KafkaTestClient.send(
                "odp-importer.progress",
                key,
                new ProgressMark(ProgressMark.SCHEMA_VERSION, runId, 200, offsetOf200, 0L, Instant.now(), 0L));
        KafkaTestClient.send(
                "odp-importer.runs",
                runId + "/STARTED",
                RunEvent.started(runId, Trigger.MANUAL, null, false, tag + "/", "a-stopped-replica"));
        // its sweep had finished (else, holding no lock, it would be judged interrupted and caught up)
        KafkaTestClient.send("odp-importer.runs", runId + "/SWEEP_FINISHED", RunEvent.sweepFinished(runId, 1, null));
        // ... and its file event, not committed, so delivered again
        KafkaTestClient.send(
                "odp-importer.files",
                blob,
                new FileDiscovered(
                        FileDiscovered.SCHEMA_VERSION,
                        AzuriteTestResource.ACCOUNT,
                        "offline-stores",
                        blob,
                        etag,
                        props.getLastModified().toInstant(),
                        props.getBlobSize(),
                        FileDiscovered.Source.SWEEP,
                        runId,
                        Instant.now(),
                        false));

        await().atMost(Duration.ofSeconds(60))
                .until(() -> OdpJournal.accepted(odp, ID, tag).size() >= 50);

        Set<String> sent = OdpJournal.accepted(odp, ID, tag).stream()
                .map(o -> o.get(ID).asText())
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> expected = new TreeSet<>();
        for (int i = 200; i < 250; i++) {
            expected.add(tag + "-" + i);
        }
        assertThat(sent).isEqualTo(expected);
        List<ConsumerRecord<String, String>> emitted = KafkaTestClient.readAll("odp-importer.stores").stream()
                .filter(r -> blob.equals(header(r, RecordHeaders.BLOB)))
                .toList();
        assertThat(emitted).hasSize(50);
        assertThat(emitted)
                .allSatisfy(r -> assertThat(Long.parseLong(header(r, RecordHeaders.RECORD_INDEX)))
                        .isBetween(200L, 249L));
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        var h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
