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
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The runs topic's contract: values captured from real topics by the code before the run event kinds had types
 * (commit e3b1709, {@code src/test/resources/contract/}) decode with the new types, keep their compaction key, and
 * are written back JSON-equal (Jackson trees: names, enum spellings, nulls, schemaVersion), so old and new replicas
 * read each other's run events during a rolling upgrade. Tombstones are not values (the run view handles them before
 * decoding).
 */
class ContractFixturesTest {

    private static final String RUNS = "/contract/odp-importer.runs.jsonl";
    private static final Payloads PAYLOADS = new Payloads(RunEventTest.MAPPER);

    static Stream<Arguments> runEvents() throws IOException {
        return values(RUNS).stream().map(line -> Arguments.of(line.path("note").asText(), line.get("key").asText(),
                line.get("value").asText()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("runEvents")
    void aCapturedRunEventDecodesAndIsWrittenBackJsonEqual(String note, String key, String value) throws Exception {
        RunEvent event = PAYLOADS.read(value, RunEvent.class, RunEvent.SCHEMA_VERSION);

        JsonNode captured = RunEventTest.MAPPER.readTree(value);
        assertThat(event.type().name()).isEqualTo(captured.get("type").asText());
        assertThat(event.key()).isEqualTo(key);
        assertThat(RunEventTest.MAPPER.readTree(RunEventTest.MAPPER.writeValueAsString(event))).isEqualTo(captured);
    }

    @Test
    void theCapturedRunEventsCoverEveryKind() throws IOException {
        Set<RunEvent.Type> kinds = values(RUNS).stream()
                .map(line -> PAYLOADS.read(line.get("value").asText(), RunEvent.class, RunEvent.SCHEMA_VERSION).type())
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(RunEvent.Type.class)));
        assertThat(kinds).isEqualTo(EnumSet.allOf(RunEvent.Type.class));
    }

    /** @return the fixture lines of a topic that hold a value (not a tombstone) */
    private static List<JsonNode> values(String resource) throws IOException {
        List<JsonNode> values = RunEventTest.lines(resource).stream()
                .filter(line -> line.hasNonNull("value")).toList();
        assertThat(values).as(resource).isNotEmpty();
        return values;
    }
}
