package io.odpimporter;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import io.odpimporter.testing.Api;
import io.odpimporter.testing.AzuriteTestResource;
import io.odpimporter.testing.Blobs;
import io.odpimporter.testing.InjectOdpStandIn;
import io.odpimporter.testing.KafkaTestResource;
import io.odpimporter.testing.OdpJournal;
import io.odpimporter.testing.OdpRateLimit;
import io.odpimporter.testing.OdpStandInTestResource;
import io.odpimporter.testing.Stores;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Adaptive pacing (docs/architecture.md §4.7) through the packaged service at its defaults (no pacing setting):
 * the stand-in answers 429 above 10 requests a second (a token bucket holding a second's worth: the sink sends a
 * window of requests at once, and a bucket of a tenth of a second refused about a fifth of them) after a second,
 * so about 10 requests fit in flight: 1,000 records a second, slower than the importer, so the sink meets the
 * limit. The service starts at 4, grows, is refused, shrinks, and settles: every record reaches ODP as in the file
 * (the last record of a key wins), {@code /status} shows the decreases for 429, and once settled few requests are
 * refused. No speed is asserted.
 */
@QuarkusIntegrationTest
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = AzuriteTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = OdpStandInTestResource.class, scope = TestResourceScope.GLOBAL)
class AdaptivePacingIT {

    static final String ID = "ocp_quickstart_offline_store_id";

    /** Records in the file, over {@link #IDS} ids: every id comes 4 times. */
    static final int RECORDS = 20_000;

    static final int IDS = 5_000;

    @InjectOdpStandIn
    WireMockServer odp;

    @Test
    void theServiceSettlesUnderODPsRateLimitWithNothingLost() {
        String tag = Stores.tag("rate-limited");
        // record r has id r % IDS and name v(r / IDS): the last record of each id is named v3
        List<Map<String, String>> stores = new ArrayList<>(RECORDS);
        for (int r = 0; r < RECORDS; r++) {
            stores.add(Map.of("id", tag + "-" + (r % IDS), "name", "v" + (r / IDS), "location", "City " + r));
        }
        StubMapping limited = OdpRateLimit.limit(
                odp, tag, OdpRateLimit.Rule.perSecond(10).burst(10).delayMillis(1000));
        try {
            Blobs.upload(Blobs.container("offline-stores"), tag + "/stores.json", Stores.json(stores));

            Response run = Api.awaitFinished(Api.trigger(tag + "/", false), Duration.ofMinutes(5));

            assertThat(run.<String>path("status")).isEqualTo("COMPLETE");
            assertThat(run.<Integer>path("accepted")).isEqualTo(RECORDS);
            assertThat(run.<Integer>path("duplicateIds")).isEqualTo(RECORDS - IDS);

            // nothing lost: every id in ODP, with its last value in the file
            Map<String, String> last = new HashMap<>();
            for (JsonNode o : OdpJournal.accepted(odp, ID, tag)) {
                last.put(o.get(ID).asText(), o.get("offline_store_name").asText());
            }
            assertThat(last).hasSize(IDS);
            assertThat(new HashSet<>(last.values())).containsExactly("v3");

            List<OdpJournal.Upsert> upserts = OdpJournal.upserts(odp, ID, tag);
            long refused = upserts.stream().filter(u -> u.status() == 429).count();
            assertThat(refused).as("the limit was found by being refused").isPositive();
            // after the first quarter of the requests (the limit growing from 4 and overshooting), few are refused
            List<OdpJournal.Upsert> settled = upserts.subList(upserts.size() / 4, upserts.size());
            long refusedSettled =
                    settled.stream().filter(u -> u.status() == 429).count();
            double share = (double) refusedSettled / settled.size();
            System.out.printf(
                    "AdaptivePacingIT: %d requests, %d refused; after the first quarter %d of %d refused (%.1f %%)%n",
                    upserts.size(), refused, refusedSettled, settled.size(), 100 * share);
            assertThat(share).as("share of 429 answers once settled").isLessThan(0.15);

            Response status = Api.viewer().get("/status");
            status.then().statusCode(200);
            Map<String, Object> pacing = status.jsonPath().getMap("sink.pacing");
            assertThat(pacing.get("host")).asString().startsWith("localhost");
            assertThat(status.jsonPath().getMap("sink.pacing.decreases", String.class, Integer.class))
                    .hasEntrySatisfying("429", n -> assertThat(n).isPositive());
            assertThat(status.jsonPath().<String>get("sink.pacing.lastChange.reason"))
                    .isIn("429", "grew");
            assertThat(status.asString()).doesNotContain("test-api-key");
        } finally {
            odp.removeStub(limited);
        }
    }
}
