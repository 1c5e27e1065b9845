package io.odpimporter.runs;

import io.odpimporter.kafka.RunEvent;
import io.odpimporter.testing.Api;
import io.odpimporter.testing.AzuriteTestResource;
import io.odpimporter.testing.Blobs;
import io.odpimporter.testing.KafkaTestClient;
import io.odpimporter.testing.KafkaTestResource;
import io.odpimporter.testing.OdpStandInTestResource;
import io.odpimporter.testing.Stores;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs live in Kafka: another replica (or this one after a restart), reading the runs topic from the start,
 * folds the same run with the same counts as the one the API shows.
 */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = AzuriteTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = OdpStandInTestResource.class, scope = TestResourceScope.GLOBAL)
class RunsFromKafkaIT {

    @Test
    void aFreshReaderOfTheRunsTopicSeesTheSameRun() throws Exception {
        String tag = Stores.tag("replica");
        Blobs.upload(Blobs.container("offline-stores"), tag + "/a.json", Stores.json(Stores.make(tag, 0, 7)));
        Response shown = Api.awaitFinished(Api.trigger(tag + "/", false));
        String runId = shown.path("id");

        Run folded = new Run(runId);
        for (var record : KafkaTestClient.readAll("odp-importer.runs")) {
            RunEvent event = KafkaTestClient.MAPPER.readValue(record.value(), RunEvent.class);
            if (runId.equals(event.runId())) {
                folded.apply(event);
            }
        }
        RunSummary summary = folded.summary(true);

        assertThat(summary.status()).isEqualTo("COMPLETE").isEqualTo(shown.path("status"));
        assertThat(summary.trigger()).isEqualTo("MANUAL");
        assertThat(summary.files()).isEqualTo(1);
        assertThat(summary.recordsEmitted()).isEqualTo(7);
        assertThat(summary.accepted()).isEqualTo(7).isEqualTo(((Integer) shown.path("accepted")).longValue());
        assertThat(summary.created()).isNotNull();
        assertThat(summary.ended()).isNotNull();
        assertThat(summary.fileList()).singleElement().satisfies(f -> assertThat(f.blobName()).isEqualTo(tag + "/a.json"));
    }

    @Test
    void aRunStartedByAReplicaThatIsGoneIsCompletedHere() {
        String tag = Stores.tag("orphan");
        String blob = tag + "/a.json";
        var props = Blobs.upload(Blobs.container("offline-stores"), blob, Stores.json(Stores.make(tag, 0, 3)));
        String etag = props.getETag().replace("\"", "");
        String runId = "run-" + tag;
        String file = io.odpimporter.kafka.BlobVersion.key("offline-stores", blob, etag);
        // what the other replica wrote before it died: the run, its one file, the end of its sweep, the file event
        int partition = org.apache.kafka.common.utils.Utils.toPositive(org.apache.kafka.common.utils.Utils.murmur2(
                runId.getBytes(java.nio.charset.StandardCharsets.UTF_8))) % 3;
        KafkaTestClient.send("odp-importer.runs", partition, runId + "/STARTED",
                RunEvent.started(runId, "MANUAL", "orphan", false, tag + "/", "replica-that-died"));
        KafkaTestClient.send("odp-importer.runs", partition, runId + "/FILE_DISCOVERED/" + file,
                RunEvent.fileDiscovered(runId, file, blob));
        KafkaTestClient.send("odp-importer.runs", partition, runId + "/SWEEP_FINISHED",
                RunEvent.sweepFinished(runId, 1, null));
        KafkaTestClient.send("odp-importer.files", null, blob, new io.odpimporter.kafka.FileDiscovered(
                io.odpimporter.kafka.FileDiscovered.SCHEMA_VERSION, AzuriteTestResource.ACCOUNT, "offline-stores", blob,
                etag, props.getLastModified().toInstant(), props.getBlobSize(),
                io.odpimporter.kafka.FileDiscovered.Source.SWEEP, runId, java.time.Instant.now(), false));

        Response run = Api.awaitFinished(runId);

        assertThat(run.<String>path("status")).isEqualTo("COMPLETE");
        assertThat(run.<String>path("trackerId")).isEqualTo("orphan");
        assertThat(run.<Integer>path("accepted")).isEqualTo(3);
    }
}
