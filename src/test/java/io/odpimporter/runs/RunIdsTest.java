package io.odpimporter.runs;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The run ids of new runs, webhook windows and catch-up sweeps. */
class RunIdsTest {

    private static final String Y = "run-20261204T134031Z-1a2b3c4d";

    @Test
    void aNewRunIsNamedByItsUtcSecondAndEightHexDigits() {
        UUID random = UUID.fromString("1a2b3c4d-0000-4000-8000-000000000000");
        assertThat(RunIds.newRun(Instant.parse("2026-12-04T13:40:31.987654Z"), random))
                .isEqualTo(Y);
        // a whole minute still shows its seconds
        assertThat(RunIds.newRun(Instant.parse("2026-12-04T13:40:00Z"), random))
                .isEqualTo("run-20261204T134000Z-1a2b3c4d");
        assertThat(RunIds.newRun()).matches("run-\\d{8}T\\d{6}Z-[0-9a-f]{8}").isNotEqualTo(RunIds.newRun());
    }

    @Test
    void aWebhookWindowsRunIsNamedByTheWindowsStartTheSameOnEveryReplica() {
        Instant start = Instant.parse("2026-12-04T13:40:00Z");
        assertThat(RunIds.eventGridWindow(start))
                .isEqualTo("run-eventgrid-20261204T134000Z")
                .isEqualTo(RunIds.eventGridWindow(start));
    }

    @Test
    void theCatchUpRunIdIsDerivedFromTheInterruptedRunsWithACounter() {
        assertThat(RunIds.catchUpOf(Y)).isEqualTo(Y + "-catchup1");
        // a catch-up interrupted in turn: the counter goes up, the id does not grow
        assertThat(RunIds.catchUpOf(Y + "-catchup1")).isEqualTo(Y + "-catchup2");
        assertThat(RunIds.catchUpOf(Y + "-catchup9")).isEqualTo(Y + "-catchup10");
        // every replica derives the same id
        assertThat(RunIds.catchUpOf(Y)).isEqualTo(RunIds.catchUpOf(Y));
    }

    @Test
    void aCatchUpContinuesTheOriginAndTheCatchUpsBeforeIt() {
        assertThat(RunIds.continuedBy(Y + "-catchup1")).containsExactly(Y);
        assertThat(RunIds.continuedBy(Y + "-catchup3")).containsExactly(Y, Y + "-catchup1", Y + "-catchup2");
        assertThat(RunIds.continuedBy(Y)).isEmpty();
        // 8 hex digits never read as a counter
        assertThat(RunIds.continuedBy("run-20261204T134031Z-c1234567")).isEmpty();
    }

    @Test
    void noRunIdHoldsTheSlashThatSeparatesTheRunsTopicsKeyParts() {
        assertThat(RunIds.newRun()).doesNotContain("/");
        assertThat(RunIds.eventGridWindow(Instant.now())).doesNotContain("/");
        assertThat(RunIds.catchUpOf(RunIds.newRun())).doesNotContain("/");
    }
}
