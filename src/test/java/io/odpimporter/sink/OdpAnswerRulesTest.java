package io.odpimporter.sink;

import io.odpimporter.domain.DeadLetterKind;
import io.odpimporter.domain.RunEvent;
import io.odpimporter.metrics.PipelineMetrics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What each ODP answer means for the records sent ({@link AnswerRules} through {@link Delivery}), the fake ODP's
 * answers given by the test.
 */
class OdpAnswerRulesTest {

    private static final String BAD_REQUEST = "{\"title\":\"Bad Request\",\"status\":400,\"timestamp\":\"t\"}";

    private final SinkHarness sink = new SinkHarness();

    @Test
    void aTwoHundredWithOdpsJsonAcceptsTheRecordsAndAcknowledgesThePoll() {
        sink.poll(0, 0, "a", "b", "c");

        sink.odp.theOpenOne().answer(200, FakeOdp.ACCEPTED);

        assertThat(sink.odp.requests()).hasSize(1);
        assertThat(sink.writes.indices(RunEvent.Type.ACCEPTED)).containsExactly(0L, 1L, 2L);
        assertThat(sink.acked()).containsExactly("0@2");
        assertThat(sink.registry.find("odp.importer.records.accepted").counter().count())
                .isEqualTo(3);
        assertThat(sink.odpRequests("2xx")).isEqualTo(1);
    }

    @Test
    void aTwoHundredThatIsNotOdpsJsonIsRetried() {
        sink.poll(0, 0, "a", "b", "c");

        sink.odp.theOpenOne().answer(200, "<html>proxy</html>");

        assertThat(sink.odp.theOpenOne().ids()).containsExactly("a", "b", "c");
        assertThat(sink.writes.events()).isEmpty();
        assertThat(sink.acked()).isEmpty();
        assertThat(sink.state.state()).isEqualTo(PipelineMetrics.SinkState.RETRYING);
    }

    @Test
    void status400WithIndexesParksOnlyThoseRecords() {
        sink.poll(0, 0, "a", "b", "c");

        sink.odp
                .theOpenOne()
                .answer(
                        400,
                        "{\"title\":\"Bad Request\",\"status\":400,\"detail\":{\"invalids\":"
                                + "[{\"event\":1,\"message\":\"name is too long\"}]}}");

        assertThat(sink.writes.deadLetters()).singleElement().satisfies(parked -> {
            assertThat(parked.kind()).isEqualTo(DeadLetterKind.REJECTED_BY_ODP);
            assertThat(parked.recordIndex()).isEqualTo(1);
            assertThat(parked.reason()).isEqualTo("HTTP 400: name is too long");
            assertThat(parked.container()).isEqualTo("imports");
            assertThat(parked.blobName()).isEqualTo("stores.json");
            assertThat(parked.etag()).isEqualTo("0x1");
            assertThat(parked.target()).as("a replay sends it there again").isEqualTo(SinkHarness.STORES);
            assertThat(parked.rule()).as("not known to the sink").isNull();
        });
        assertThat(sink.writes.indices(RunEvent.Type.REJECTED)).containsExactly(1L);
        assertThat(sink.odp.theOpenOne().ids()).as("the others are sent again").containsExactly("a", "c");
        assertThat(sink.acked()).isEmpty();

        sink.odp.theOpenOne().accept();

        assertThat(sink.writes.indices(RunEvent.Type.ACCEPTED)).containsExactly(0L, 2L);
        assertThat(sink.acked()).containsExactly("0@2");
        assertThat(sink.registry
                        .find("odp.importer.records.rejected")
                        .tag("stage", "odp")
                        .counter()
                        .count())
                .isEqualTo(1);
    }

    @Test
    void status400WithoutIndexesBisects() {
        SinkHarness wide = new SinkHarness(4, 2, 100, 0);
        wide.poll(0, 0, "a", "b", "c", "d");

        List<List<String>> sent = answerUntilDone(wide, "c", 400, BAD_REQUEST);

        assertThat(sent)
                .containsExactly(
                        List.of("a", "b", "c", "d"), List.of("a", "b"), List.of("c", "d"), List.of("c"), List.of("d"));
        assertThat(wide.writes.parkedIndices()).containsExactly(2L);
        assertThat(wide.writes.deadLetters().get(0).reason()).isEqualTo("HTTP 400: " + BAD_REQUEST);
        assertThat(wide.writes.indices(RunEvent.Type.ACCEPTED)).containsExactly(0L, 1L, 3L);
        assertThat(wide.acked()).containsExactly("0@3");
    }

    @Test
    void status400NamingAnIndexOutsideTheRequestBisects() {
        SinkHarness wide = new SinkHarness(2, 2, 100, 0);
        wide.poll(0, 0, "a", "b");

        wide.odp.theOpenOne().answer(400, "{\"status\":400,\"detail\":{\"invalids\":[{\"event\":7}]}}");

        assertThat(wide.odp.theOpenOne().ids()).containsExactly("a");
        assertThat(wide.writes.deadLetters()).isEmpty();
    }

    @Test
    void status413HalvesTheBatchWithoutParking() {
        SinkHarness wide = new SinkHarness(4, 2, 100, 0);
        wide.poll(0, 0, "a", "b", "c", "d");
        wide.odp.theOpenOne().answer(413, "Request Entity Too Large");

        assertThat(wide.odp.theOpenOne().ids()).containsExactly("a", "b");
        wide.odp.theOpenOne().accept();
        wide.odp.theOpenOne().accept();

        assertThat(wide.writes.deadLetters()).isEmpty();
        assertThat(wide.writes.indices(RunEvent.Type.ACCEPTED)).containsExactly(0L, 1L, 2L, 3L);
        assertThat(wide.acked()).containsExactly("0@3");
    }

    @Test
    void aSingleRecordRefusedWith413IsRetriedAsAConfigurationFaultNeverParked() {
        sink.poll(0, 0, "a");
        sink.linger();

        sink.odp.theOpenOne().answer(413, "Request Entity Too Large");

        assertThat(sink.odp.theOpenOne().ids()).containsExactly("a");
        assertThat(sink.writes.deadLetters()).isEmpty();
        assertThat(sink.state.state()).isEqualTo(PipelineMetrics.SinkState.PAUSED);
        assertThat(sink.faults.told()).containsExactly("began 413", "fault");

        sink.odp.theOpenOne().accept();

        assertThat(sink.writes.indices(RunEvent.Type.ACCEPTED)).containsExactly(0L);
        assertThat(sink.state.state()).isEqualTo(PipelineMetrics.SinkState.FLOWING);
    }

    @ParameterizedTest
    @ValueSource(ints = {401, 403, 404})
    void configurationFaultsPauseTheSinkAndRetryTheSameRecords(int status) {
        sink.poll(0, 0, "a", "b", "c");

        sink.odp.theOpenOne().answer(status, "{\"title\":\"Forbidden\",\"status\":" + status + "}");

        assertThat(sink.state.state()).isEqualTo(PipelineMetrics.SinkState.PAUSED);
        assertThat(sink.odp.theOpenOne().ids()).containsExactly("a", "b", "c");
        assertThat(sink.writes.deadLetters()).isEmpty();
        assertThat(sink.acked()).isEmpty();

        sink.odp.theOpenOne().accept();

        assertThat(sink.state.state()).isEqualTo(PipelineMetrics.SinkState.FLOWING);
        assertThat(sink.faults.told()).containsExactly("began " + status, "fault", "over 202", "answered");
        assertThat(sink.acked()).containsExactly("0@2");
    }

    @ParameterizedTest
    @ValueSource(ints = {301, 429, 500, 502, 503})
    void transientAnswersAreRetriedWithTheSameRecords(int status) {
        sink.poll(0, 0, "a", "b", "c");

        sink.odp.theOpenOne().answer(status, "{\"status\":" + status + "}");

        assertThat(sink.state.state()).isEqualTo(PipelineMetrics.SinkState.RETRYING);
        assertThat(sink.odp.theOpenOne().ids()).containsExactly("a", "b", "c");
        assertThat(sink.writes.deadLetters()).isEmpty();
        assertThat(sink.registry.find("odp.importer.odp.retries").counter().count())
                .isEqualTo(1);

        sink.odp.theOpenOne().accept();

        assertThat(sink.state.state()).isEqualTo(PipelineMetrics.SinkState.FLOWING);
        assertThat(sink.acked()).containsExactly("0@2");
    }

    @Test
    void aTimeoutIsRetriedAndCountedAsARequestWithoutAnswer() {
        sink.poll(0, 0, "a", "b", "c");

        sink.odp.theOpenOne().fail(new TimeoutException("read timeout"));

        assertThat(sink.odp.theOpenOne().ids()).containsExactly("a", "b", "c");
        assertThat(sink.odpRequests("error")).isEqualTo(1);
        assertThat(sink.state.state()).isEqualTo(PipelineMetrics.SinkState.RETRYING);
        assertThat(sink.state.status(Optional.empty()).reason()).contains("read timeout");
    }

    /**
     * Answers every request: {@code status} with {@code body} when it holds {@code badKey}, else 202.
     *
     * @return the ids of each request sent, in order
     */
    private static List<List<String>> answerUntilDone(SinkHarness sink, String badKey, int status, String body) {
        List<List<String>> sent = new ArrayList<>();
        while (!sink.odp.open().isEmpty()) {
            FakeOdp.Request request = sink.odp.open().get(0);
            sent.add(request.ids());
            if (request.ids().contains(badKey)) {
                request.answer(status, body);
            } else {
                request.accept();
            }
        }
        return sent;
    }
}
