package io.odpimporter.webhook;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.odpimporter.config.ImporterConfig;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.spi.runtime.AuthenticationFailureEvent;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.StreamResetException;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The webhook's HTTP side, on the path {@code importer.webhook.path} (default {@code /events/blob-created}):
 * {@code OPTIONS} answers the CloudEvents abuse-protection handshake (echoing {@code WebHook-Request-Origin} in
 * {@code WebHook-Allowed-Origin}); {@code POST} authenticates the delivery and hands it to
 * {@link BlobCreatedWebhook}. A delivery is authentic with one of the shared secrets (query parameter or header), or
 * with a Microsoft Entra ID bearer token (if {@code importer.webhook.entra.enabled}) that quarkus-oidc verified
 * before this handler runs (a token it refuses is answered 401 by quarkus-oidc itself and logged here) and that
 * carries the role {@value #EVENT_GRID_ROLE}. Refused: 401 with a JSON {@code error}, no effect. The secret never
 * reaches a log: the access log is configured without query strings, a body too large or cut short is logged here
 * without the URI ({@link #bodyFailed}), and every handler redacts secrets anyway
 * ({@link io.odpimporter.logging.RedactingFilter}). Sources:
 * <a href="https://learn.microsoft.com/azure/event-grid/end-point-validation-cloud-events-schema">CloudEvents
 * endpoint validation</a>, <a href="https://learn.microsoft.com/azure/event-grid/secure-webhook-delivery">secure
 * webhook delivery</a>.
 */
@ApplicationScoped
public class WebhookRoute {

    private static final Logger LOG = Logger.getLogger(WebhookRoute.class);
    /** Largest delivery accepted: Event Grid batches are at most 1 MB. */
    static final long MAX_BODY_BYTES = 2L * 1024 * 1024;
    /** A compact JWS/JWT (base64url header, payload and perhaps signature), to be cut out of messages. */
    private static final Pattern JWT = Pattern.compile("eyJ[A-Za-z0-9_-]*(\\.[A-Za-z0-9_-]*){1,2}");
    /** Marks a request whose failure is logged: a client refused with 413 that then hangs up is logged once. */
    private static final String FAILURE_LOGGED = WebhookRoute.class.getName() + ".failureLogged";
    /** The app role Event Grid's tokens carry for a secure webhook delivery. */
    public static final String EVENT_GRID_ROLE = "AzureEventGridSecureWebhookSubscriber";

    private final ImporterConfig config;
    private final BlobCreatedWebhook webhook;
    private final ObjectMapper mapper;
    private final MeterRegistry metrics;

    public WebhookRoute(ImporterConfig config, BlobCreatedWebhook webhook, ObjectMapper mapper, MeterRegistry metrics) {
        this.config = config;
        this.webhook = webhook;
        this.mapper = mapper;
        this.metrics = metrics;
    }

    void register(@Observes Router router) {
        String path = config.webhook().path();
        checkEntra(config.webhook().entra());
        boolean secrets = !config.webhook().secrets().orElse(List.of()).isEmpty();
        if (config.webhook().entra().enabled()) {
            LOG.infof(
                    "Event Grid webhook at %s accepts Entra ID tokens of tenant %s for audience(s) %s%s",
                    path,
                    config.webhook().entra().tenantId().orElseThrow(),
                    String.join(", ", config.webhook().entra().audiences().orElseThrow()),
                    secrets ? ", and the shared secret(s)" : "");
        } else if (!secrets) {
            LOG.warnf(
                    "No importer.webhook.secrets configured and importer.webhook.entra.enabled=false: the Event "
                            + "Grid webhook at %s refuses every delivery (401)",
                    path);
        }
        router.route(HttpMethod.OPTIONS, path).handler(this::handshake);
        router.route(HttpMethod.POST, path)
                .handler(BodyHandler.create().setBodyLimit(MAX_BODY_BYTES))
                .blockingHandler(this::deliver, false)
                .failureHandler(this::bodyFailed);
    }

    private void handshake(RoutingContext ctx) {
        String origin = ctx.request().getHeader("WebHook-Request-Origin");
        ctx.response().putHeader("Allow", "POST, OPTIONS");
        if (origin != null) {
            ctx.response().putHeader("WebHook-Allowed-Origin", origin).putHeader("WebHook-Allowed-Rate", "*");
        }
        ctx.response().setStatusCode(200).end();
    }

    /**
     * Checks the Entra ID keys that application.properties hands to quarkus-oidc.
     *
     * @throws IllegalArgumentException if Entra ID is enabled without a tenant id or an audience
     */
    static void checkEntra(ImporterConfig.Entra entra) {
        if (!entra.enabled()) {
            return;
        }
        if (entra.tenantId().isEmpty()) {
            throw new IllegalArgumentException("importer.webhook.entra.enabled is true but importer.webhook.entra"
                    + ".tenant-id is not set (the subscription's azureActiveDirectoryTenantId)");
        }
        if (entra.audiences().map(List::isEmpty).orElse(true)) {
            throw new IllegalArgumentException("importer.webhook.entra.enabled is true but importer.webhook.entra"
                    + ".audiences is not set (the webhook app's application id and/or App ID URI)");
        }
    }

    /**
     * A delivery is authentic with one of the shared secrets, or with an identity quarkus-oidc verified from an
     * Entra ID token that carries {@value #EVENT_GRID_ROLE}. Other credentials (an operator's Basic login) are not a
     * webhook credential.
     *
     * @return why the delivery is refused, or null if it is authentic
     */
    private Refusal refusal(RoutingContext ctx) {
        String presented = ctx.request().getParam(config.webhook().secretParameter());
        if (presented == null) {
            presented = ctx.request().getHeader(config.webhook().secretHeader());
        }
        if (webhook.authentic(presented)) {
            return null;
        }
        SecurityIdentity identity = ctx.user() instanceof QuarkusHttpUser user ? user.getSecurityIdentity() : null;
        if (identity != null && !identity.isAnonymous()) {
            // quarkus-oidc verified a token (signature, issuer, audience, expiry, Event Grid's app id), or another
            // mechanism authenticated someone: only Event Grid's role counts here
            return identity.hasRole(EVENT_GRID_ROLE)
                    ? null
                    : new Refusal(
                            Refusal.Reason.ROLE,
                            "the credentials of " + identity.getPrincipal().getName()
                                    + " lack the role " + EVENT_GRID_ROLE
                                    + (presented == null ? "" : ", and the webhook secret is wrong"));
        }
        String authorization = ctx.request().getHeader("Authorization");
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            // quarkus-oidc found no tenant for the token: another issuer, or a client app other than Event Grid
            return new Refusal(
                    Refusal.Reason.TOKEN,
                    config.webhook().entra().enabled()
                            ? "a bearer token that no Entra ID tenant accepts (its issuer is not tenant "
                                    + config.webhook().entra().tenantId().orElse("?")
                                    + "'s v1 or v2 issuer, or its client app "
                                    + "(appid/azp) is not Event Grid "
                                    + config.webhook().entra().eventGridAppId() + ", or the "
                                    + "tenant's OpenID metadata could not be read from "
                                    + config.webhook().entra().authority()
                                    + ": see the OIDC warnings)"
                            : "a bearer token, but Entra ID tokens are not accepted (importer.webhook.entra.enabled=false)");
        }
        return new Refusal(
                Refusal.Reason.SECRET,
                presented == null ? "no webhook secret and no Entra ID token" : "a wrong webhook secret");
    }

    /**
     * Why a delivery is refused: {@code reason} is the {@code reason} tag of {@code odp.importer.webhook.refused}
     * (never read from the message's text), {@code message} what the answer and the log say.
     */
    record Refusal(Reason reason, String message) {

        /** The {@code reason} tag's values. */
        enum Reason {
            /** No secret, or a wrong one. */
            SECRET,
            /** A bearer token no Entra ID tenant accepts (or Entra ID tokens are off). */
            TOKEN,
            /** Verified credentials without Event Grid's role. */
            ROLE;

            /** @return the tag's value, e.g. {@code role} */
            String tag() {
                return name().toLowerCase(Locale.ROOT);
            }
        }
    }

    /**
     * Logs credentials Quarkus refused (it answers 401 itself): a bearer token with the reason and never the token
     * (counted as a webhook refusal when it came to the webhook), or an HTTP Basic sign-in with the user name and
     * never the password.
     */
    void credentialsRefused(@Observes AuthenticationFailureEvent event) {
        RoutingContext ctx = event.getEventProperties().values().stream()
                .filter(RoutingContext.class::isInstance)
                .map(RoutingContext.class::cast)
                .findFirst()
                .orElse(null);
        String path = ctx == null ? "?" : ctx.normalizedPath();
        Object from = ctx == null ? "?" : ctx.request().remoteAddress();
        String authorization = ctx == null ? null : ctx.request().getHeader("Authorization");
        if (authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            LOG.warnf(
                    "Sign-in refused (401) for %s from %s: wrong user name or password for user %s",
                    path, from, basicUser(authorization.substring(6).trim()));
            return;
        }
        if (path.equals(config.webhook().path())) {
            metrics.counter("odp.importer.webhook.refused", "reason", Refusal.Reason.TOKEN.tag())
                    .increment();
        }
        LOG.warnf(
                "Bearer token refused (401) for %s from %s: %s", path, from, reason(event.getAuthenticationFailure()));
    }

    /** @return the user name of HTTP Basic credentials (never the password), or "?" if they cannot be read */
    static String basicUser(String credentials) {
        try {
            String decoded = new String(Base64.getDecoder().decode(credentials), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            return colon < 0 ? "?" : '"' + decoded.substring(0, Math.min(colon, 100)) + '"';
        } catch (IllegalArgumentException e) {
            return "?";
        }
    }

    /** The innermost message of a token failure, without the token's claims (jose4j quotes them). */
    static String reason(Throwable failure) {
        Throwable t = failure;
        String message = null;
        while (t != null) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                message = t.getClass().getSimpleName() + ": " + t.getMessage();
            }
            t = t.getCause() == t ? null : t.getCause();
        }
        if (message == null) {
            return failure.getClass().getSimpleName();
        }
        int details = message.indexOf("Additional details:");
        if (details >= 0) {
            message =
                    message.substring(details + "Additional details:".length()).trim();
        }
        // jose4j quotes the token itself in some messages (e.g. "Invalid JWS Signature")
        message = JWT.matcher(message).replaceAll("<token>");
        return message.length() > 500 ? message.substring(0, 500) + "..." : message;
    }

    /**
     * A body over {@link #MAX_BODY_BYTES} (413), or a client that hangs up before its body is complete: one WARN line
     * per request, without the query string (it may hold the secret), and nothing for Quarkus's error handler, which
     * would log the whole URI at ERROR. A refused upload still being sent is cut off (the connection is closed
     * after the 413). Other failures go on to Quarkus's error handler.
     */
    void bodyFailed(RoutingContext ctx) {
        boolean tooLarge = ctx.statusCode() == 413;
        if (!tooLarge && !clientGone(ctx.failure())) {
            ctx.next();
            return;
        }
        if (ctx.get(FAILURE_LOGGED) == null) {
            ctx.put(FAILURE_LOGGED, Boolean.TRUE);
            if (tooLarge) {
                LOG.warnf(
                        "Webhook delivery refused (413): its body is over %d bytes, from %s",
                        MAX_BODY_BYTES, ctx.request().remoteAddress());
            } else {
                LOG.warnf(
                        "Webhook delivery abandoned by the client at %s before its body was complete (%s)",
                        ctx.request().remoteAddress(), ctx.failure().getClass().getSimpleName());
            }
        }
        HttpServerResponse response = ctx.response();
        if (!tooLarge || response.ended() || response.closed()) {
            return;
        }
        boolean unread = !ctx.request().isEnded() && ctx.request().version() != HttpVersion.HTTP_2;
        response.setStatusCode(413)
                .putHeader("Content-Type", "application/json")
                .end("{\"error\":\"the body is over " + MAX_BODY_BYTES + " bytes\"}")
                .onComplete(sent -> {
                    if (unread) {
                        ctx.request().connection().close();
                    }
                });
    }

    /** @return whether {@code failure} says the client closed or reset the connection */
    static boolean clientGone(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof HttpClosedException || t instanceof StreamResetException || t instanceof IOException) {
                return true;
            }
        }
        return false;
    }

    private void deliver(RoutingContext ctx) {
        BlobCreatedWebhook.Answer answer;
        Refusal refusal = refusal(ctx);
        if (refusal != null) {
            LOG.warnf(
                    "Webhook delivery refused (401): %s, from %s",
                    refusal.message(), ctx.request().remoteAddress());
            metrics.counter(
                            "odp.importer.webhook.refused",
                            "reason",
                            refusal.reason().tag())
                    .increment();
            answer = new BlobCreatedWebhook.Answer(401, Map.of("error", refusal.message()));
        } else {
            answer = webhook.deliver(
                    ctx.request().getHeader("aeg-event-type"),
                    ctx.body() == null ? null : ctx.body().asString());
        }
        String json;
        try {
            json = mapper.writeValueAsString(answer.body());
        } catch (Exception e) {
            json = "{}";
        }
        if (answer.status() == 503) {
            ctx.response().putHeader("Retry-After", "10");
        }
        // a plain body with its Content-Length (Event Grid's validation handshake wants no chunked answer)
        ctx.response()
                .setStatusCode(answer.status())
                .putHeader("Content-Type", "application/json")
                .end(json);
    }
}
