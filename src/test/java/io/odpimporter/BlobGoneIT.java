package io.odpimporter;

import com.azure.storage.blob.models.BlobProperties;
import io.odpimporter.testing.Api;
import io.odpimporter.testing.AzuriteTestResource;
import io.odpimporter.testing.Blobs;
import io.odpimporter.testing.KafkaTestResource;
import io.odpimporter.testing.OdpStandInTestResource;
import io.odpimporter.testing.OtherReplica;
import io.odpimporter.testing.Stores;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A blob version that is gone by the time the importer reads it (deleted: 404; overwritten: 412 on If-Match)
 * ends that file's attempt without error: nothing is left of that version to import.
 */
@QuarkusIntegrationTest
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = AzuriteTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = OdpStandInTestResource.class, scope = TestResourceScope.GLOBAL)
class BlobGoneIT {

    @Test
    void aDeletedBlobIsSkippedWithoutError() {
        String tag = Stores.tag("deleted");
        Response run = discoverAndAwait(tag, tag + "/gone.json", "0x8DD00000DELETED", Instant.now(), 10);
        assertThat(run.<String>path("status")).isEqualTo("COMPLETE");
        assertThat(run.<Integer>path("filesFailed")).isZero();
        assertThat(run.<String>path("fileDetails[0].status")).isEqualTo("SKIPPED");
        // Azurite answers 412 to If-Match on a missing blob, Azure may answer 404: both end the attempt quietly
        assertThat(run.<String>path("fileDetails[0].note"))
                .containsAnyOf("no longer exists", "version of the blob is gone");
        assertThat(run.<String>path("fileDetails[0].error")).isNull();
    }

    @Test
    void aBlobOverwrittenSinceItsDiscoveryIsSkippedWithoutError() {
        String tag = Stores.tag("replaced");
        BlobProperties props =
                Blobs.upload(Blobs.container("offline-stores"), tag + "/a.json", Stores.json(Stores.make(tag, 0, 2)));
        // the event names an older version of the blob: If-Match fails with 412
        Response run = discoverAndAwait(
                tag,
                tag + "/a.json",
                "0x8DD00000OLDETAG",
                props.getLastModified().toInstant(),
                props.getBlobSize());
        assertThat(run.<String>path("status")).isEqualTo("COMPLETE");
        assertThat(run.<Integer>path("filesFailed")).isZero();
        assertThat(run.<String>path("fileDetails[0].status")).isEqualTo("SKIPPED");
        assertThat(run.<String>path("fileDetails[0].note")).contains("ETag no longer matches");
        assertThat(run.<Integer>path("recordsEmitted")).isZero();
    }

    private static Response discoverAndAwait(String tag, String blob, String etag, Instant lastModified, long size) {
        String runId = "run-" + tag;
        OtherReplica.sweptOneBlob(runId, null, tag + "/", blob, etag, lastModified, size);
        return Api.awaitFinished(runId);
    }
}
