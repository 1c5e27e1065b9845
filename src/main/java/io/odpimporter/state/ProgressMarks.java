package io.odpimporter.state;

import io.odpimporter.config.ImporterConfig;
import io.odpimporter.domain.BlobVersion;
import io.odpimporter.domain.ProgressMark;
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

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/** Progress marks inside files (compacted topic, key = blob version): where a redelivered file resumes. */
@Singleton
public class ProgressMarks extends TopicView {

    private static final Logger LOG = Logger.getLogger(ProgressMarks.class);

    private final Map<String, ProgressMark> marks = new ConcurrentHashMap<>();
    private final KafkaWriter writer;
    private final Payloads payloads;
    private final String topic;

    public ProgressMarks(Admin admin, ImporterConfig config, KafkaWriter writer, Payloads payloads) {
        super(admin, config.topics().progress());
        this.writer = writer;
        this.payloads = payloads;
        this.topic = config.topics().progress();
    }

    @Incoming(Channels.PROGRESS_VIEW)
    void onRecord(ConsumerRecord<String, String> record) {
        try {
            if (record.value() == null) {
                marks.remove(record.key());
            } else {
                marks.put(record.key(), payloads.read(record.value(), ProgressMark.class, ProgressMark.SCHEMA_VERSION));
            }
        } catch (Payloads.UnreadablePayloadException e) {
            LOG.warnf("Ignoring unreadable progress mark %s: %s", record.key(), e.getMessage());
        } finally {
            applied(record);
        }
    }

    /** @return the last mark of a blob version, as far as this view has read */
    public Optional<ProgressMark> get(BlobVersion version) {
        return Optional.ofNullable(marks.get(version.key()));
    }

    /** Writes a mark; completes when Kafka acknowledged it. */
    public CompletableFuture<RecordMetadata> write(BlobVersion version, ProgressMark mark) {
        return writer.send(topic, version.key(), mark);
    }

    /** Removes the mark of a finished file (a tombstone). */
    public CompletableFuture<RecordMetadata> clear(BlobVersion version) {
        return writer.send(topic, version.key(), null);
    }
}
