package io.odpimporter;

import com.github.tomakehurst.wiremock.WireMockServer;
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
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Batch sizes. With a linger far longer than the import of the file takes, only a full batch or the linger ends
 * a batch, so the sizes are exact.
 */
@QuarkusIntegrationTest
@TestProfile(BatchingIT.LongLinger.class)
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = AzuriteTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = OdpStandInTestResource.class, scope = TestResourceScope.GLOBAL)
class BatchingIT {

    static final String ID = "ocp_quickstart_offline_store_id";

    /** Batches wait up to 10 s for more records. */
    public static class LongLinger implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("importer.sink.linger", "10s", "importer.sink.batch-size", "100");
        }
    }

    @InjectOdpStandIn
    WireMockServer odp;

    @Test
    void twoHundredFiftyStoresGoOutInBatchesOf100100And50() {
        String tag = Stores.tag("batches");
        Blobs.upload(Blobs.container("offline-stores"), tag + "/big.json", Stores.json(Stores.make(tag, 0, 250)));

        Response run = Api.awaitFinished(Api.trigger(tag + "/", false));

        assertThat(run.<String>path("status")).isEqualTo("COMPLETE");
        assertThat(run.<Integer>path("accepted")).isEqualTo(250);
        List<Integer> sizes = OdpJournal.upserts(odp, ID, tag).stream()
                .map(u -> u.objects().size())
                .toList();
        assertThat(sizes).containsExactly(100, 100, 50);
        Set<String> ids = new HashSet<>();
        OdpJournal.accepted(odp, ID, tag).forEach(o -> ids.add(o.get(ID).asText()));
        assertThat(ids).hasSize(250);
    }
}
