package io.odpimporter.sink;

import io.odpimporter.domain.StoreRecord;
import io.odpimporter.health.OdpWellness;
import io.odpimporter.metrics.PipelineMetrics;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The sink's state for health, metrics and {@code /status} ({@link SinkState}). */
class SinkStateTest {

    private static final StoreRecord.Target STORES = StoreRecord.Target.objects("stores");

    private static final Instant NOW = Instant.parse("2026-12-04T10:00:00Z");

    private final SinkHarness.RecordingListener listener = new SinkHarness.RecordingListener();
    private final SinkState state = new SinkState(listener, () -> NOW);

    @Test
    void theSinkIsFlowingWhileNothingFails() {
        state.batch().answered(202);

        assertThat(state.state()).isEqualTo(PipelineMetrics.SinkState.FLOWING);
        assertThat(state.status(Optional.empty()))
                .isEqualTo(new BatchingSink.Status(PipelineMetrics.SinkState.FLOWING, null, null));
    }

    @Test
    void theSinkIsRetryingWhileABatchIsBetweenAFailedAttemptAndItsAnswer() {
        SinkState.Batch batch = state.batch();

        batch.failed("HTTP 503");
        batch.failed("HTTP 502");
        assertThat(state.status(Optional.empty()))
                .isEqualTo(new BatchingSink.Status(PipelineMetrics.SinkState.RETRYING, "HTTP 502", null));

        batch.answered(202);
        assertThat(state.state()).isEqualTo(PipelineMetrics.SinkState.FLOWING);
    }

    @Test
    void theSinkIsRetryingWhileAnyBatchIs() {
        SinkState.Batch one = state.batch();
        SinkState.Batch two = state.batch();
        one.failed("HTTP 503");
        two.failed("HTTP 503");

        one.answered(202);

        assertThat(state.state()).isEqualTo(PipelineMetrics.SinkState.RETRYING);
    }

    @Test
    void theSinkIsPausedWhileAnyBatchRetriesAConfigurationFault() {
        SinkState.Batch faulted = state.batch();
        SinkState.Batch retrying = state.batch();
        retrying.failed("HTTP 503");
        faulted.configurationFault(403, "HTTP 403", STORES);
        faulted.failed("configuration fault: HTTP 403");

        assertThat(state.state()).isEqualTo(PipelineMetrics.SinkState.PAUSED);
        retrying.answered(202);
        assertThat(state.state()).isEqualTo(PipelineMetrics.SinkState.PAUSED);

        faulted.answered(202);
        assertThat(state.state()).isEqualTo(PipelineMetrics.SinkState.FLOWING);
    }

    @Test
    void aConfigurationFaultBeginsOnceAndIsOverWhenTheLastFaultedBatchIsAnswered() {
        SinkState.Batch one = state.batch();
        SinkState.Batch two = state.batch();
        one.configurationFault(403, "HTTP 403", STORES);
        one.configurationFault(403, "HTTP 403", STORES);
        two.configurationFault(403, "HTTP 403", STORES);

        one.answered(202);
        assertThat(listener.told())
                .as("another batch is still faulted")
                .containsExactly("began 403", "fault", "fault", "fault");

        two.answered(202);
        assertThat(listener.told()).containsExactly("began 403", "fault", "fault", "fault", "over 202", "answered");
    }

    @Test
    void whilePausedTheStatusGivesTheWellnessFaultsAnswerAndSince() {
        state.batch().configurationFault(401, "HTTP 401", STORES);
        Instant since = NOW.minusSeconds(30);

        assertThat(state.status(Optional.of(new OdpWellness.Fault("HTTP 401: bad key", since))))
                .isEqualTo(new BatchingSink.Status(PipelineMetrics.SinkState.PAUSED, "HTTP 401: bad key", since));
    }

    @Test
    void whilePausedWithoutAWellnessFaultTheStatusGivesTheLastRetryReason() {
        SinkState.Batch batch = state.batch();
        batch.configurationFault(404, "HTTP 404", STORES);
        batch.failed("configuration fault: HTTP 404");

        assertThat(state.status(Optional.empty()))
                .isEqualTo(new BatchingSink.Status(
                        PipelineMetrics.SinkState.PAUSED, "configuration fault: HTTP 404", null));
    }
}
