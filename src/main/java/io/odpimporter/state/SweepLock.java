package io.odpimporter.state;

import io.odpimporter.config.ImporterConfig;
import io.odpimporter.domain.LockEvent;
import io.odpimporter.kafka.Channels;
import io.odpimporter.kafka.KafkaWriter;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One sweep at a time across all replicas, with the lock held in Kafka. Candidates append ACQUIRE records to
 * the one-partition locks topic; every replica replays the log in order and reaches the same verdict: an
 * ACQUIRE wins if the lock is free at its position, or if the holder's last ACQUIRE/HEARTBEAT record is older
 * than the lease (record timestamps, not local clocks, so replicas agree), or if it is the holder's own again (same
 * holder name, same replica). The holder heartbeats every {@code lock-heartbeat} and releases at the end of its
 * sweep; a crashed holder's lock expires after the lease. {@link #liveHolder} tells, by this replica's clock, that
 * a holder has stopped heartbeating.
 */
@Singleton
public class SweepLock extends TopicView {

    private static final Logger LOG = Logger.getLogger(SweepLock.class);
    static final String LOCK = "sweep";

    private final KafkaWriter writer;
    private final Payloads payloads;
    private final String topic;
    private final Duration catchUp;

    private final String instance;
    private final Duration expiryMargin;
    private final LockLog log;
    /** Verdicts on this replica's own ACQUIREs, by holder name. */
    private final Map<String, LockLog.Verdict> verdicts = new ConcurrentHashMap<>();
    /** Locks this replica holds and heartbeats. */
    private final Set<String> heldHere = ConcurrentHashMap.newKeySet();

    public SweepLock(Admin admin, ImporterConfig config, KafkaWriter writer, Payloads payloads, InstanceId instance) {
        super(admin, config.topics().locks());
        this.instance = instance.get();
        this.expiryMargin = config.sweep().lockExpiryMargin();
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
                apply(
                        payloads.read(record.value(), LockEvent.class, LockEvent.SCHEMA_VERSION),
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
            log.apply(event, at)
                    .filter(verdict -> instance.equals(event.owner()))
                    .ifPresent(verdict -> verdicts.put(event.holder(), verdict));
        }
    }

    /**
     * Tries to take the sweep lock for {@code candidate}. Two replicas trying the same candidate name at once: only
     * the first ACQUIRE in log order wins; the other learns that {@code candidate} holds the lock.
     *
     * @return empty if taken, else the current holder (a run id)
     * @throws KafkaWriter.KafkaWriteException  if Kafka is unreachable
     * @throws TopicView.ViewNotReadyException if the lock view cannot catch up
     */
    public Optional<String> tryAcquire(String candidate) {
        verdicts.remove(candidate);
        writer.sendAndAwait(topic, key(candidate), event(candidate, LockEvent.Op.ACQUIRE));
        awaitCaughtUp(catchUp);
        LockLog.Verdict verdict = verdicts.remove(candidate);
        if (verdict == null) {
            throw new ViewNotReadyException("The lock view has not seen its own ACQUIRE of " + candidate);
        }
        if (verdict.granted()) {
            heldHere.add(candidate);
            if (verdict.tookOverFrom() != null) {
                // reported here, when it happens, by the replica taking the lock (not by every replica's replay)
                LOG.warnf(
                        "Lock of %s expired (no heartbeat since %s); %s takes it",
                        verdict.tookOverFrom(), verdict.lastSeen(), candidate);
            }
            return Optional.empty();
        }
        if (!verdict.lostTo().equals(candidate)) {
            // a lost attempt leaves nothing behind after compaction (unless the key is the holder's own)
            writer.send(topic, key(candidate), null);
        }
        return Optional.of(verdict.lostTo());
    }

    /** Releases a lock taken with {@link #tryAcquire}. */
    public void release(String candidate) {
        CompletableFuture<?> released;
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

    /**
     * @return the run holding the sweep lock, unless its last record is older than {@code lock-lease} plus
     *         {@code lock-expiry-margin} by this replica's clock (its replica stopped)
     */
    public Optional<String> liveHolder() {
        return log.liveHolder(Instant.now(), expiryMargin);
    }

    /** @return whether this replica holds the lock for {@code candidate} (and heartbeats it) */
    public boolean heldHere(String candidate) {
        return heldHere.contains(candidate);
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

    private LockEvent event(String candidate, LockEvent.Op op) {
        return new LockEvent(LockEvent.SCHEMA_VERSION, LOCK, candidate, op, Instant.now(), instance);
    }
}
