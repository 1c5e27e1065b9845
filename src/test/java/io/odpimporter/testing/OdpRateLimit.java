package io.odpimporter.testing;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.admin.Router;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.AdminApiExtension;
import com.github.tomakehurst.wiremock.extension.Parameters;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.QueryParameter;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.RequestMethod;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

/**
 * The ODP stand-in's 429 mode: a {@link TokenBucket} of N requests a second with a small burst in front of ODP's
 * objects API. A request above it is answered {@code 429} with ODP's error JSON
 * ({@code {"title":"Too Many Requests","status":429,"timestamp":..,"message":..}}), without {@code Retry-After}
 * unless one is configured (ODP publishes none: a 429 is its only signal), and never gets the normal answer.
 *
 * <p>Two ways to turn it on:
 * <ul>
 *   <li>In an IT (in-process stand-in, {@link OdpStandInTestResource}): {@link #limit(WireMockServer, String, Rule)}
 *       adds a stub, for the upserts whose body contains a test's tag, that answers ODP's 202 within the rate and
 *       429 above it, each after the rule's delay; each stub has its own bucket and counts
 *       ({@link #counts(StubMapping)}). Remove the stub it returns when done.
 *   <li>On a standalone WireMock (the benchmark's, loaded with {@code --extensions}): the admin API
 *       {@code POST /__admin/bench/rate-limit?perSecond=N[&burst=B][&retryAfter=S]} limits every upsert
 *       ({@code POST /v3/objects/...}) before the normal mappings answer it ({@code perSecond=0} turns it off);
 *       {@code GET /__admin/bench/rate-limit} answers
 *       {@code {"perSecond":N,"burst":B,"admitted":n,"refused":n}} (the counts since the last POST); the global
 *       fixed delay applies to every answer, 429s included.
 * </ul>
 * Stub parameters: {@code perSecond} (required), {@code burst} (default {@link TokenBucket#defaultBurst}),
 * {@code delayMillis} (default 0), {@code retryAfter} (seconds, default none).
 */
public final class OdpRateLimit implements ResponseDefinitionTransformerV2, AdminApiExtension {

    public static final String NAME = "odp-rate-limit";

    private static final Map<UUID, Limit> STUBS = new ConcurrentHashMap<>();
    private static volatile Limit global;

    /** A rate limit: {@code perSecond} requests with a burst, a delay for every answer, an optional Retry-After. */
    public record Rule(double perSecond, int burst, int delayMillis, Integer retryAfterSeconds) {

        /** @return a limit of {@code perSecond} with the default burst, no delay and no Retry-After */
        public static Rule perSecond(double perSecond) {
            return new Rule(perSecond, TokenBucket.defaultBurst(perSecond), 0, null);
        }

        public Rule burst(int burst) {
            return new Rule(perSecond, burst, delayMillis, retryAfterSeconds);
        }

        public Rule delayMillis(int delayMillis) {
            return new Rule(perSecond, burst, delayMillis, retryAfterSeconds);
        }

        public Rule retryAfter(int seconds) {
            return new Rule(perSecond, burst, delayMillis, seconds);
        }
    }

    /** Requests a limit admitted and refused. */
    public record Counts(long admitted, long refused) {}

    private record Limit(Rule rule, TokenBucket bucket, AtomicLong admitted, AtomicLong refused) {
        static Limit of(Rule rule) {
            return new Limit(
                    rule,
                    new TokenBucket(rule.perSecond(), rule.burst(), System::nanoTime),
                    new AtomicLong(),
                    new AtomicLong());
        }

        Counts counts() {
            return new Counts(admitted.get(), refused.get());
        }
    }

    /**
     * Limits the upserts whose body contains {@code tag} on an in-process stand-in (a stub at priority 1).
     *
     * @return the stub: remove it with {@code odp.removeStub(stub)}; {@link #counts(StubMapping)} reads its counts
     */
    public static StubMapping limit(WireMockServer odp, String tag, Rule rule) {
        var answer = aResponse()
                .withTransformers(NAME)
                .withTransformerParameter("perSecond", rule.perSecond())
                .withTransformerParameter("burst", rule.burst())
                .withTransformerParameter("delayMillis", rule.delayMillis());
        if (rule.retryAfterSeconds() != null) {
            answer.withTransformerParameter("retryAfter", rule.retryAfterSeconds());
        }
        return odp.stubFor(post(urlPathMatching("/v3/objects/.*"))
                .atPriority(1)
                .withRequestBody(containing(tag))
                .willReturn(answer));
    }

    /** @return what the stub of {@link #limit} admitted and refused so far */
    public static Counts counts(StubMapping stub) {
        Limit limit = STUBS.get(stub.getId());
        return limit == null ? new Counts(0, 0) : limit.counts();
    }

    @Override
    public ResponseDefinition transform(ServeEvent serveEvent) {
        Parameters parameters = serveEvent.getTransformerParameters();
        boolean stub = parameters != null && parameters.containsKey("perSecond");
        Limit limit = stub
                ? STUBS.computeIfAbsent(serveEvent.getStubMapping().getId(), id -> Limit.of(rule(parameters)))
                : upsert(serveEvent.getRequest()) ? global : null;
        if (limit == null) {
            return serveEvent.getResponseDefinition();
        }
        if (limit.bucket().tryTake()) {
            limit.admitted().incrementAndGet();
            return stub ? accepted(limit.rule()) : serveEvent.getResponseDefinition();
        }
        limit.refused().incrementAndGet();
        return tooManyRequests(limit.rule());
    }

    private static boolean upsert(Request request) {
        return RequestMethod.POST.equals(request.getMethod())
                && request.getUrl().startsWith("/v3/objects/");
    }

    private static Rule rule(Parameters p) {
        Object retryAfter = p.get("retryAfter");
        return new Rule(
                Double.parseDouble(String.valueOf(p.get("perSecond"))),
                p.containsKey("burst")
                        ? Integer.parseInt(String.valueOf(p.get("burst")))
                        : TokenBucket.defaultBurst(Double.parseDouble(String.valueOf(p.get("perSecond")))),
                p.containsKey("delayMillis") ? Integer.parseInt(String.valueOf(p.get("delayMillis"))) : 0,
                retryAfter == null ? null : Integer.valueOf(String.valueOf(retryAfter)));
    }

    private static ResponseDefinition accepted(Rule rule) {
        return new ResponseDefinitionBuilder()
                .withStatus(202)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"title\":\"Accepted\",\"status\":202,\"timestamp\":\"" + Instant.now() + "\"}")
                .withFixedDelay(rule.delayMillis())
                .build();
    }

    private static ResponseDefinition tooManyRequests(Rule rule) {
        ResponseDefinitionBuilder answer = new ResponseDefinitionBuilder()
                .withStatus(429)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"title\":\"Too Many Requests\",\"status\":429,\"timestamp\":\"" + Instant.now()
                        + "\",\"message\":\"rate limit exceeded\"}")
                .withFixedDelay(rule.delayMillis());
        if (rule.retryAfterSeconds() != null) {
            answer.withHeader("Retry-After", rule.retryAfterSeconds().toString());
        }
        return answer.build();
    }

    @Override
    public void contributeAdminApiRoutes(Router router) {
        router.add(RequestMethod.GET, "/bench/rate-limit", (admin, event, params) -> json(describe(global)));
        router.add(RequestMethod.POST, "/bench/rate-limit", (admin, event, params) -> {
            Request request = event.getRequest();
            double perSecond = Double.parseDouble(query(request, "perSecond", "0"));
            if (perSecond <= 0) {
                global = null;
            } else {
                String retryAfter = query(request, "retryAfter", null);
                global = Limit.of(new Rule(
                        perSecond,
                        Integer.parseInt(
                                query(request, "burst", Integer.toString(TokenBucket.defaultBurst(perSecond)))),
                        0,
                        retryAfter == null ? null : Integer.valueOf(retryAfter)));
            }
            return json(describe(global));
        });
    }

    private static String query(Request request, String name, String otherwise) {
        QueryParameter parameter = request.queryParameter(name);
        return parameter != null && parameter.isPresent() ? parameter.firstValue() : otherwise;
    }

    private static String describe(Limit limit) {
        return limit == null
                ? "{\"perSecond\":0,\"burst\":0,\"admitted\":0,\"refused\":0}"
                : "{\"perSecond\":" + limit.rule().perSecond() + ",\"burst\":"
                        + limit.rule().burst() + ",\"admitted\":"
                        + limit.admitted().get() + ",\"refused\":"
                        + limit.refused().get() + "}";
    }

    private static ResponseDefinition json(String body) {
        return new ResponseDefinitionBuilder()
                .withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody(body)
                .build();
    }

    @Override
    public boolean applyGlobally() {
        return true;
    }

    @Override
    public String getName() {
        return NAME;
    }
}
