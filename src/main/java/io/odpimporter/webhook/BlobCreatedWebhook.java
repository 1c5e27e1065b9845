package io.odpimporter.webhook;

import com.azure.storage.blob.BlobContainerClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.odpimporter.config.ImporterConfig;
import io.odpimporter.discovery.FileAnnouncer;
import io.odpimporter.discovery.StartAfter;
import io.odpimporter.domain.BlobVersion;
import io.odpimporter.domain.FileDiscovered;
import io.odpimporter.domain.RunEvent;
import io.odpimporter.domain.Trigger;
import io.odpimporter.logging.RunMdc;
import io.odpimporter.runs.RunIds;
import io.odpimporter.runs.RunRegistry;
import io.odpimporter.state.Ledger;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Turns Azure Event Grid deliveries to the webhook into file-discovered events: the validation handshake, the
 * shared-secret check, the choice of events ({@link BlobEventFilter}), deduplication against the ledger, and an
 * answer that makes Event Grid do the right thing: {@code 200} only once the file events are acknowledged by
 * Kafka ({@code acks=all}), {@code 503} if that takes longer than {@code importer.webhook.write-timeout} (Event
 * Grid retries; a late write is a duplicate the ledger drops), {@code 400} for a body that is not a delivery
 * (Event Grid drops it), {@code 401} without a valid secret. Imports are grouped into one {@code EVENT_GRID} run
 * per {@code importer.webhook.run-window}.
 * Sources: <a href="https://learn.microsoft.com/azure/event-grid/webhook-event-delivery">webhook delivery and
 * validation</a>, <a href="https://learn.microsoft.com/azure/event-grid/delivery-and-retry">delivery and retry</a>.
 */
@ApplicationScoped
public class BlobCreatedWebhook {

    private static final Logger LOG = Logger.getLogger(BlobCreatedWebhook.class);

    private final ImporterConfig config;
    private final ObjectMapper mapper;
    private final Ledger ledger;
    private final RunRegistry runs;
    private final MeterRegistry metrics;
    private final FileAnnouncer announcer;
    private final BlobEventFilter filter;
    private final String account;
    private final StartAfter startAfter;

    public BlobCreatedWebhook(
            ImporterConfig config,
            ObjectMapper mapper,
            Ledger ledger,
            RunRegistry runs,
            MeterRegistry metrics,
            BlobContainerClient container,
            FileAnnouncer announcer,
            StartAfter startAfter) {
        this.announcer = announcer;
        this.startAfter = startAfter;
        this.config = config;
        this.mapper = mapper;
        this.ledger = ledger;
        this.runs = runs;
        this.metrics = metrics;
        this.account = container.getAccountName();
        this.filter = new BlobEventFilter(
                account,
                config.azure().container(),
                config.azure().prefix().orElse(""),
                List.of(
                        config.afterImport().processedPrefix(),
                        config.afterImport().failedPrefix()));
    }

    /** An HTTP answer: status and JSON body. */
    public record Answer(int status, Map<String, Object> body) {}

    /**
     * @return whether {@code presented} is one of the configured secrets (constant-time comparison; none
     *         configured: never)
     */
    public boolean authentic(String presented) {
        if (presented == null || presented.isEmpty()) {
            return false;
        }
        boolean match = false;
        byte[] given = presented.getBytes(StandardCharsets.UTF_8);
        for (String secret : config.webhook().secrets().orElse(List.of())) {
            // no early exit: every configured secret is compared
            match |= !secret.isEmpty() && MessageDigest.isEqual(secret.getBytes(StandardCharsets.UTF_8), given);
        }
        return match;
    }

    /**
     * Handles one authenticated delivery.
     *
     * @param eventTypeHeader the {@code aeg-event-type} header, or null
     * @param body            the request body: an array of events (either schema) or one CloudEvent
     */
    public Answer deliver(String eventTypeHeader, String body) {
        // one budget for the whole delivery: reading the ledger and waiting for Kafka's acknowledgements
        long deadline = System.nanoTime() + config.webhook().writeTimeout().toNanos();
        if ("SubscriptionDeletion".equalsIgnoreCase(eventTypeHeader)) {
            LOG.warnf("Event Grid deleted the subscription delivering to this webhook: %s", abbreviate(body));
            return new Answer(200, Map.of());
        }
        JsonNode root;
        try {
            root = mapper.readTree(body);
        } catch (Exception e) {
            return bad("the body is not JSON", 1);
        }
        List<JsonNode> nodes = new ArrayList<>();
        if (root != null && root.isArray()) {
            root.forEach(nodes::add);
        } else if (root != null && root.isObject()) {
            nodes.add(root);
        } else {
            return bad("the body is neither an array of events nor an event", 1);
        }
        if (nodes.isEmpty()) {
            return bad("the delivery holds no event", 1);
        }
        List<BlobCreated> events = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            BlobCreated event = BlobCreated.of(nodes.get(i));
            if (event == null) {
                return bad("element " + i + " is not an Event Grid event or a CloudEvent", nodes.size());
            }
            events.add(event);
        }
        for (BlobCreated event : events) {
            if (BlobCreated.SUBSCRIPTION_VALIDATION.equals(event.type())) {
                String code = event.data("validationCode");
                if (code == null) {
                    return bad("a SubscriptionValidationEvent without data.validationCode", nodes.size());
                }
                LOG.infof("Event Grid subscription validated (event %s)", event.id());
                return new Answer(200, Map.of("validationResponse", code));
            }
        }
        // every event counts once in the answer and the metric: imported (the first event of a new version),
        // duplicate (a version already in the ledger, or one this delivery named before) or ignored
        Map<BlobVersion, BlobEventFilter.Accepted> versions = new LinkedHashMap<>();
        int ignored = 0;
        int accepted = 0;
        Instant after;
        try {
            after = startAfter.instant().orElse(null);
        } catch (RuntimeException e) {
            LOG.warnf("importer.sweep.start-after is not known yet (%s); answering 503", e.getMessage());
            return new Answer(503, Map.of("error", "Kafka is not available; retry"));
        }
        for (BlobCreated event : events) {
            BlobEventFilter.Verdict verdict = filter.judge(event);
            if (verdict.accepted() == null) {
                ignored++;
                LOG.debugf("Event %s ignored: %s", event.id(), verdict.ignored());
                continue;
            }
            if (StartAfter.leavesAlone(verdict.accepted().eventTime(), after)) {
                // docs/operations.md, "Start from now": older blobs are left alone silently, as the sweep does
                ignored++;
                LOG.debugf("Event %s ignored: the blob is older than importer.sweep.start-after", event.id());
                continue;
            }
            accepted++;
            BlobEventFilter.Accepted version = verdict.accepted();
            versions.putIfAbsent(
                    new BlobVersion(config.azure().container(), version.blobName(), version.etag()), version);
        }
        if (!versions.isEmpty()) {
            try {
                // read what every replica wrote so far: a delivery repeated a moment later finds its version
                ledger.awaitCaughtUp(Duration.ofNanos(
                        Math.min(Duration.ofSeconds(2).toNanos(), Math.max(0, deadline - System.nanoTime()))));
            } catch (RuntimeException e) {
                // Kafka slow or down: publishing below will tell; a duplicate file event is dropped by the importer
                LOG.debugf("Ledger view not caught up: %s", e.getMessage());
            }
        }
        List<BlobEventFilter.Accepted> fresh = new ArrayList<>();
        for (Map.Entry<BlobVersion, BlobEventFilter.Accepted> v : versions.entrySet()) {
            // IN_PROGRESS or done: the sweep or an earlier delivery has it
            if (ledger.get(v.getKey()).isEmpty()) {
                fresh.add(v.getValue());
            }
        }
        int duplicates = accepted - fresh.size();
        if (fresh.isEmpty()) {
            countEvents(0, duplicates, ignored);
            return new Answer(200, Map.of("imported", 0, "duplicates", duplicates, "ignored", ignored));
        }
        Instant now = Instant.now();
        String runId = windowRun(now);
        // on a worker of its own: a producer without the topics' metadata may block in send() (max.block.ms)
        CompletableFuture<Integer> written =
                CompletableFuture.supplyAsync(() -> publish(runId, fresh, now), Infrastructure.getDefaultWorkerPool());
        int skipped;
        try {
            skipped = written.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            LOG.warnf(
                    "Kafka did not acknowledge %d file event(s) within %s: answering 503, Event Grid retries",
                    fresh.size(), config.webhook().writeTimeout());
            return new Answer(503, Map.of("error", "Kafka did not acknowledge the file events in time; retry"));
        } catch (Exception e) {
            LOG.warnf(
                    "Could not write %d file event(s): %s; answering 503, Event Grid retries",
                    fresh.size(),
                    e.getCause() == null ? e.toString() : e.getCause().toString());
            return new Answer(503, Map.of("error", "Kafka is not available; retry"));
        }
        int imported = fresh.size() - skipped;
        countEvents(imported, duplicates, ignored);
        count(WebhookOutcome.SKIPPED, skipped);
        try (RunMdc ignoredMdc = RunMdc.of(runId)) {
            LOG.infof(
                    "Event Grid: %d new blob version(s) published to run %s (%d duplicate, %d ignored%s)",
                    imported, runId, duplicates, ignored, skipped == 0 ? "" : ", " + skipped + " no rule matches");
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("imported", imported);
        answer.put("duplicates", duplicates);
        answer.put("ignored", ignored);
        if (skipped > 0) {
            // only with rules configured: an empty configuration answers as before
            answer.put("skipped", skipped);
        }
        answer.put("runId", runId);
        return new Answer(200, answer);
    }

    /**
     * Publishes the window run's start (idempotent), per version its run event and file event, and once those are
     * acknowledged the versions' IN_PROGRESS ledger states ({@link FileAnnouncer#announceAll}); returns when all are
     * acknowledged.
     *
     * @return how many versions no rule matched (recorded SKIPPED in the run, not published)
     */
    private Integer publish(String runId, List<BlobEventFilter.Accepted> fresh, Instant now) {
        CompletableFuture<?> started = runs.publish(new RunEvent.Started(
                runId,
                windowStart(now),
                Trigger.EVENT_GRID,
                null,
                false,
                config.azure().prefix().orElse(""),
                "event-grid",
                null));
        List<FileDiscovered> events = new ArrayList<>();
        for (BlobEventFilter.Accepted version : fresh) {
            events.add(new FileDiscovered(
                    FileDiscovered.SCHEMA_VERSION,
                    account,
                    // the event's time as the version's Last-Modified: sub-second, unlike the HTTP header
                    config.azure().container(),
                    version.blobName(),
                    version.etag(),
                    version.eventTime(),
                    version.contentLength(),
                    Trigger.EVENT_GRID.source(),
                    runId,
                    now,
                    false));
        }
        return announcer.announceAll(events, started, Trigger.EVENT_GRID);
    }

    /** @return the EVENT_GRID run of the window holding {@code at} */
    String windowRun(Instant at) {
        return RunIds.eventGridWindow(windowStart(at));
    }

    private Instant windowStart(Instant at) {
        long window = Math.max(1, config.webhook().runWindow().toMillis());
        return Instant.ofEpochMilli(at.toEpochMilli() / window * window);
    }

    /**
     * Counts the events of a delivery answered 200, each once, as its answer counts them. A delivery answered 503
     * is not counted: Event Grid delivers the same events again.
     */
    private void countEvents(int imported, int duplicates, int ignored) {
        count(WebhookOutcome.IMPORTED, imported);
        count(WebhookOutcome.DUPLICATE, duplicates);
        count(WebhookOutcome.IGNORED, ignored);
    }

    private void count(WebhookOutcome outcome, int events) {
        if (events > 0) {
            metrics.counter("odp.importer.webhook.events", "outcome", outcome.tag())
                    .increment(events);
        }
    }

    /**
     * A delivery refused with 400: its events are counted {@code invalid}, each element of an array body, one for
     * a body that is not an array of events (not JSON, one object that is no event, an empty array).
     */
    private Answer bad(String reason, int events) {
        count(WebhookOutcome.INVALID, Math.max(1, events));
        LOG.warnf("Webhook delivery refused (400): %s", reason);
        return new Answer(400, Map.of("error", reason));
    }

    private static String abbreviate(String text) {
        return text == null ? "" : text.length() > 500 ? text.substring(0, 500) + "..." : text;
    }
}
