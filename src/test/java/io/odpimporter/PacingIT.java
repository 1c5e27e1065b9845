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
import io.odpimporter.testing.OdpStandInTestResource;
import io.odpimporter.testing.OdpValidation;
import io.odpimporter.testing.Stores;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pacing's optional caps (docs/architecture.md §4.7; by default there are none, {@link AdaptivePacingIT} shows the
 * adaptive limit): at most {@code max-request-rate} requests start per second, at most {@code max-in-flight} are in
 * flight (the adaptive limit starts there, capped), two requests in flight never share a primary key, and a key's
 * records reach ODP in file order (the last record of a key wins). The stand-in takes a second per request: at 4
 * requests a second a fourth request would start while three are in flight, and without the rate cap the sink would
 * start many more per second.
 */
@QuarkusIntegrationTest
@TestProfile(PacingIT.Paced.class)
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = AzuriteTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = OdpStandInTestResource.class, scope = TestResourceScope.GLOBAL)
class PacingIT {

    static final String ID = "ocp_quickstart_offline_store_id";

    /** Four requests a second, three in flight, batches of ten. */
    public static class Paced implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "importer.sink.max-request-rate",
                    "4",
                    "importer.sink.max-in-flight",
                    "3",
                    "importer.sink.batch-size",
                    "10");
        }
    }

    @InjectOdpStandIn
    WireMockServer odp;

    @Test
    void requestsArePacedRunInParallelNeverShareAKeyInFlightAndTheLastRecordOfAKeyWins() {
        String tag = Stores.tag("paced");
        // 200 records over 25 ids: record r has id r % 25 and name v(r / 25), so every id comes 8 times
        List<Map<String, String>> stores = new ArrayList<>();
        for (int r = 0; r < 200; r++) {
            stores.add(Map.of("id", tag + "-" + (r % 25), "name", "v" + (r / 25), "location", "City " + r));
        }
        StubMapping slow = slowlyAccepting(tag);
        try {
            Blobs.upload(Blobs.container("offline-stores"), tag + "/stores.json", Stores.json(stores));

            Response run = Api.awaitFinished(Api.trigger(tag + "/", false), Duration.ofSeconds(120));

            assertThat(run.<String>path("status")).isEqualTo("COMPLETE");
            assertThat(run.<Integer>path("accepted")).isEqualTo(200);
            assertThat(run.<Integer>path("duplicateIds")).isEqualTo(175);
            assertThat(run.<Integer>path("fileDetails[0].duplicateIds")).isEqualTo(175);

            List<OdpJournal.Upsert> upserts = OdpJournal.upserts(odp, ID, tag);
            assertThat(upserts).allSatisfy(u -> assertThat(u.status()).isEqualTo(202));
            assertThat(mostInFlightAndPaced(upserts)).isBetween(1, 3);

            // per key, the record last accepted is the key's last record in the file
            Map<String, String> last = new HashMap<>();
            for (JsonNode o : OdpJournal.accepted(odp, ID, tag)) {
                last.put(o.get(ID).asText(), o.get("offline_store_name").asText());
            }
            assertThat(last).hasSize(25);
            assertThat(new HashSet<>(last.values())).containsExactly("v7");
        } finally {
            odp.removeStub(slow);
        }
    }

    @Test
    void withoutSharedKeysExactlyMaxInFlightRequestsAreInFlight() {
        String tag = Stores.tag("in-flight");
        StubMapping slow = slowlyAccepting(tag);
        try {
            Blobs.upload(
                    Blobs.container("offline-stores"), tag + "/stores.json", Stores.json(Stores.make(tag, 0, 120)));

            Response run = Api.awaitFinished(Api.trigger(tag + "/", false), Duration.ofSeconds(120));

            assertThat(run.<String>path("status")).isEqualTo("COMPLETE");
            assertThat(run.<Integer>path("accepted")).isEqualTo(120);
            assertThat(run.<Integer>path("duplicateIds")).isZero();
            // requests start every 250 ms and take a second: the fourth waits for the first to end
            assertThat(mostInFlightAndPaced(OdpJournal.upserts(odp, ID, tag))).isEqualTo(3);
        } finally {
            odp.removeStub(slow);
        }
    }

    /**
     * Checks that requests served at the same time share no key and that no second saw more than 4 (+1 for network
     * jitter) requests start. @return the most requests the stand-in served at once
     */
    private static int mostInFlightAndPaced(List<OdpJournal.Upsert> upserts) {
        int mostInFlight = 0;
        for (OdpJournal.Upsert u : upserts) {
            List<OdpJournal.Upsert> overlapping =
                    upserts.stream().filter(o -> o != u && o.overlaps(u)).toList();
            // the stand-in's view of "in flight": u and those served at u's start
            int atStart = 1
                    + (int) overlapping.stream()
                            .filter(o -> !o.at().isAfter(u.at()) && o.end().isAfter(u.at()))
                            .count();
            mostInFlight = Math.max(mostInFlight, atStart);
            Set<String> keys = keys(u);
            for (OdpJournal.Upsert o : overlapping) {
                assertThat(keys(o))
                        .as("keys of two requests in flight together")
                        .doesNotContainAnyElementsOf(keys);
            }
            long inASecond = upserts.stream()
                    .filter(o -> !o.at().isBefore(u.at()) && o.at().isBefore(u.at().plusMillis(1000)))
                    .count();
            assertThat(inASecond)
                    .as("requests started in the second from %s", u.at())
                    .isLessThanOrEqualTo(5);
        }
        return mostInFlight;
    }

    /** ODP taking a second to accept each request holding the tag's records. */
    private StubMapping slowlyAccepting(String tag) {
        return odp.stubFor(post(urlPathMatching("/v3/objects/.*"))
                .atPriority(1)
                .withRequestBody(containing(tag))
                .willReturn(OdpValidation.accepted().withFixedDelay(1000)));
    }

    private static Set<String> keys(OdpJournal.Upsert upsert) {
        Set<String> keys = new HashSet<>();
        upsert.objects().forEach(o -> keys.add(o.get(ID).asText()));
        return keys;
    }
}
