package io.odpimporter.state;

import io.odpimporter.config.ImporterConfig;
import io.odpimporter.domain.BlobVersion;
import io.odpimporter.domain.LedgerEntry;
import io.odpimporter.kafka.Channels;
import io.odpimporter.kafka.KafkaWriter;
import io.odpimporter.kafka.Payloads;
import io.odpimporter.kafka.TopicView;
import jakarta.inject.Singleton;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The ledger: which blob versions (container, name, ETag) are IN_PROGRESS, IMPORTED, DELIVERED or FAILED. Replaces the
 * original job's timestamp watermark. Kept in a compacted topic; every replica holds the whole view in memory.
 */
@Singleton
public class Ledger extends TopicView {

    private static final Logger LOG = Logger.getLogger(Ledger.class);

    /** Sorted by key ({@code container/name@etag}): the files API pages through it by name (docs/operations.md, "Files"). */
    private final NavigableMap<String, LedgerEntry> entries = new ConcurrentSkipListMap<>();

    private final KafkaWriter writer;
    private final Payloads payloads;
    private final String topic;
    /** What this replica last wrote per key (the newest 10,000 keys): {@link #wroteHere}. */
    private final Map<String, String> writtenHere = Collections.synchronizedMap(new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > 10_000;
        }
    });
    /** Told each entry the view applies. */
    private final List<Consumer<LedgerEntry>> listeners = new CopyOnWriteArrayList<>();

    public Ledger(Admin admin, ImporterConfig config, KafkaWriter writer, Payloads payloads) {
        super(admin, config.topics().ledger());
        this.writer = writer;
        this.payloads = payloads;
        this.topic = config.topics().ledger();
    }

    @Incoming(Channels.LEDGER_VIEW)
    void onRecord(ConsumerRecord<String, String> record) {
        try {
            if (record.value() == null) {
                entries.remove(record.key());
            } else {
                LedgerEntry entry = payloads.read(record.value(), LedgerEntry.class, LedgerEntry.SCHEMA_VERSION);
                entries.put(record.key(), entry);
                listeners.forEach(l -> l.accept(entry));
            }
        } catch (Payloads.UnreadablePayloadException e) {
            LOG.warnf(
                    "Ignoring unreadable ledger record %s at %s-%d@%d: %s",
                    record.key(), record.topic(), record.partition(), record.offset(), e.getMessage());
        } finally {
            applied(record);
        }
    }

    /** @return the entry of one blob version, as far as this view has read */
    public Optional<LedgerEntry> get(BlobVersion version) {
        return Optional.ofNullable(entries.get(version.key()));
    }

    /**
     * @param afterKey a {@link BlobVersion#key()} (or any string); null: from the first entry
     * @return the entries whose key sorts after {@code afterKey}, in key order (a live, weakly consistent view)
     */
    public Iterable<LedgerEntry> after(String afterKey) {
        return afterKey == null
                ? entries.values()
                : entries.tailMap(afterKey, false).values();
    }

    /** @return every version of one blob name the view holds, in key order */
    public List<LedgerEntry> versionsOf(String container, String blobName) {
        String from = container + "/" + blobName + "@";
        // a key starting with "container/name@" may be another blob's ("name@x"): compare the name itself
        return entries.subMap(from, true, from + Character.MAX_VALUE, true).values().stream()
                .filter(e -> blobName.equals(e.blobName()) && container.equals(e.container()))
                .toList();
    }

    /** @return every entry of the view (a live, weakly consistent view of it) */
    public Collection<LedgerEntry> entries() {
        return Collections.unmodifiableCollection(entries.values());
    }

    /** Writes a state; the future completes when Kafka acknowledged it. */
    public CompletableFuture<RecordMetadata> write(LedgerEntry entry) {
        writtenHere.put(entry.key(), signature(entry));
        return writer.send(topic, entry.key(), entry);
    }

    /**
     * @return whether this replica wrote {@code entry}'s state (state, run, after-import state and attempts) last for
     *         its key, as far as it remembers (the newest 10,000 keys it wrote): who acts on a transition it wrote
     *         (docs/architecture.md §5.9)
     */
    public boolean wroteHere(LedgerEntry entry) {
        return signature(entry).equals(writtenHere.get(entry.key()));
    }

    private static String signature(LedgerEntry e) {
        LedgerEntry.AfterImport action = e.afterImport();
        return e.state() + " " + e.runId() + (action == null ? "" : " " + action.state() + " " + action.attempts());
    }

    /** @param listener told, on the view's thread, each entry the view applies (not tombstones) */
    public void onApplied(Consumer<LedgerEntry> listener) {
        listeners.add(listener);
    }
}
