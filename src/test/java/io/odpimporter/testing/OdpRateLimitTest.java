package io.odpimporter.testing;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

/** The stand-in's 429 mode on an in-process WireMock with the stand-in's mappings. */
class OdpRateLimitTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static WireMockServer odp;

    @BeforeAll
    static void start() {
        odp = new WireMockServer(options()
                .dynamicPort()
                .usingFilesUnderClasspath("odp-stand-in")
                .globalTemplating(false)
                .extensions(new OdpValidation(), new OdpRateLimit()));
        odp.start();
    }

    @AfterAll
    static void stop() {
        odp.stop();
    }

    private static HttpResponse<String> upsert(String tag) throws IOException, InterruptedException {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(odp.baseUrl() + "/v3/objects/ocp_quickstart_offline_stores"))
                        .header("x-api-key", "key")
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "[{\"ocp_quickstart_offline_store_id\":\"" + tag + "-1\"}]"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> admin(String method, String query) throws IOException, InterruptedException {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(odp.baseUrl() + "/__admin/bench/rate-limit" + query))
                        .method(method, HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aTaggedRequestAboveTheRateGetsOdps429WithoutRetryAfterAndOthersAreNotLimited() throws Exception {
        StubMapping stub = OdpRateLimit.limit(
                odp, "limited", OdpRateLimit.Rule.perSecond(1).burst(3));
        try {
            long start = System.nanoTime();
            List<HttpResponse<String>> answers = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                answers.add(upsert("limited"));
            }
            long seconds = (System.nanoTime() - start) / 1_000_000_000L;

            assertThat(answers.subList(0, 3)).allSatisfy(a -> {
                assertThat(a.statusCode()).isEqualTo(202);
                assertThat(OdpJournal.accepts(a.statusCode(), a.body())).isTrue();
            });
            List<HttpResponse<String>> refused =
                    answers.stream().filter(a -> a.statusCode() == 429).toList();
            assertThat(refused).hasSizeGreaterThanOrEqualTo(10 - 3 - (int) seconds - 1);
            assertThat(refused).allSatisfy(a -> {
                assertThat(a.body()).startsWith("{\"title\":\"Too Many Requests\",\"status\":429,\"timestamp\":\"");
                assertThat(a.headers().firstValue("Retry-After")).isEmpty();
            });
            assertThat(OdpRateLimit.counts(stub))
                    .isEqualTo(new OdpRateLimit.Counts(10 - refused.size(), refused.size()));
            assertThat(answers).extracting(HttpResponse::statusCode).containsOnly(202, 429);
            for (int i = 0; i < 10; i++) {
                assertThat(upsert("other").statusCode()).isEqualTo(202);
            }
        } finally {
            odp.removeStub(stub);
        }
        assertThat(upsert("limited").statusCode()).isEqualTo(202);
    }

    @Test
    void aConfiguredRetryAfterAndDelayAreSent() throws Exception {
        StubMapping stub = OdpRateLimit.limit(
                odp,
                "retry-after",
                OdpRateLimit.Rule.perSecond(0.01).burst(1).retryAfter(2).delayMillis(300));
        try {
            long start = System.nanoTime();
            assertThat(upsert("retry-after").statusCode()).isEqualTo(202);
            HttpResponse<String> refused = upsert("retry-after");
            long millis = (System.nanoTime() - start) / 1_000_000L;

            assertThat(refused.statusCode()).isEqualTo(429);
            assertThat(refused.headers().firstValue("Retry-After")).contains("2");
            assertThat(millis).isGreaterThanOrEqualTo(600);
        } finally {
            odp.removeStub(stub);
        }
    }

    @Test
    void theAdminApiLimitsEveryUpsertBeforeTheNormalMappingsUntilTurnedOff() throws Exception {
        try {
            assertThat(admin("POST", "?perSecond=0.01&burst=2").body())
                    .isEqualTo("{\"perSecond\":0.01,\"burst\":2,\"admitted\":0,\"refused\":0}");

            List<Integer> statuses = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                statuses.add(upsert("global").statusCode());
            }

            assertThat(statuses).containsExactly(202, 202, 429, 429, 429);
            assertThat(admin("GET", "").body())
                    .isEqualTo("{\"perSecond\":0.01,\"burst\":2,\"admitted\":2,\"refused\":3}");
        } finally {
            admin("POST", "?perSecond=0");
        }
        assertThat(upsert("global").statusCode()).isEqualTo(202);
        assertThat(admin("GET", "").body()).isEqualTo("{\"perSecond\":0,\"burst\":0,\"admitted\":0,\"refused\":0}");
    }
}
