package io.odpimporter.state;

import io.odpimporter.config.ImporterConfig;
import io.odpimporter.kafka.Channels;
import io.odpimporter.kafka.KafkaWriter;
import io.odpimporter.kafka.LockEvent;
import io.odpimporter.kafka.Payloads;
import io.odpimporter.kafka.TopicView;
import io.quarkus.scheduler.Scheduled;
import jakarta.inject.Singleton;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One sweep at a time across all replicas, with the lock held in Kafka. Candidates append ACQUIRE records to
 * the one-partition locks topic; every replica replays the log in order and reaches the same verdict: an
 * ACQUIRE wins if the lock is free at its position, or if the holder's last ACQUIRE/HEARTBEAT record is older
 * than the lease (record timestamps, not local clocks, so replicas agree). The holder heartbeats every
 * lease/3 and releases at the end of its sweep; a crashed holder's lock expires after the lease.
 */
@Singleton
public class SweepLock extends TopicView {

    private static final Logger LOG = Logger.getLogger(SweepLock.class);
    static final String LOCK = "sweep";

    private final KafkaWriter writer;
    private final Payloads payloads;
    private final String topic;
    private final Duration catchUp;

    private final LockLog log;
    private final Map<String, String> verdicts = new ConcurrentHashMap<>();
    /** Locks this replica holds and heartbeats. */
    private final Set<String> heldHere = ConcurrentHashMap.newKeySet();

    public SweepLock(Admin admin, ImporterConfig config, KafkaWriter writer, Payloads payloads) {
        super(admin, config.topics().locks());
        this.writer = writer;
        this.payloads = payloads;
        this.topic = config.topics().locks();
        this.log = new LockLog(config.sweep().lockLease());
        this.catchUp = config.sweep().ledgerCatchUpTimeout();
    }

    @Incoming(Channels.LOCKS_VIEW)
    void onRecord(ConsumerRecord<String, String> record) {
        try {
            if (record.value() != null) {
                apply(payloads.read(record.value(), LockEvent.class, LockEvent.SCHEMA_VERSION),
                        Instant.ofEpochMilli(record.timestamp()));
            }
        } catch (Payloads.UnreadablePayloadException e) {
            LOG.warnf("Ignoring unreadable lock record %s: %s", record.key(), e.getMessage());
        } finally {
            applied(record);
        }
    }

    private void apply(LockEvent event, Instant at) {
        if (LOCK.equals(event.lock())) {
            log.apply(event, at).ifPresent(verdict -> verdicts.put(event.holder(), verdict));
        }
    }

    /**
     * Tries to take the sweep lock for {@code candidate}.
     *
     * @return empty if taken, else the current holder (a run id)
     * @throws KafkaWriter.KafkaWriteException  if Kafka is unreachable
     * @throws TopicView.ViewNotReadyException if the lock view cannot catch up
     */
    public Optional<String> tryAcquire(String candidate) {
        writer.sendAndAwait(topic, key(candidate), event(candidate, LockEvent.Op.ACQUIRE));
        awaitCaughtUp(catchUp);
        String verdict = verdicts.remove(candidate);
        if (verdict == null) {
            throw new ViewNotReadyException("The lock view has not seen its own ACQUIRE of " + candidate);
        }
        if (verdict.isEmpty()) {
            heldHere.add(candidate);
            return Optional.empty();
        }
        writer.send(topic, key(candidate), null); // a lost attempt leaves nothing behind after compaction
        return Optional.of(verdict);
    }

    /** Releases a lock taken with {@link #tryAcquire}. */
    public void release(String candidate) {
        java.util.concurrent.CompletableFuture<?> released;
        synchronized (heldHere) {
            // under the heartbeat's monitor: no HEARTBEAT of this run can follow its RELEASE in the log
            heldHere.remove(candidate);
            released = writer.send(topic, key(candidate), event(candidate, LockEvent.Op.RELEASE));
        }
        KafkaWriter.await(released);
    }

    /** @return the run holding the sweep lock, as far as this view has read */
    public Optional<String> holder() {
        return log.holder();
    }

    @Scheduled(every = "${importer.sweep.lock-heartbeat}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void heartbeat() {
        synchronized (heldHere) {
            for (String candidate : heldHere) {
                writer.send(topic, key(candidate), event(candidate, LockEvent.Op.HEARTBEAT));
            }
        }
    }

    private static String key(String candidate) {
        return LOCK + "/" + candidate;
    }

    private static LockEvent event(String candidate, LockEvent.Op op) {
        return new LockEvent(LockEvent.SCHEMA_VERSION, LOCK, candidate, op, Instant.now());
    }
}
