package io.odpimporter.state;

import io.odpimporter.config.ImporterConfig;
import io.odpimporter.domain.SharedSetting;
import io.odpimporter.kafka.Channels;
import io.odpimporter.kafka.KafkaWriter;
import io.odpimporter.kafka.Payloads;
import io.odpimporter.kafka.TopicView;
import jakarta.inject.Singleton;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Settings the replicas share, written once to the compacted one-partition state topic
 * ({@code importer.topics.state}): today the instant of {@code importer.sweep.start-after=first-start}. Every replica
 * reads the topic from the beginning; the first record of a setting in log order is its value ({@link SettingLog}).
 */
@Singleton
public class SharedSettings extends TopicView {

    private static final Logger LOG = Logger.getLogger(SharedSettings.class);

    private final SettingLog log = new SettingLog();
    private final KafkaWriter writer;
    private final Payloads payloads;
    private final String topic;
    private final String instance;
    private final Duration catchUp;

    public SharedSettings(
            Admin admin, ImporterConfig config, KafkaWriter writer, Payloads payloads, InstanceId instance) {
        super(admin, config.topics().state());
        this.writer = writer;
        this.payloads = payloads;
        this.topic = config.topics().state();
        this.instance = instance.get();
        this.catchUp = config.sweep().ledgerCatchUpTimeout();
    }

    @Incoming(Channels.STATE_VIEW)
    void onRecord(ConsumerRecord<String, String> record) {
        try {
            if (record.value() != null) {
                log.apply(payloads.read(record.value(), SharedSetting.class, SharedSetting.SCHEMA_VERSION));
            }
        } catch (Payloads.UnreadablePayloadException e) {
            LOG.warnf("Ignoring unreadable state record %s: %s", record.key(), e.getMessage());
        } finally {
            applied(record);
        }
    }

    /**
     * The setting {@code name}, written with {@code value} by this replica if the topic does not have it yet. Two
     * replicas writing at once both learn the first record in the log; the other removes its own record.
     *
     * @return the setting's value for every replica
     * @throws KafkaWriter.KafkaWriteException  if Kafka does not take the record
     * @throws TopicView.ViewNotReadyException if the view cannot catch up
     */
    public Instant writeOnce(String name, Instant value) {
        return writeOnce(
                new Store() {
                    @Override
                    public Optional<SharedSetting> read() {
                        awaitCaughtUp(catchUp);
                        return log.get(name);
                    }

                    @Override
                    public void write(SharedSetting setting) {
                        writer.sendAndAwait(topic, setting.key(), setting);
                    }

                    @Override
                    public void remove(SharedSetting setting) {
                        KafkaWriter.await(writer.send(topic, setting.key(), null));
                    }
                },
                new SharedSetting(SharedSetting.SCHEMA_VERSION, name, value, instance));
    }

    /** Where {@link #writeOnce(Store, SharedSetting)} reads and writes: the topic, or a test's stand-in. */
    interface Store {
        /** @return the first record of the setting, after reading the topic to its end */
        Optional<SharedSetting> read();

        void write(SharedSetting setting);

        /** Writes a tombstone for the setting's key. */
        void remove(SharedSetting setting);
    }

    /**
     * Reads the setting; writes {@code mine} only if absent, then reads again: the first record in the log wins.
     *
     * @return the winning value
     */
    static Instant writeOnce(Store store, SharedSetting mine) {
        Optional<SharedSetting> known = store.read();
        if (known.isPresent()) {
            return known.get().instant();
        }
        store.write(mine);
        SharedSetting winner = store.read()
                .orElseThrow(() ->
                        new ViewNotReadyException("The state view has not seen its own " + mine.name() + " record"));
        if (!winner.key().equals(mine.key())) {
            // another replica wrote first: its value holds; ours leaves nothing behind after compaction
            store.remove(mine);
            LOG.infof(
                    "%s: %s written by %s first (this replica's %s is dropped)",
                    mine.name(), winner.instant(), winner.writtenBy(), mine.instant());
        } else {
            LOG.infof("%s: %s written to the state topic", mine.name(), winner.instant());
        }
        return winner.instant();
    }
}
