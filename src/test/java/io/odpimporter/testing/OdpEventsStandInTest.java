package io.odpimporter.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.StringJoiner;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ODP stand-in's events endpoint, on in-process WireMocks with the stand-in's mappings: as the ITs have it
 * ({@link OdpEventsValidation} registered and stubbed, as {@link OdpStandInTestResource} does) and as the local
 * stack has it (the mappings alone, no extension).
 */
class OdpEventsStandInTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String EVENT =
            "{\"type\":\"purchase\",\"action\":\"buy\",\"identifiers\":{\"email\":\"ann@example.com\"},"
                    + "\"data\":{\"idempotence_id\":\"i-1\"}}";

    /** With the extension, as in the ITs. */
    private static WireMockServer odp;
    /** The mappings alone, as {@code bin/stack} runs WireMock. */
    private static WireMockServer plain;

    @BeforeAll
    static void start() {
        odp = new WireMockServer(options()
                .dynamicPort()
                .usingFilesUnderClasspath("odp-stand-in")
                .globalTemplating(false)
                .extensions(new OdpValidation(), new OdpRateLimit(), new OdpEventsValidation()));
        odp.start();
        odp.stubFor(OdpEventsValidation.stub());
        plain = new WireMockServer(
                options().dynamicPort().usingFilesUnderClasspath("odp-stand-in").globalTemplating(false));
        plain.start();
    }

    @AfterAll
    static void stop() {
        odp.stop();
        plain.stop();
    }

    private static HttpResponse<String> post(WireMockServer server, String path, String key, String body)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            request.header("x-api-key", key);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> events(WireMockServer server, String body)
            throws IOException, InterruptedException {
        return post(server, "/v3/events", "key", body);
    }

    private static String array(int size) {
        StringJoiner events = new StringJoiner(",", "[", "]");
        for (int i = 0; i < size; i++) {
            events.add(EVENT);
        }
        return events.toString();
    }

    private static JsonNode json(HttpResponse<String> answer) throws IOException {
        return MAPPER.readTree(answer.body());
    }

    @Test
    void validEventsGetOdpsAcceptedAnswer() throws Exception {
        for (WireMockServer server : new WireMockServer[] {odp, plain}) {
            HttpResponse<String> answer = events(server, array(500));

            assertThat(answer.statusCode()).isEqualTo(202);
            assertThat(OdpJournal.accepts(202, answer.body())).isTrue();
            assertThat(events(server, "[{\"type\":\"t\",\"identifiers\":{\"id\":1}}]")
                            .statusCode())
                    .as("action and data are optional")
                    .isEqualTo(202);
        }
    }

    @Test
    void theKeyTheArrayAndItsSizeAreCheckedAsForObjects() throws Exception {
        for (WireMockServer server : new WireMockServer[] {odp, plain}) {
            assertThat(post(server, "/v3/events", null, array(1)).statusCode()).isEqualTo(401);
            assertThat(post(server, "/v3/events", "bad-key", array(1)).statusCode())
                    .isEqualTo(403);
            assertThat(events(server, EVENT).statusCode()).as("not an array").isEqualTo(400);
            assertThat(events(server, "[]").statusCode()).isEqualTo(400);
            HttpResponse<String> tooMany = events(server, array(501));
            assertThat(tooMany.statusCode()).isEqualTo(400);
            assertThat(json(tooMany).at("/detail/invalids/0/reason").asText()).contains("500");
        }
    }

    @Test
    void invalidEventsAreNamedByIndexWithTheirReason() throws Exception {
        String body = "[" + EVENT + ","
                + "{\"identifiers\":{\"email\":\"a\"}},"
                + "{\"type\":\"\",\"identifiers\":{\"email\":\"a\"}},"
                + "{\"type\":\"t\",\"identifiers\":{}},"
                + "{\"type\":\"t\",\"identifiers\":[\"a\"]},"
                + "{\"type\":\"t\",\"identifiers\":{\"email\":\"a\"},\"data\":[1]},"
                + "{\"type\":\"t\",\"identifiers\":{\"email\":\"a\"},\"action\":1},"
                + "\"purchase\"," + EVENT + "]";

        HttpResponse<String> answer = events(odp, body);

        assertThat(answer.statusCode()).isEqualTo(400);
        JsonNode json = json(answer);
        assertThat(json.path("title").asText()).isEqualTo("Bad Request");
        assertThat(json.path("status").asInt()).isEqualTo(400);
        assertThat(json.path("timestamp").isTextual()).isTrue();
        assertThat(json.at("/detail/invalids").toString())
                .isEqualTo("[{\"event\":1,\"message\":\"type must be a non-empty string\"},"
                        + "{\"event\":2,\"message\":\"type must be a non-empty string\"},"
                        + "{\"event\":3,\"message\":\"identifiers must be a non-empty object\"},"
                        + "{\"event\":4,\"message\":\"identifiers must be a non-empty object\"},"
                        + "{\"event\":5,\"message\":\"data must be an object\"},"
                        + "{\"event\":6,\"message\":\"action must be a string\"},"
                        + "{\"event\":7,\"message\":\"an event must be a JSON object\"}]");
    }

    @Test
    void withoutTheExtensionInvalidEventsGetA400WithoutIndexes() throws Exception {
        HttpResponse<String> answer = events(plain, "[" + EVENT + ",{\"type\":\"t\",\"identifiers\":{}}]");

        assertThat(answer.statusCode()).isEqualTo(400);
        JsonNode invalids = json(answer).at("/detail/invalids");
        assertThat(invalids).hasSize(1);
        assertThat(invalids.get(0).has("event"))
                .as("plain mappings cannot compute indexes: the sink halves the batch")
                .isFalse();
        assertThat(events(plain, "[{\"type\":\"t\",\"identifiers\":{\"email\":\"a\"},\"data\":\"x\"}]")
                        .statusCode())
                .isEqualTo(400);
    }

    @Test
    void objectsAreAnsweredAsBefore() throws Exception {
        for (WireMockServer server : new WireMockServer[] {odp, plain}) {
            assertThat(post(server, "/v3/objects/stores", "key", "[{\"id\":\"1\"}]")
                            .statusCode())
                    .isEqualTo(202);
            assertThat(post(server, "/v3/objects/stores", null, "[{\"id\":\"1\"}]")
                            .statusCode())
                    .isEqualTo(401);
            assertThat(post(server, "/v3/objects/stores", "key", "{}").statusCode())
                    .isEqualTo(400);
        }
    }

    @Test
    void theRefusingModeRefusesEventsOfOneTypeToo() throws Exception {
        StubMapping refusing = odp.stubFor(OdpEventsValidation.refusing("REFUSE"));
        try {
            HttpResponse<String> answer =
                    events(odp, "[" + EVENT + ",{\"type\":\"REFUSE\",\"identifiers\":{\"email\":\"a\"}}]");

            assertThat(answer.statusCode()).isEqualTo(400);
            assertThat(json(answer).at("/detail/invalids").toString())
                    .isEqualTo("[{\"event\":1,\"message\":\"event type REFUSE is not allowed\"}]");
        } finally {
            odp.removeStub(refusing);
        }
        assertThat(events(odp, "[{\"type\":\"REFUSE\",\"identifiers\":{\"email\":\"a\"}}]")
                        .statusCode())
                .as("not the default")
                .isEqualTo(202);
    }

    @Test
    void theJournalReadsTheEventsTheStandInReceivedAndAccepted() throws Exception {
        String mine = "{\"type\":\"visit\",\"identifiers\":{\"email\":\"journal-1@example.com\"}}";
        String other = "{\"type\":\"visit\",\"identifiers\":{\"email\":\"someone@example.com\"}}";
        String refused = "{\"type\":\"visit\",\"identifiers\":{\"email\":\"journal-2@example.com\"},\"data\":1}";
        events(odp, "[" + mine + "," + other + "]");
        events(odp, "[" + refused + "]");

        var posts = OdpJournal.eventPosts(odp, OdpJournal.identifier("email", "journal-"));

        assertThat(posts).extracting(OdpJournal.EventsPost::status).containsExactly(202, 400);
        assertThat(posts.get(0).events()).containsExactly(MAPPER.readTree(mine));
        assertThat(OdpJournal.acceptedEvents(odp, OdpJournal.identifier("email", "journal-")))
                .containsExactly(MAPPER.readTree(mine));
    }
}
