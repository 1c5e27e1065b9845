package io.odpimporter.odp;

import io.odpimporter.domain.StoreRecord;
import io.odpimporter.pacing.Outcome;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** {@link OdpUpserts} against a local HTTP server: what it sends, and which ends are answers or failures. */
class OdpUpsertsTest {

    private static final String KEY = "secret-api-key-123";
    private static final String ACCEPTED =
            "{\"title\":\"Accepted\",\"status\":202,\"timestamp\":\"2026-12-04T10:00:00Z\"}";

    /** A request as the server saw it. */
    record Seen(String method, String uri, String apiKey, String contentType, String body) {}

    private final Vertx vertx = Vertx.vertx();
    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private volatile Consumer<HttpServerRequest> answer =
            r -> r.response().setStatusCode(202).end(ACCEPTED);
    private HttpServer server;
    private OdpUpserts upserts;

    @BeforeEach
    void start() throws Exception {
        server = vertx.createHttpServer()
                .requestHandler(request -> request.body().onSuccess(body -> {
                    seen.add(new Seen(
                            request.method().name(),
                            request.uri(),
                            request.getHeader("x-api-key"),
                            request.getHeader("Content-Type"),
                            body.toString(StandardCharsets.UTF_8)));
                    answer.accept(request);
                }))
                .listen(0, "127.0.0.1")
                .toCompletionStage()
                .toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
        upserts = client("http://127.0.0.1:" + server.actualPort(), Duration.ofSeconds(5));
    }

    @AfterEach
    void stop() throws Exception {
        upserts.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private OdpUpserts client(String baseUrl, Duration readTimeout) {
        return new OdpUpserts(vertx, baseUrl, Duration.ofSeconds(2), readTimeout, KEY);
    }

    private OdpUpserts.Reply upsert(OdpUpserts client, String objectType, String body) {
        return send(client, StoreRecord.Target.objects(objectType), body);
    }

    private OdpUpserts.Reply send(OdpUpserts client, StoreRecord.Target target, String body) {
        return client.send(target, body.getBytes(StandardCharsets.UTF_8))
                .await()
                .atMost(Duration.ofSeconds(10));
    }

    @Test
    void postsTheBodyAsItIsWithTheKeyAsJsonToTheObjectTypesUrl() {
        OdpUpserts.Reply reply = upsert(upserts, "stores", "[{\"id\":\"é1\"}]");

        assertThat(reply).isEqualTo(new OdpUpserts.Reply(202, ACCEPTED, null));
        assertThat(seen)
                .containsExactly(new Seen("POST", "/v3/objects/stores", KEY, "application/json", "[{\"id\":\"é1\"}]"));
    }

    @Test
    void postsEventsWithTheSameHeadersToTheEventsUrl() {
        String event = "[{\"type\":\"purchase\",\"identifiers\":{\"email\":\"a@b.c\"}}]";
        OdpUpserts.Reply reply = send(upserts, StoreRecord.Target.events(), event);

        assertThat(reply).isEqualTo(new OdpUpserts.Reply(202, ACCEPTED, null));
        assertThat(seen).containsExactly(new Seen("POST", "/v3/events", KEY, "application/json", event));
    }

    @Test
    void eventsKeepTheBaseUrlsPathOnce() {
        OdpUpserts prefixed = client("http://127.0.0.1:" + server.actualPort() + "/odp/v3/", Duration.ofSeconds(5));
        try {
            send(prefixed, StoreRecord.Target.events(), "[]");
        } finally {
            prefixed.close();
        }

        assertThat(seen).extracting(Seen::uri).containsExactly("/odp/v3/events");
    }

    @Test
    void aBaseUrlWithAPathAndV3KeepsThePathOnce() {
        OdpUpserts prefixed = client("http://127.0.0.1:" + server.actualPort() + "/odp/v3/", Duration.ofSeconds(5));
        try {
            upsert(prefixed, "stores", "[]");
        } finally {
            prefixed.close();
        }

        assertThat(seen).extracting(Seen::uri).containsExactly("/odp/v3/objects/stores");
    }

    @Test
    void anErrorStatusIsAnAnswerWithItsBodyAndRetryAfter() {
        answer = r -> r.response()
                .setStatusCode(429)
                .putHeader("Retry-After", "3")
                .end("{\"title\":\"Too Many Requests\",\"status\":429}");

        OdpUpserts.Reply reply = upsert(upserts, "stores", "[]");

        assertThat(reply).isEqualTo(new OdpUpserts.Reply(429, "{\"title\":\"Too Many Requests\",\"status\":429}", "3"));
    }

    @Test
    void anEmptyBodyIsNull() {
        answer = r -> r.response().setStatusCode(503).end();

        assertThat(upsert(upserts, "stores", "[]")).isEqualTo(new OdpUpserts.Reply(503, null, null));
    }

    @Test
    void aRedirectIsAnAnswerAndNotFollowed() {
        answer = r -> r.response()
                .setStatusCode(302)
                .putHeader("Location", "http://127.0.0.1:" + server.actualPort() + "/elsewhere")
                .end();

        OdpUpserts.Reply reply = upsert(upserts, "stores", "[]");

        assertThat(reply.status()).isEqualTo(302);
        assertThat(seen).hasSize(1);
    }

    @Test
    void noAnswerWithinTheReadTimeoutIsATimeoutFailureWithoutTheKey() {
        answer = r -> {}; // never answers
        OdpUpserts slow = client("http://127.0.0.1:" + server.actualPort(), Duration.ofMillis(300));
        Throwable failure;
        try {
            failure = catchThrowable(() -> upsert(slow, "stores", "[]"));
        } finally {
            slow.close();
        }

        assertThat(Outcome.ofFailure(failure)).isEqualTo(Outcome.TIMEOUT);
        assertThat(failure.toString()).doesNotContain(KEY);
    }

    @Test
    void aRefusedConnectionIsAFailureWithoutTheKeyAndNotATimeout() throws Exception {
        int port = server.actualPort();
        server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        OdpUpserts nobody = client("http://127.0.0.1:" + port, Duration.ofSeconds(5));
        Throwable failure;
        try {
            failure = catchThrowable(() -> upsert(nobody, "stores", "[]"));
        } finally {
            nobody.close();
        }

        assertThat(failure).isNotNull();
        assertThat(Outcome.ofFailure(failure)).isEqualTo(Outcome.IGNORED);
        assertThat(failure.toString()).doesNotContain(KEY);
    }

    @Test
    void anHttpsBaseUrlUsesTls() {
        // the plain server cannot complete a TLS handshake: the request fails instead of reaching it
        OdpUpserts tls = client("https://127.0.0.1:" + server.actualPort(), Duration.ofSeconds(5));
        Throwable failure;
        try {
            failure = catchThrowable(() -> upsert(tls, "stores", "[]"));
        } finally {
            tls.close();
        }

        assertThat(failure).isNotNull();
        assertThat(seen).isEmpty();
    }
}
