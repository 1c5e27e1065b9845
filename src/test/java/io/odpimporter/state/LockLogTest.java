package io.odpimporter.state;

import io.odpimporter.kafka.LockEvent;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class LockLogTest {

    private static final Instant T0 = Instant.parse("2026-11-29T06:00:00Z");

    private static LockEvent e(String holder, LockEvent.Op op) {
        return new LockEvent(LockEvent.SCHEMA_VERSION, "sweep", holder, op, T0);
    }

    @Test
    void theFirstAcquireInLogOrderWinsAndTheSecondLearnsWhoHoldsIt() {
        LockLog log = new LockLog(Duration.ofSeconds(60));
        assertThat(log.apply(e("run-a", LockEvent.Op.ACQUIRE), T0)).contains("");
        assertThat(log.apply(e("run-b", LockEvent.Op.ACQUIRE), T0.plusSeconds(1))).contains("run-a");
        assertThat(log.holder()).contains("run-a");
    }

    @Test
    void aReleasedLockCanBeTakenAgain() {
        LockLog log = new LockLog(Duration.ofSeconds(60));
        log.apply(e("run-a", LockEvent.Op.ACQUIRE), T0);
        log.apply(e("run-a", LockEvent.Op.RELEASE), T0.plusSeconds(5));
        assertThat(log.holder()).isEmpty();
        assertThat(log.apply(e("run-b", LockEvent.Op.ACQUIRE), T0.plusSeconds(6))).contains("");
    }

    @Test
    void heartbeatsKeepTheLockAndACrashedHolderLosesItAfterTheLease() {
        LockLog log = new LockLog(Duration.ofSeconds(60));
        log.apply(e("run-a", LockEvent.Op.ACQUIRE), T0);
        log.apply(e("run-a", LockEvent.Op.HEARTBEAT), T0.plusSeconds(50));
        assertThat(log.apply(e("run-b", LockEvent.Op.ACQUIRE), T0.plusSeconds(100))).contains("run-a");
        // run-a stops heartbeating (crashed): 60 s after its last heartbeat the lock is free
        assertThat(log.apply(e("run-c", LockEvent.Op.ACQUIRE), T0.plusSeconds(111))).contains("");
        assertThat(log.holder()).contains("run-c");
        // the old holder's late release does not free the new holder's lock
        log.apply(e("run-a", LockEvent.Op.RELEASE), T0.plusSeconds(112));
        assertThat(log.holder()).contains("run-c");
    }
}
