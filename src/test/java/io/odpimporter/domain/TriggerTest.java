package io.odpimporter.domain;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Which triggers are sweeps, and the one mapping from a trigger to the source its file events carry. */
class TriggerTest {

    @Test
    void theThreeSweepsAreSweepsTheWebhookAndReplaysAreNot() {
        assertThat(Trigger.SCHEDULE.sweep()).isTrue();
        assertThat(Trigger.MANUAL.sweep()).isTrue();
        assertThat(Trigger.CATCH_UP.sweep()).isTrue();
        assertThat(Trigger.EVENT_GRID.sweep()).isFalse();
        assertThat(Trigger.REPLAY.sweep()).isFalse();
    }

    @Test
    void eachTriggerMapsToOneOfTheThreeSourcesOnTheWire() {
        assertThat(Trigger.SCHEDULE.source()).isEqualTo(FileDiscovered.Source.SWEEP);
        assertThat(Trigger.MANUAL.source()).isEqualTo(FileDiscovered.Source.SWEEP);
        assertThat(Trigger.CATCH_UP.source()).isEqualTo(FileDiscovered.Source.SWEEP);
        assertThat(Trigger.EVENT_GRID.source()).isEqualTo(FileDiscovered.Source.EVENT_GRID);
        // no REPLAY source: replicas that do not know a new value refuse the file event
        assertThat(Trigger.REPLAY.source()).isEqualTo(FileDiscovered.Source.MANUAL);
        assertThat(FileDiscovered.Source.values())
                .extracting(Enum::name)
                .containsExactly("SWEEP", "EVENT_GRID", "MANUAL");
    }

    @Test
    void theNamesAreTheWireAndApiSpellings() {
        assertThat(Trigger.values())
                .extracting(Enum::name)
                .containsExactly("SCHEDULE", "MANUAL", "CATCH_UP", "EVENT_GRID", "REPLAY");
        assertThat(RunStatus.values())
                .extracting(Enum::name)
                .containsExactly("RUNNING", "COMPLETE", "CANCELLED", "ERROR");
        assertThat(FileStatus.values())
                .extracting(Enum::name)
                .containsExactly("PENDING", "IMPORTED", "FAILED", "SKIPPED");
    }
}
