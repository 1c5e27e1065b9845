package io.odpimporter.activity;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.odpimporter.config.ImporterConfig;
import io.odpimporter.domain.ActivityEntry;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Sends activity entries at or above {@code importer.activity.notify-level} to {@code importer.activity.notify-url}
 * as JSON ({@code POST}, body = the entry, {@code Content-Type: application/json}), e.g. a Slack or Teams workflow
 * or an incident tool's webhook. A 2xx answer is delivery; anything else is retried with exponential backoff for up
 * to {@code importer.activity.notify-give-up-after}, then logged as lost. Sending runs on its own (the JDK HTTP
 * client, asynchronously): it never blocks or slows the pipeline.
 */
@ApplicationScoped
public class ActivityNotifier {

    private static final Logger LOG = Logger.getLogger(ActivityNotifier.class);

    private final ImporterConfig config;
    private final ObjectMapper mapper;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public ActivityNotifier(ImporterConfig config, ObjectMapper mapper) {
        this.config = config;
        this.mapper = mapper;
    }

    /** Sends {@code entry} in the background if a URL is configured and its level is high enough. */
    void notify(ActivityEntry entry) {
        ImporterConfig.Activity activity = config.activity();
        if (activity.notifyUrl().isEmpty() || entry.level().compareTo(activity.notifyLevel()) < 0) {
            return;
        }
        String body;
        try {
            body = mapper.writeValueAsString(entry);
        } catch (Exception e) {
            LOG.warnf("Activity entry %s not sent: %s", entry.id(), e.toString());
            return;
        }
        HttpRequest request = HttpRequest.newBuilder(
                        URI.create(activity.notifyUrl().get()))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        Uni.createFrom()
                .completionStage(() -> http.sendAsync(request, HttpResponse.BodyHandlers.discarding()))
                .map(response -> {
                    if (response.statusCode() / 100 != 2) {
                        throw new IllegalStateException("HTTP " + response.statusCode());
                    }
                    return response;
                })
                .onFailure()
                .invoke(e -> LOG.debugf("Activity notification %s failed, retrying: %s", entry.id(), e.toString()))
                .onFailure()
                .retry()
                .withBackOff(activity.notifyInitialBackoff(), Duration.ofMinutes(5))
                .withJitter(0.2)
                .expireIn(activity.notifyGiveUpAfter().toMillis())
                .subscribe()
                .with(
                        ok -> LOG.debugf("Activity notification %s sent", entry.id()),
                        e -> LOG.warnf(
                                "Activity notification %s (%s: %s) not delivered to the notification URL "
                                        + "within %s: %s",
                                entry.id(), entry.level(), entry.title(), activity.notifyGiveUpAfter(), e.toString()));
    }
}
