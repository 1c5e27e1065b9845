package io.odpimporter.state;

import io.odpimporter.domain.LockEvent;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Replays one lock's records in log order and decides who holds it. Deterministic: its verdicts use only the
 * records and their timestamps, so every replica replaying the same log reaches the same verdicts. Only
 * {@link #liveHolder} looks at the wall clock, to tell that a holder has stopped. Thread-safe.
 */
final class LockLog {

    private static final Logger LOG = Logger.getLogger(LockLog.class);

    /**
     * The verdict on an ACQUIRE.
     *
     * @param lostTo       the holder it lost to, null if granted
     * @param tookOverFrom granted over an expired holder: that holder, else null
     * @param lastSeen     with {@code tookOverFrom}: the time of that holder's last record
     */
    record Verdict(String lostTo, String tookOverFrom, Instant lastSeen) {
        boolean granted() {
            return lostTo == null;
        }
    }

    private final Duration lease;
    private String holder;
    private String holderOwner;
    private Instant holderSeen;

    LockLog(Duration lease) {
        this.lease = lease;
    }

    /**
     * Applies the next record. Logs nothing above DEBUG: replaying history after a restart must not report old
     * take-overs again; the replica that takes a lock reports it ({@link SweepLock#tryAcquire}).
     *
     * @param event the record
     * @param at    the record's timestamp
     * @return for an ACQUIRE, its verdict; otherwise empty
     */
    synchronized Optional<Verdict> apply(LockEvent event, Instant at) {
        boolean expired = holder != null && holderSeen.plus(lease).isBefore(at);
        switch (event.op()) {
            case ACQUIRE -> {
                // the same holder name is granted again to the replica holding it (a retried write), not to another
                boolean again = event.holder().equals(holder) && sameOwner(event.owner());
                if (holder == null || expired || again) {
                    Verdict verdict = new Verdict(null, null, null);
                    if (expired && !again) {
                        LOG.debugf(
                                "Lock of %s expired (no heartbeat since %s); %s takes it",
                                holder, holderSeen, event.holder());
                        verdict = new Verdict(null, holder, holderSeen);
                    }
                    holder = event.holder();
                    holderOwner = event.owner();
                    holderSeen = at;
                    return Optional.of(verdict);
                }
                return Optional.of(new Verdict(holder, null, null));
            }
            case HEARTBEAT -> {
                if (event.holder().equals(holder) || holder == null || expired) {
                    // holder == null: the ACQUIRE was compacted away after a long hold; the heartbeat proves it
                    if (!event.holder().equals(holder)) {
                        holderOwner = event.owner();
                    }
                    holder = event.holder();
                    holderSeen = at;
                }
                return Optional.empty();
            }
            case RELEASE -> {
                if (event.holder().equals(holder)) {
                    holder = null;
                    holderOwner = null;
                    holderSeen = null;
                }
                return Optional.empty();
            }
            default -> {
                return Optional.empty();
            }
        }
    }

    /** Records written before owners were recorded match any owner. */
    private boolean sameOwner(String owner) {
        return holderOwner == null || owner == null || Objects.equals(holderOwner, owner);
    }

    /** @return the current holder per the log (it keeps it until another ACQUIRE finds its lease expired) */
    synchronized Optional<String> holder() {
        return Optional.ofNullable(holder);
    }

    /**
     * @param now    this replica's clock
     * @param margin how much longer than the lease the holder must have been silent: the clocks of the holder (its
     *               records' timestamps) and of this replica may differ
     * @return the current holder, unless its last record is older than the lease plus {@code margin} at {@code now}
     */
    synchronized Optional<String> liveHolder(Instant now, Duration margin) {
        if (holder == null || holderSeen.plus(lease).plus(margin).isBefore(now)) {
            return Optional.empty();
        }
        return Optional.of(holder);
    }
}
