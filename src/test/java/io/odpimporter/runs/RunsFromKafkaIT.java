package io.odpimporter.runs;

import io.odpimporter.domain.RunEvent;
import io.odpimporter.domain.RunStatus;
import io.odpimporter.domain.Trigger;
import io.odpimporter.testing.Api;
import io.odpimporter.testing.AzuriteTestResource;
import io.odpimporter.testing.Blobs;
import io.odpimporter.testing.KafkaTestClient;
import io.odpimporter.testing.KafkaTestResource;
import io.odpimporter.testing.OdpStandInTestResource;
import io.odpimporter.testing.OtherReplica;
import io.odpimporter.testing.Stores;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs live in Kafka: another replica (or this one after a restart), reading the runs topic from the start,
 * folds the same run with the same counts as the one the API shows.
 */
@QuarkusIntegrationTest
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

        assertThat(summary.status()).isEqualTo(RunStatus.COMPLETE);
        assertThat(summary.status().name()).isEqualTo(shown.path("status"));
        assertThat(summary.trigger()).isEqualTo(Trigger.MANUAL);
        assertThat(summary.files()).isEqualTo(1);
        assertThat(summary.recordsEmitted()).isEqualTo(7);
        assertThat(summary.accepted()).isEqualTo(7).isEqualTo(((Integer) shown.path("accepted")).longValue());
        assertThat(summary.created()).isNotNull();
        assertThat(summary.ended()).isNotNull();
        assertThat(summary.fileList())
                .singleElement()
                .satisfies(f -> assertThat(f.blobName()).isEqualTo(tag + "/a.json"));
    }

    @Test
    void aRunStartedByAReplicaThatIsGoneIsCompletedHere() {
        String tag = Stores.tag("orphan");
        String blob = tag + "/a.json";
        var props = Blobs.upload(Blobs.container("offline-stores"), blob, Stores.json(Stores.make(tag, 0, 3)));
        String etag = props.getETag().replace("\"", "");
        String runId = "run-" + tag;
        OtherReplica.sweptOneBlob(
                runId, "orphan", tag + "/", blob, etag, props.getLastModified().toInstant(), props.getBlobSize());

        Response run = Api.awaitFinished(runId);

        assertThat(run.<String>path("status")).isEqualTo("COMPLETE");
        assertThat(run.<String>path("trackerId")).isEqualTo("orphan");
        assertThat(run.<Integer>path("accepted")).isEqualTo(3);
    }
}
