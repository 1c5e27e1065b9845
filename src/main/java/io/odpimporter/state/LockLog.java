package io.odpimporter.state;

import io.odpimporter.kafka.LockEvent;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Replays one lock's records in log order and decides who holds it. Deterministic: it uses only the records and
 * their timestamps, so every replica replaying the same log reaches the same verdicts. Thread-safe.
 */
final class LockLog {

    private static final Logger LOG = Logger.getLogger(LockLog.class);

    private final Duration lease;
    private String holder;
    private Instant holderSeen;

    LockLog(Duration lease) {
        this.lease = lease;
    }

    /**
     * Applies the next record.
     *
     * @param event the record
     * @param at    the record's timestamp
     * @return for an ACQUIRE, its verdict: empty string if granted, else the holder it lost to; otherwise empty
     */
    synchronized Optional<String> apply(LockEvent event, Instant at) {
        boolean expired = holder != null && holderSeen.plus(lease).isBefore(at);
        switch (event.op()) {
            case ACQUIRE -> {
                if (holder == null || expired || holder.equals(event.holder())) {
                    if (expired && !holder.equals(event.holder())) {
                        LOG.warnf("Lock of %s expired (no heartbeat since %s); %s takes it", holder, holderSeen,
                                event.holder());
                    }
                    holder = event.holder();
                    holderSeen = at;
                    return Optional.of("");
                }
                return Optional.of(holder);
            }
            case HEARTBEAT -> {
                if (event.holder().equals(holder) || holder == null || expired) {
                    // holder == null: the ACQUIRE was compacted away after a long hold; the heartbeat proves it
                    holder = event.holder();
                    holderSeen = at;
                }
                return Optional.empty();
            }
            case RELEASE -> {
                if (event.holder().equals(holder)) {
                    holder = null;
                    holderSeen = null;
                }
                return Optional.empty();
            }
            default -> {
                return Optional.empty();
            }
        }
    }

    /** @return the current holder */
    synchronized Optional<String> holder() {
        return Optional.ofNullable(holder);
    }
}
