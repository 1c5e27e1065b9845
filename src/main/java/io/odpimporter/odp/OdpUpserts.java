package io.odpimporter.odp;

import io.netty.buffer.Unpooled;
import io.odpimporter.domain.StoreRecord;
import io.smallrye.mutiny.Uni;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * ODP's upsert ({@code POST /v3/objects/{object}}) and events ({@code POST /v3/events}) requests on Vert.x's own HTTP
 * client, the sink's one request per batch (both with the same headers, timeouts and connections).
 * The Quarkus REST client did the same with a JAX-RS request and response per batch (15 % of the service's CPU
 * samples at 0 ms, docs/performance.md); this sends the body's bytes as they are and reads the answer's status,
 * body and {@code Retry-After} only. Like the REST client: the connect timeout, a read timeout (no byte of the
 * answer for {@code read-timeout} fails the request with a {@link java.util.concurrent.TimeoutException}), TLS for
 * an {@code https} base URL (host name verified against the JVM's trust store), redirects never followed (a 3xx is
 * an answer), connections kept alive. The API key is a header of the request only: no message of this class holds
 * it.
 */
public final class OdpUpserts {

    /** Connections to ODP's host kept open at most: above the limit's maximum in flight, as the REST client's 50. */
    static final int POOL_SIZE = 50;

    private final HttpClient client;
    private final String objectsPath;
    private final String eventsPath;
    private final MultiMap headers;
    private final long readTimeoutMillis;

    /**
     * @param baseUrl the API's root ({@link OdpUrls#normalize}d), e.g. {@code https://api.zaius.com}
     * @param apiKey  the private API key, sent as {@code x-api-key}
     */
    public OdpUpserts(Vertx vertx, String baseUrl, Duration connectTimeout, Duration readTimeout, String apiKey) {
        URI base = URI.create(OdpUrls.normalize(baseUrl));
        boolean tls = "https".equalsIgnoreCase(base.getScheme());
        this.client = vertx.createHttpClient(
                new HttpClientOptions()
                        .setSsl(tls)
                        .setVerifyHost(true)
                        .setDefaultHost(base.getHost())
                        .setDefaultPort(base.getPort() > 0 ? base.getPort() : tls ? 443 : 80)
                        .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, connectTimeout.toMillis()))
                        .setKeepAlive(true)
                        .setName("odp-upserts"),
                new PoolOptions().setHttp1MaxSize(POOL_SIZE));
        String root = base.getRawPath() == null ? "" : base.getRawPath();
        this.objectsPath = root + "/v3/objects/";
        this.eventsPath = root + "/v3/events";
        this.headers = HttpHeaders.headers()
                .add(HttpHeaders.CONTENT_TYPE, "application/json")
                .add(HttpHeaders.ACCEPT, "application/json")
                .add("x-api-key", apiKey);
        this.readTimeoutMillis = readTimeout.toMillis();
    }

    /**
     * ODP's answer to a request, whatever its status.
     *
     * @param status     HTTP status
     * @param body       the body as text, or null if it had none
     * @param retryAfter the {@code Retry-After} header, or null
     */
    public record Reply(int status, String body, String retryAfter) {}

    /**
     * Sends the request when subscribed; a cancellation resets it.
     *
     * @param target objects of a type ({@code POST /v3/objects/{type}}) or events ({@code POST /v3/events})
     * @param body   the JSON array of objects or events, UTF-8 (sent as it is, not copied)
     * @return ODP's answer; a failure if there is none (connect or read timeout, connection error)
     */
    public Uni<Reply> send(StoreRecord.Target target, byte[] body) {
        RequestOptions options = new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setURI(
                        target.kind() == StoreRecord.Target.Kind.EVENTS
                                ? eventsPath
                                : objectsPath + target.objectType())
                .setHeaders(headers)
                .setFollowRedirects(false)
                .setIdleTimeout(readTimeoutMillis);
        return Uni.createFrom().emitter(emitter -> {
            AtomicReference<HttpClientRequest> sent = new AtomicReference<>();
            AtomicBoolean answered = new AtomicBoolean();
            // a cancellation (the batch's partitions revoked, a shutdown) stops the request
            emitter.onTermination(() -> {
                HttpClientRequest request = sent.get();
                if (request != null && !answered.get()) {
                    request.reset();
                }
            });
            client.request(options)
                    .compose(request -> {
                        sent.set(request);
                        return request.send(Buffer.buffer(Unpooled.wrappedBuffer(body)));
                    })
                    .compose(response -> response.body()
                            .map(answer -> new Reply(
                                    response.statusCode(),
                                    answer.length() == 0 ? null : answer.toString(StandardCharsets.UTF_8),
                                    response.getHeader("Retry-After"))))
                    .onComplete(result -> {
                        answered.set(true);
                        if (result.succeeded()) {
                            emitter.complete(result.result());
                        } else {
                            emitter.fail(result.cause());
                        }
                    });
        });
    }

    /** Closes the client's connections. */
    public void close() {
        client.close();
    }
}
