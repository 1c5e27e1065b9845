package io.odpimporter.state;

import io.odpimporter.domain.LockEvent;
import io.odpimporter.testing.CapturedLog;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;

import static org.assertj.core.api.Assertions.assertThat;

class LockLogTest {

    private static final Instant T0 = Instant.parse("2026-11-29T06:00:00Z");
    private static final Duration LEASE = Duration.ofSeconds(60);

    @RegisterExtension
    final CapturedLog logged = CapturedLog.of(LockLog.class);

    private static LockEvent e(String holder, LockEvent.Op op) {
        return e(holder, op, null);
    }

    private static LockEvent e(String holder, LockEvent.Op op, String owner) {
        return new LockEvent(LockEvent.SCHEMA_VERSION, "sweep", holder, op, T0, owner);
    }

    private static Optional<String> lostTo(Optional<LockLog.Verdict> verdict) {
        return verdict.map(v -> v.granted() ? "" : v.lostTo());
    }

    @Test
    void theFirstAcquireInLogOrderWinsAndTheSecondLearnsWhoHoldsIt() {
        LockLog log = new LockLog(LEASE);
        assertThat(lostTo(log.apply(e("run-a", LockEvent.Op.ACQUIRE), T0))).contains("");
        assertThat(lostTo(log.apply(e("run-b", LockEvent.Op.ACQUIRE), T0.plusSeconds(1))))
                .contains("run-a");
        assertThat(log.holder()).contains("run-a");
    }

    @Test
    void aReleasedLockCanBeTakenAgain() {
        LockLog log = new LockLog(LEASE);
        log.apply(e("run-a", LockEvent.Op.ACQUIRE), T0);
        log.apply(e("run-a", LockEvent.Op.RELEASE), T0.plusSeconds(5));
        assertThat(log.holder()).isEmpty();
        assertThat(lostTo(log.apply(e("run-b", LockEvent.Op.ACQUIRE), T0.plusSeconds(6))))
                .contains("");
    }

    @Test
    void heartbeatsKeepTheLockAndACrashedHolderLosesItAfterTheLease() {
        LockLog log = new LockLog(LEASE);
        log.apply(e("run-a", LockEvent.Op.ACQUIRE), T0);
        log.apply(e("run-a", LockEvent.Op.HEARTBEAT), T0.plusSeconds(50));
        assertThat(lostTo(log.apply(e("run-b", LockEvent.Op.ACQUIRE), T0.plusSeconds(100))))
                .contains("run-a");
        // run-a stops heartbeating (crashed): 60 s after its last heartbeat the lock is free
        assertThat(lostTo(log.apply(e("run-c", LockEvent.Op.ACQUIRE), T0.plusSeconds(111))))
                .contains("");
        assertThat(log.holder()).contains("run-c");
        // the old holder's late release does not free the new holder's lock
        log.apply(e("run-a", LockEvent.Op.RELEASE), T0.plusSeconds(112));
        assertThat(log.holder()).contains("run-c");
    }

    @Test
    void aHolderSilentForLongerThanTheLeaseAndTheMarginIsNotLiveByTheWallClock() {
        LockLog log = new LockLog(LEASE);
        Duration margin = Duration.ofSeconds(10);
        log.apply(e("run-a", LockEvent.Op.ACQUIRE), T0);
        log.apply(e("run-a", LockEvent.Op.HEARTBEAT), T0.plusSeconds(20));
        assertThat(log.liveHolder(T0.plusSeconds(20 + 60 + 10), margin)).contains("run-a");
        assertThat(log.liveHolder(T0.plusSeconds(20 + 60 + 11), margin)).isEmpty();
        // a heartbeat renews it
        log.apply(e("run-a", LockEvent.Op.HEARTBEAT), T0.plusSeconds(85));
        assertThat(log.liveHolder(T0.plusSeconds(91), margin)).contains("run-a");
        // without a holder there is no live holder
        log.apply(e("run-a", LockEvent.Op.RELEASE), T0.plusSeconds(92));
        assertThat(log.liveHolder(T0.plusSeconds(92), margin)).isEmpty();
    }

    @Test
    void theReplayVerdictsStayDecidedByRecordTimesWhateverTheWallClockSays() {
        LockLog log = new LockLog(LEASE);
        log.apply(e("run-a", LockEvent.Op.ACQUIRE), T0);
        // by the wall clock run-a stopped long ago ...
        assertThat(log.liveHolder(T0.plus(Duration.ofHours(1)), Duration.ofSeconds(10)))
                .isEmpty();
        // ... but the log still names it, and an ACQUIRE written within its lease (record time) still loses
        assertThat(log.holder()).contains("run-a");
        assertThat(lostTo(log.apply(e("run-b", LockEvent.Op.ACQUIRE), T0.plusSeconds(59))))
                .contains("run-a");
    }

    @Test
    void twoReplicasAcquiringTheSameNameAtOnceOnlyTheFirstInLogOrderGetsTheLock() {
        // both replicas saw run-x interrupted and try its catch-up run-x-catchup1; each replays the same log
        List<LockEvent> records = List.of(
                e("run-x-catchup1", LockEvent.Op.ACQUIRE, "replica-b"),
                e("run-x-catchup1", LockEvent.Op.ACQUIRE, "replica-a"));
        for (String replica : List.of("replica-a", "replica-b")) {
            LockLog view = new LockLog(LEASE);
            LockLog.Verdict first = view.apply(records.get(0), T0).orElseThrow();
            LockLog.Verdict second =
                    view.apply(records.get(1), T0.plusMillis(3)).orElseThrow();
            assertThat(first.granted())
                    .as("replica-b's ACQUIRE, in %s's view", replica)
                    .isTrue();
            assertThat(second.granted())
                    .as("replica-a's ACQUIRE, in %s's view", replica)
                    .isFalse();
            assertThat(second.lostTo()).isEqualTo("run-x-catchup1");
        }
    }

    @Test
    void theSameNameFromTheSameReplicaOrFromARecordWithoutOwnerIsGrantedAgain() {
        LockLog log = new LockLog(LEASE);
        log.apply(e("run-a", LockEvent.Op.ACQUIRE, "replica-a"), T0);
        // a retried write of the holder's own ACQUIRE
        assertThat(log.apply(e("run-a", LockEvent.Op.ACQUIRE, "replica-a"), T0.plusSeconds(1))
                        .orElseThrow()
                        .granted())
                .isTrue();
        // records written before owners were recorded keep their old verdicts
        LockLog old = new LockLog(LEASE);
        old.apply(e("run-a", LockEvent.Op.ACQUIRE), T0);
        assertThat(old.apply(e("run-a", LockEvent.Op.ACQUIRE), T0.plusSeconds(1))
                        .orElseThrow()
                        .granted())
                .isTrue();
    }

    @Test
    void aTakeOverIsTheVerdictsToReportAndIsNotLoggedAboveDebugWhileReplaying() {
        LockLog log = new LockLog(LEASE);
        log.apply(e("run-a", LockEvent.Op.ACQUIRE, "replica-a"), T0);
        LockLog.Verdict verdict = log.apply(e("run-b", LockEvent.Op.ACQUIRE, "replica-b"), T0.plusSeconds(61))
                .orElseThrow();
        assertThat(verdict.granted()).isTrue();
        assertThat(verdict.tookOverFrom()).isEqualTo("run-a");
        assertThat(verdict.lastSeen()).isEqualTo(T0);
        // replaying history at every restart must not report the old take-over again
        assertThat(logged.atLeast(Level.INFO)).isEmpty();
        // (this capture does see the class's warnings)
        Logger.getLogger(LockLog.class).warn("probe");
        assertThat(logged.atLeast(Level.WARNING)).isNotEmpty();
        // a plain grant is no take-over
        log.apply(e("run-b", LockEvent.Op.RELEASE, "replica-b"), T0.plusSeconds(62));
        assertThat(log.apply(e("run-c", LockEvent.Op.ACQUIRE, "replica-c"), T0.plusSeconds(63))
                        .orElseThrow()
                        .tookOverFrom())
                .isNull();
    }
}
