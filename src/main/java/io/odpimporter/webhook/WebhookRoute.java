package io.odpimporter.webhook;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.odpimporter.config.ImporterConfig;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.util.Map;

/**
 * The webhook's HTTP side, on the path {@code importer.webhook.path} (default {@code /events/blob-created}):
 * {@code OPTIONS} answers the CloudEvents abuse-protection handshake (echoing {@code WebHook-Request-Origin} in
 * {@code WebHook-Allowed-Origin}); {@code POST} checks the shared secret (query parameter or header) and hands the
 * delivery to {@link BlobCreatedWebhook}. The secret never reaches a log: the access log is configured without
 * query strings. Source: <a href="https://learn.microsoft.com/azure/event-grid/end-point-validation-cloud-events-schema">
 * CloudEvents endpoint validation</a>.
 */
@ApplicationScoped
public class WebhookRoute {

    private static final Logger LOG = Logger.getLogger(WebhookRoute.class);
    /** Largest delivery accepted: Event Grid batches are at most 1 MB. */
    static final long MAX_BODY_BYTES = 2L * 1024 * 1024;

    private final ImporterConfig config;
    private final BlobCreatedWebhook webhook;
    private final ObjectMapper mapper;

    public WebhookRoute(ImporterConfig config, BlobCreatedWebhook webhook, ObjectMapper mapper) {
        this.config = config;
        this.webhook = webhook;
        this.mapper = mapper;
    }

    void register(@Observes Router router) {
        String path = config.webhook().path();
        if (config.webhook().secrets().orElse(java.util.List.of()).isEmpty()) {
            LOG.warnf("No importer.webhook.secrets configured: the Event Grid webhook at %s refuses every delivery "
                    + "(401)", path);
        }
        router.route(HttpMethod.OPTIONS, path).handler(this::handshake);
        router.route(HttpMethod.POST, path).handler(BodyHandler.create().setBodyLimit(MAX_BODY_BYTES))
                .blockingHandler(this::deliver, false);
    }

    private void handshake(RoutingContext ctx) {
        String origin = ctx.request().getHeader("WebHook-Request-Origin");
        ctx.response().putHeader("Allow", "POST, OPTIONS");
        if (origin != null) {
            ctx.response().putHeader("WebHook-Allowed-Origin", origin).putHeader("WebHook-Allowed-Rate", "*");
        }
        ctx.response().setStatusCode(200).end();
    }

    private void deliver(RoutingContext ctx) {
        String presented = ctx.request().getParam(config.webhook().secretParameter());
        if (presented == null) {
            presented = ctx.request().getHeader(config.webhook().secretHeader());
        }
        BlobCreatedWebhook.Answer answer;
        if (!webhook.authentic(presented)) {
            LOG.warnf("Webhook delivery refused (401): %s secret from %s", presented == null ? "no" : "a wrong",
                    ctx.request().remoteAddress());
            answer = new BlobCreatedWebhook.Answer(401, Map.of("error", "missing or wrong webhook secret"));
        } else {
            answer = webhook.deliver(ctx.request().getHeader("aeg-event-type"),
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
        ctx.response().setStatusCode(answer.status()).putHeader("Content-Type", "application/json").end(json);
    }
}
