package io.odpimporter;

import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.models.BlobProperties;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import io.odpimporter.testing.Api;
import io.odpimporter.testing.AzuriteTestResource;
import io.odpimporter.testing.Blobs;
import io.odpimporter.testing.InjectOdpStandIn;
import io.odpimporter.testing.KafkaTestResource;
import io.odpimporter.testing.OdpJournal;
import io.odpimporter.testing.OdpStandInTestResource;
import io.odpimporter.testing.Stores;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The original job's faults 1 and 2 (docs/architecture.md §1.1), reproduced against the real pipeline: no blob is
 * skipped.
 */
@QuarkusIntegrationTest
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = AzuriteTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = OdpStandInTestResource.class, scope = TestResourceScope.GLOBAL)
class OriginalFaultsIT {

    static final String ID = "ocp_quickstart_offline_store_id";

    @InjectOdpStandIn
    WireMockServer odp;

    static BlobContainerClient container;

    @BeforeAll
    static void container() {
        container = Blobs.container("offline-stores");
    }

    /**
     * Fault 1: the original took the newest file first and moved its watermark past older files, so a failure on
     * an older file skipped it forever. Here a file that cannot be read in the middle of a run fails alone: the
     * files after it are imported in the same run, and the fixed file is imported by the next sweep.
     */
    @Test
    void aFileFailingInTheMiddleOfARunSkipsNoOtherFile() {
        String tag = Stores.tag("fault1");
        Blobs.upload(container, tag + "/1-oldest.json", Stores.json(Stores.make(tag + "-old", 0, 3)));
        Blobs.upload(container, tag + "/2-middle.json", "[{\"id\": \"" + tag + "-mid-0\", \"name\": \"x\"}, {\"id\":");
        Blobs.upload(container, tag + "/3-newest.json", Stores.json(Stores.make(tag + "-new", 0, 3)));

        Response run = Api.awaitFinished(Api.trigger(tag + "/", false));

        assertThat(run.<String>path("status")).isEqualTo("COMPLETE");
        assertThat(run.<Integer>path("files")).isEqualTo(3);
        assertThat(run.<Integer>path("filesFailed")).isEqualTo(1);
        assertThat(run.<Integer>path("accepted")).isEqualTo(3 + 1 + 3);
        assertThat(run.<List<String>>path("fileDetails.blobName"))
                .containsExactly(tag + "/1-oldest.json", tag + "/2-middle.json", tag + "/3-newest.json");
        assertThat(run.<String>path("fileDetails[1].status")).isEqualTo("FAILED");
        assertThat(run.<String>path("fileDetails[1].error"))
                .contains(tag + "/2-middle.json")
                .contains("unexpected end of file")
                .contains("at byte");
        assertThat(OdpJournal.accepted(odp, ID, tag + "-old")).hasSize(3);
        assertThat(OdpJournal.accepted(odp, ID, tag + "-new")).hasSize(3);

        Blobs.upload(container, tag + "/2-middle.json", Stores.json(Stores.make(tag + "-mid", 0, 2)));
        Response next = Api.awaitFinished(Api.trigger(tag + "/", false));
        assertThat(next.<List<String>>path("fileDetails.blobName")).containsExactly(tag + "/2-middle.json");
        assertThat(next.<Integer>path("accepted")).isEqualTo(2);
    }

    /**
     * Fault 1, outage flavour: ODP fails while the middle file's records are being sent. Nothing is skipped or
     * reported done early; when ODP is back, every record of every file is accepted and the run completes.
     */
    @Test
    void anOdpOutageInTheMiddleOfARunLosesNothing() {
        String tag = Stores.tag("fault1-outage");
        StubMapping outage = odp.stubFor(post(urlPathMatching("/v3/objects/.*"))
                .atPriority(1)
                .withRequestBody(containing(tag + "-mid"))
                .willReturn(aResponse().withStatus(502).withBody("Bad Gateway")));
        try {
            Blobs.upload(container, tag + "/1-oldest.json", Stores.json(Stores.make(tag + "-old", 0, 5)));
            Blobs.upload(container, tag + "/2-middle.json", Stores.json(Stores.make(tag + "-mid", 0, 5)));
            Blobs.upload(container, tag + "/3-newest.json", Stores.json(Stores.make(tag + "-new", 0, 5)));
            String runId = Api.trigger(tag + "/", false);
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> OdpJournal.upserts(odp, ID, tag + "-mid").stream()
                                    .filter(u -> u.status() == 502)
                                    .count()
                            >= 2);
            assertThat(Api.run(runId).<String>path("status")).isEqualTo("RUNNING");
            odp.removeStub(outage);
            outage = null;

            Response run = Api.awaitFinished(runId);
            assertThat(run.<String>path("status")).isEqualTo("COMPLETE");
            assertThat(run.<Integer>path("accepted")).isEqualTo(15);
            Set<String> ids = new HashSet<>();
            OdpJournal.accepted(odp, ID, tag).forEach(o -> ids.add(o.get(ID).asText()));
            assertThat(ids).hasSize(15);
            Response again = Api.awaitFinished(Api.trigger(tag + "/", false));
            assertThat(again.<Integer>path("files")).isZero();
        } finally {
            if (outage != null) {
                odp.removeStub(outage);
            }
        }
    }

    /**
     * Fault 2: the original's strict {@code lastModified > watermark} skipped a blob modified in the same second
     * as the watermark. Two blobs share a Last-Modified second; the first sweep sees only one of them (as if the
     * other landed after the listing); the next sweep imports the other.
     */
    @Test
    void aBlobInTheSameSecondAsTheLastImportIsNotSkipped() {
        String tag = null;
        boolean sameSecond = false;
        for (int attempt = 0; attempt < 10 && !sameSecond; attempt++) {
            tag = Stores.tag("fault2");
            BlobProperties a = Blobs.upload(container, tag + "/a.json", Stores.json(Stores.make(tag + "-a", 0, 2)));
            BlobProperties b = Blobs.upload(container, tag + "/b.json", Stores.json(Stores.make(tag + "-b", 0, 2)));
            sameSecond = a.getLastModified().equals(b.getLastModified());
        }
        assertThat(sameSecond).as("two uploads within one second").isTrue();

        Response first = Api.awaitFinished(Api.trigger(tag + "/a", false));
        assertThat(first.<List<String>>path("fileDetails.blobName")).containsExactly(tag + "/a.json");

        Response second = Api.awaitFinished(Api.trigger(tag + "/", false));
        assertThat(second.<String>path("status")).isEqualTo("COMPLETE");
        assertThat(second.<List<String>>path("fileDetails.blobName")).containsExactly(tag + "/b.json");
        assertThat(OdpJournal.accepted(odp, ID, tag + "-b")).hasSize(2);
    }
}
