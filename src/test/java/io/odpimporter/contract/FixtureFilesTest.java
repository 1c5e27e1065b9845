package io.odpimporter.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The contract fixtures (src/test/resources/contract, see its README.md) are what their README says: per topic, one
 * JSON object per line with key, headers, the raw value (JSON as the service wrote it, or null for a tombstone),
 * source and note.
 */
class FixtureFilesTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @ParameterizedTest
    @ValueSource(
            strings = {"files", "stores", "dead-letter", "ledger", "runs", "progress", "locks", "activity", "run-logs"})
    void everyTopicHasFixturesOfTheDocumentedShape(String topic) throws Exception {
        List<String> lines;
        try (InputStream in = getClass().getResourceAsStream("/contract/odp-importer." + topic + ".jsonl")) {
            assertThat(in).as("fixtures of %s", topic).isNotNull();
            lines = new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .lines()
                    .toList();
        }
        assertThat(lines).isNotEmpty();
        for (String line : lines) {
            JsonNode fixture = MAPPER.readTree(line);
            List<String> names = new ArrayList<>();
            fixture.fieldNames().forEachRemaining(names::add);
            assertThat(names).containsExactlyInAnyOrder("key", "headers", "value", "source", "note");
            assertThat(fixture.path("source").asText()).isIn(Set.of("stack", "crash-suite"));
            assertThat(fixture.path("headers").isObject()).isTrue();
            fixture.path("headers").forEach(h -> assertThat(h.isTextual()).isTrue());
            assertThat(fixture.path("note").asText()).isNotBlank();
            JsonNode value = fixture.get("value");
            if (!value.isNull()) {
                assertThat(MAPPER.readTree(value.asText()).path("schemaVersion").asInt())
                        .as(line)
                        .isEqualTo(1);
            }
        }
    }
}
