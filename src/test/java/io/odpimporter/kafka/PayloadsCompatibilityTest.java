package io.odpimporter.kafka;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.odpimporter.domain.FileDiscovered;
import io.odpimporter.domain.FileStatus;
import io.odpimporter.domain.RunEvent;
import io.odpimporter.domain.TieGroup;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The fields and kind added for ties, read across versions. The mapper is configured as Quarkus' default one
 * (quarkus.jackson.fail-on-unknown-properties=false, the project does not change it): unknown fields are ignored.
 */
class PayloadsCompatibilityTest {

    private final ObjectMapper mapper = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private final Payloads payloads = new Payloads(mapper);

    @Test
    void aFileEventWrittenBeforeTheVersionIdExistedReadsWithoutOne() {
        String old =
                "{\"schemaVersion\":1,\"account\":\"a\",\"container\":\"c\",\"blobName\":\"b.json\",\"etag\":\"e\","
                        + "\"lastModified\":\"2026-12-04T10:00:00Z\",\"contentLength\":3,\"source\":\"SWEEP\","
                        + "\"runId\":\"run-1\",\"discoveredAt\":\"2026-12-04T10:00:01Z\",\"force\":false}";
        FileDiscovered event = payloads.read(old, FileDiscovered.class, FileDiscovered.SCHEMA_VERSION);
        assertThat(event.versionId()).isNull();
        assertThat(event.blobName()).isEqualTo("b.json");
    }

    @Test
    void aFileEventWithAVersionIdRoundTrips() throws Exception {
        FileDiscovered event = new FileDiscovered(
                1,
                "a",
                "c",
                "b.json",
                "e",
                Instant.parse("2026-12-04T10:00:00Z"),
                3,
                FileDiscovered.Source.SWEEP,
                "run-1",
                Instant.parse("2026-12-04T10:00:01Z"),
                false,
                "2026-12-04T10:00:00.1234567Z");
        assertThat(payloads.read(mapper.writeValueAsString(event), FileDiscovered.class, 1))
                .isEqualTo(event);
    }

    @Test
    void anOlderReplicaIgnoresFieldsItDoesNotKnow() {
        // what an older replica does with versionId or tie: a field its class lacks
        String newer =
                "{\"schemaVersion\":1,\"type\":\"FILE_DONE\",\"runId\":\"run-1\",\"at\":\"2026-12-04T10:00:00Z\","
                        + "\"file\":\"c/b.json@e\",\"status\":\"IMPORTED\",\"aFieldFromTheFuture\":{\"x\":1}}";
        RunEvent event = payloads.read(newer, RunEvent.class, RunEvent.SCHEMA_VERSION);
        assertThat(event.type()).isEqualTo(RunEvent.Type.FILE_DONE);
        assertThat(event)
                .isInstanceOfSatisfying(
                        RunEvent.FileDone.class,
                        done -> assertThat(done.status()).isEqualTo(FileStatus.IMPORTED));
    }

    @Test
    void anOlderReplicaRefusesAnEventKindItDoesNotKnowAsUnreadable() {
        // what an older replica does with a TIE event: RunRegistry logs "Ignoring unreadable run event" and skips it
        String newer = "{\"schemaVersion\":1,\"type\":\"A_KIND_FROM_THE_FUTURE\",\"runId\":\"run-1\","
                + "\"at\":\"2026-12-04T10:00:00Z\"}";
        assertThatThrownBy(() -> payloads.read(newer, RunEvent.class, RunEvent.SCHEMA_VERSION))
                .isInstanceOf(Payloads.UnreadablePayloadException.class);
    }

    @Test
    void aTieEventRoundTripsUnderItsGroupsKey() throws Exception {
        TieGroup group = new TieGroup(
                "c", Instant.parse("2026-12-04T10:00:00Z"), 2, List.of("a.json", "b.json"), "b.json", true);
        RunEvent event = RunEvent.tie("run-1", group);
        assertThat(event.key()).isEqualTo("run-1/TIE/c@2026-12-04T10:00:00Z");
        assertThat(payloads.read(mapper.writeValueAsString(event), RunEvent.class, RunEvent.SCHEMA_VERSION))
                .isInstanceOfSatisfying(
                        RunEvent.Tie.class, tie -> assertThat(tie.group()).isEqualTo(group));
    }
}
