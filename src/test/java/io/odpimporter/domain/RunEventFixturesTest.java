package io.odpimporter.domain;

import com.fasterxml.jackson.databind.JsonNode;
import io.odpimporter.kafka.Payloads;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.util.EnumSet;
import java.util.List;
import java.util.stream.Collector;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The runs topic's contract: values captured from real topics by the code before the run event kinds had types
 * (commit e3b1709, {@code src/test/resources/contract/}) decode with the new types, keep their compaction key, and
 * are written back JSON-equal (Jackson trees: names, enum spellings, nulls, schemaVersion), so old and new replicas
 * read each other's run events during a rolling upgrade. The captured values cover every kind, trigger and status. Tombstones are not values (the run view handles them before
 * decoding).
 */
class RunEventFixturesTest {

    private static final String RUNS = "/contract/odp-importer.runs.jsonl";
    private static final Payloads PAYLOADS = new Payloads(RunEventTest.MAPPER);

    static Stream<Arguments> runEvents() throws IOException {
        return values(RUNS).stream()
                .map(line -> Arguments.of(
                        line.path("note").asText(),
                        line.get("key").asText(),
                        line.get("value").asText()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("runEvents")
    void aCapturedRunEventDecodesAndIsWrittenBackJsonEqual(String note, String key, String value) throws Exception {
        RunEvent event = PAYLOADS.read(value, RunEvent.class, RunEvent.SCHEMA_VERSION);

        JsonNode captured = RunEventTest.MAPPER.readTree(value);
        assertThat(event.type().name()).isEqualTo(captured.get("type").asText());
        assertThat(event.key()).isEqualTo(key);
        assertThat(RunEventTest.MAPPER.readTree(RunEventTest.MAPPER.writeValueAsString(event)))
                .isEqualTo(captured);
    }

    @Test
    void theCapturedRunEventsCoverEveryKindTriggerAndWrittenStatus() throws IOException {
        List<RunEvent> events = values(RUNS).stream()
                .map(line -> PAYLOADS.read(line.get("value").asText(), RunEvent.class, RunEvent.SCHEMA_VERSION))
                .toList();
        assertThat(events.stream().map(RunEvent::type).collect(toSet(RunEvent.Type.class)))
                .isEqualTo(EnumSet.allOf(RunEvent.Type.class));
        assertThat(of(events, RunEvent.Started.class)
                        .map(RunEvent.Started::trigger)
                        .collect(toSet(Trigger.class)))
                .isEqualTo(EnumSet.allOf(Trigger.class));
        assertThat(of(events, RunEvent.SweepFinished.class)
                        .map(RunEvent.SweepFinished::outcome)
                        .collect(toSet(SweepOutcome.class)))
                .isEqualTo(EnumSet.allOf(SweepOutcome.class));
        assertThat(of(events, RunEvent.FileDone.class)
                        .map(RunEvent.FileDone::status)
                        .collect(toSet(FileStatus.class)))
                .isEqualTo(EnumSet.complementOf(EnumSet.of(FileStatus.PENDING)));
        assertThat(of(events, RunEvent.Completed.class)
                        .map(RunEvent.Completed::status)
                        .collect(toSet(RunStatus.class)))
                .isEqualTo(EnumSet.complementOf(EnumSet.of(RunStatus.RUNNING)));
    }

    private static <T extends RunEvent> Stream<T> of(List<RunEvent> events, Class<T> kind) {
        return events.stream().filter(kind::isInstance).map(kind::cast);
    }

    private static <E extends Enum<E>> Collector<E, ?, EnumSet<E>> toSet(Class<E> type) {
        return Collectors.toCollection(() -> EnumSet.noneOf(type));
    }

    /** @return the fixture lines of a topic that hold a value (not a tombstone) */
    private static List<JsonNode> values(String resource) throws IOException {
        List<JsonNode> values = RunEventTest.lines(resource).stream()
                .filter(line -> line.hasNonNull("value"))
                .toList();
        assertThat(values).as(resource).isNotEmpty();
        return values;
    }
}
