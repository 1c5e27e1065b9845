package io.odpimporter.discovery;

import io.odpimporter.runs.RunSummary;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** Which runs count as having swept a cron moment, so a replica's scheduled sweep stands down. */
class SweepServiceTest {

    static final Instant MOMENT = Instant.parse("2026-11-29T06:00:00Z");

    @Test
    void aScheduledRunForTheSameMomentOnAnotherReplicaSweptIt() {
        assertThat(swept(run("SCHEDULE", MOMENT.plusMillis(900), MOMENT), MOMENT)).isTrue();
    }

    @Test
    void aScheduledRunOfAnEarlierMomentThatStartedLateDidNot() {
        // a cron every 2 s: the 05:59:58 sweep fired 1.5 s late
        assertThat(swept(run("SCHEDULE", MOMENT.minusMillis(500), MOMENT.minusSeconds(2)),
                MOMENT)).isFalse();
    }

    @Test
    void aManualRunStartedAtTheMomentLessOneSecondOfClockSkewSweptIt() {
        assertThat(swept(run("MANUAL", MOMENT.minusMillis(999), null), MOMENT)).isTrue();
        assertThat(swept(run("MANUAL", MOMENT.plusSeconds(30), null), MOMENT)).isTrue();
        assertThat(swept(run("MANUAL", MOMENT.minusMillis(1001), null), MOMENT)).isFalse();
    }

    @Test
    void aRunOfAnotherPrefixOrThatEndedInErrorDidNot() {
        RunSummary narrower = new RunSummary("run-2", "MANUAL", null, "COMPLETE", false, "2026/11/", MOMENT, MOMENT,
                null, 0L, 0, 0, 0, 0, 0, 0, 0, 0, null, null, null, null, null, null);
        assertThat(SweepService.sweptTheMoment(narrower, MOMENT, "")).isFalse();
        assertThat(SweepService.sweptTheMoment(narrower, MOMENT, "2026/11/")).isTrue();
        RunSummary failed = new RunSummary("run-3", "SCHEDULE", null, "ERROR", false, "", MOMENT, MOMENT,
                MOMENT, 0L, 0, 0, 0, 0, 0, 0, 0, 0, "Blob Storage refused the listing: HTTP 503", MOMENT, null, null,
                null, null);
        assertThat(SweepService.sweptTheMoment(failed, MOMENT, "")).isFalse();
    }

    @Test
    void aReplayIsNotASweep() {
        assertThat(swept(run("REPLAY", MOMENT.plusSeconds(1), null), MOMENT)).isFalse();
    }

    private static boolean swept(RunSummary run, Instant moment) {
        return SweepService.sweptTheMoment(run, moment, "");
    }

    private static RunSummary run(String trigger, Instant created, Instant scheduledFor) {
        return new RunSummary("run-1", trigger, null, "RUNNING", false, "", created, created, null, 0L, 0, 0, 0, 0,
                0, 0, 0, 0, null, scheduledFor, null, null, null, null);
    }
}
