package io.odpimporter.activity;

import io.odpimporter.config.ImporterConfig;
import io.odpimporter.domain.ActivityEntry;
import io.odpimporter.kafka.Channels;
import io.odpimporter.kafka.KafkaWriter;
import io.odpimporter.kafka.Payloads;
import io.odpimporter.kafka.TopicView;
import jakarta.inject.Singleton;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The activity log: entries are written to the activity topic (shared by replicas, {@code delete} with the topics'
 * retention) and every replica reads the topic whole into the newest {@code importer.activity.keep} entries, listed
 * by {@code GET /activity}. An entry written twice under one id (two replicas, a retry) is listed once. Writing
 * never blocks or fails the pipeline: a failed write is logged. Entries at or above
 * {@code importer.activity.notify-level} also go to the outbound webhook ({@link ActivityNotifier}).
 */
@Singleton
public class ActivityLog extends TopicView {

    private static final Logger LOG = Logger.getLogger(ActivityLog.class);

    private final ImporterConfig config;
    private final KafkaWriter writer;
    private final Payloads payloads;
    private final ActivityNotifier notifier;
    private final LinkedHashMap<String, ActivityEntry> entries = new LinkedHashMap<>();

    public ActivityLog(
            Admin admin, ImporterConfig config, KafkaWriter writer, Payloads payloads, ActivityNotifier notifier) {
        super(admin, config.topics().activity());
        this.config = config;
        this.writer = writer;
        this.payloads = payloads;
        this.notifier = notifier;
    }

    /**
     * Writes an entry (and notifies, if its level is high enough). Never throws.
     *
     * @return completes when Kafka acknowledged it (or failed: logged, never exceptionally)
     */
    public CompletableFuture<Void> record(ActivityEntry entry) {
        notifier.notify(entry);
        CompletableFuture<Void> done = new CompletableFuture<>();
        try {
            writer.send(config.topics().activity(), entry.id(), entry).whenComplete((md, e) -> {
                if (e != null) {
                    LOG.warnf("Could not write activity entry %s (%s): %s", entry.id(), entry.title(), e.toString());
                }
                done.complete(null);
            });
        } catch (RuntimeException e) {
            LOG.warnf("Could not write activity entry %s (%s): %s", entry.id(), entry.title(), e.toString());
            done.complete(null);
        }
        return done;
    }

    @Incoming(Channels.ACTIVITY_VIEW)
    void onRecord(ConsumerRecord<String, String> record) {
        try {
            if (record.value() != null) {
                ActivityEntry entry = payloads.read(record.value(), ActivityEntry.class, ActivityEntry.SCHEMA_VERSION);
                synchronized (entries) {
                    entries.putIfAbsent(entry.id(), entry);
                    while (entries.size() > config.activity().keep()) {
                        entries.remove(entries.keySet().iterator().next());
                    }
                }
            }
        } catch (Payloads.UnreadablePayloadException e) {
            LOG.warnf("Ignoring unreadable activity entry %s: %s", record.key(), e.getMessage());
        } finally {
            applied(record);
        }
    }

    /**
     * @param levels only these levels (empty: all)
     * @param limit  at most this many
     * @return entries, newest first
     */
    public List<ActivityEntry> list(Set<ActivityEntry.Level> levels, int limit) {
        List<ActivityEntry> copy;
        synchronized (entries) {
            copy = new ArrayList<>(entries.values());
        }
        return copy.stream()
                .filter(e -> levels.isEmpty() || levels.contains(e.level()))
                .sorted(Comparator.comparing(ActivityEntry::at).reversed().thenComparing(ActivityEntry::id))
                .limit(limit)
                .toList();
    }

    /** @return an entry's details from alternating names and values (nulls left out) */
    public static Map<String, Object> details(Object... namesAndValues) {
        Map<String, Object> details = new LinkedHashMap<>();
        for (int i = 0; i + 1 < namesAndValues.length; i += 2) {
            if (namesAndValues[i + 1] != null) {
                details.put(String.valueOf(namesAndValues[i]), namesAndValues[i + 1]);
            }
        }
        return details;
    }
}
