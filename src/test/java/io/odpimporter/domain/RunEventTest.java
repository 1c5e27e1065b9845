package io.odpimporter.domain;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.odpimporter.kafka.Payloads;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * One record per run event kind: its key, its factory, its JSON round trip, and the JSON of the single flat record
 * it replaced. The mapper is configured as Quarkus' default one (ISO-8601 instants, unknown fields ignored).
 */
class RunEventTest {

    static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private static final Payloads PAYLOADS = new Payloads(MAPPER);
    private static final String F = "offline-stores/sample/stores-1.json@0x8DD1F2A3B4C5D6E";
    private static final Instant MOMENT = Instant.parse("2026-12-04T06:00:00Z");
    private static final TieGroup GROUP = new TieGroup(
            "offline-stores", Instant.parse("2026-12-04T09:59:12Z"), 7, List.of("a.json", "b.json"), "g.json", false);
    /** The 20 fields of the flat record, in its order. */
    private static final List<String> FIELDS = List.of(
            "schemaVersion",
            "type",
            "runId",
            "at",
            "trigger",
            "trackerId",
            "force",
            "prefix",
            "owner",
            "file",
            "blobName",
            "status",
            "total",
            "emitted",
            "indices",
            "error",
            "part",
            "duplicates",
            "scheduledFor",
            "tie");

    @Test
    void startedIsKeyedByTheRun() {
        RunEvent.Started e = RunEvent.started("run-1", Trigger.SCHEDULE, "t-1", true, "stores/", "replica-a", MOMENT);
        assertThat(e.type()).isEqualTo(RunEvent.Type.STARTED);
        assertThat(e.key()).isEqualTo("run-1/STARTED");
        assertThat(e)
                .extracting(
                        RunEvent.Started::trigger,
                        RunEvent.Started::trackerId,
                        RunEvent.Started::force,
                        RunEvent.Started::prefix,
                        RunEvent.Started::owner,
                        RunEvent.Started::scheduledFor)
                .containsExactly(Trigger.SCHEDULE, "t-1", true, "stores/", "replica-a", MOMENT);
        assertThat(RunEvent.started("run-1", Trigger.MANUAL, null, false, "", "replica-a")
                        .scheduledFor())
                .isNull();
        assertThat(e.at()).isNotNull();
    }

    @Test
    void fileDiscoveredIsKeyedByTheFile() {
        RunEvent.Discovered e = RunEvent.fileDiscovered("run-1", F, "sample/stores-1.json");
        assertThat(e.type()).isEqualTo(RunEvent.Type.FILE_DISCOVERED);
        assertThat(e.key()).isEqualTo("run-1/FILE_DISCOVERED/" + F);
        assertThat(e.blobName()).isEqualTo("sample/stores-1.json");
    }

    @Test
    void sweepFinishedIsKeyedByTheRunWhicheverWayItEnded() {
        RunEvent.SweepFinished finished = RunEvent.sweepFinished("run-1", 2, "failed");
        RunEvent.SweepFinished cancelled = RunEvent.sweepCancelled("run-1", 3);
        RunEvent.SweepFinished interrupted = RunEvent.sweepInterrupted("run-1", 4, "interrupted");
        assertThat(List.of(finished, cancelled, interrupted)).allSatisfy(e -> {
            assertThat(e.type()).isEqualTo(RunEvent.Type.SWEEP_FINISHED);
            assertThat(e.key()).isEqualTo("run-1/SWEEP_FINISHED");
        });
        assertThat(finished)
                .extracting(
                        RunEvent.SweepFinished::outcome, RunEvent.SweepFinished::files, RunEvent.SweepFinished::error)
                .containsExactly(SweepOutcome.FINISHED, 2L, "failed");
        assertThat(cancelled)
                .extracting(
                        RunEvent.SweepFinished::outcome, RunEvent.SweepFinished::files, RunEvent.SweepFinished::error)
                .containsExactly(SweepOutcome.CANCELLED, 3L, null);
        assertThat(interrupted)
                .extracting(
                        RunEvent.SweepFinished::outcome, RunEvent.SweepFinished::files, RunEvent.SweepFinished::error)
                .containsExactly(SweepOutcome.INTERRUPTED, 4L, "interrupted");
    }

    @Test
    void fileDoneIsKeyedByTheFile() {
        RunEvent.FileDone e =
                RunEvent.fileDone("run-1", F, "sample/stores-1.json", FileStatus.IMPORTED, 5, 4, List.of(7L), null, 1);
        assertThat(e.type()).isEqualTo(RunEvent.Type.FILE_DONE);
        assertThat(e.key()).isEqualTo("run-1/FILE_DONE/" + F);
        assertThat(e)
                .extracting(
                        RunEvent.FileDone::status,
                        RunEvent.FileDone::total,
                        RunEvent.FileDone::emitted,
                        RunEvent.FileDone::rejected,
                        RunEvent.FileDone::duplicates)
                .containsExactly(FileStatus.IMPORTED, 5L, 4L, List.of(7L), 1L);
    }

    @Test
    void acceptedAndRejectedAreKeyedByFileAndPart() {
        RunEvent.Accepted accepted = RunEvent.accepted("run-1", F, "0-42-1f", List.of(0L, 1L));
        RunEvent.Rejected rejected = RunEvent.rejected("run-1", F, "importer-3", List.of(3L), "record 3: bad");
        assertThat(accepted.type()).isEqualTo(RunEvent.Type.ACCEPTED);
        assertThat(accepted.key()).isEqualTo("run-1/ACCEPTED/" + F + "/0-42-1f");
        assertThat(rejected.type()).isEqualTo(RunEvent.Type.REJECTED);
        assertThat(rejected.key()).isEqualTo("run-1/REJECTED/" + F + "/importer-3");
        assertThat(rejected.error()).isEqualTo("record 3: bad");
    }

    @Test
    void completedIsKeyedByTheRun() {
        RunEvent.Completed e = RunEvent.completed("run-1", RunStatus.CANCELLED, 9, null, "replica-b");
        assertThat(e.type()).isEqualTo(RunEvent.Type.COMPLETED);
        assertThat(e.key()).isEqualTo("run-1/COMPLETED");
        assertThat(e)
                .extracting(RunEvent.Completed::status, RunEvent.Completed::accepted, RunEvent.Completed::writer)
                .containsExactly(RunStatus.CANCELLED, 9L, "replica-b");
    }

    @Test
    void cancelRequestedIsKeyedByTheRun() {
        RunEvent.CancelRequested e = RunEvent.cancelRequested("run-1", "alice");
        assertThat(e.type()).isEqualTo(RunEvent.Type.CANCEL_REQUESTED);
        assertThat(e.key()).isEqualTo("run-1/CANCEL_REQUESTED");
        assertThat(e.user()).isEqualTo("alice");
    }

    @Test
    void aTieIsKeyedByItsGroupsContainerAndSecond() {
        RunEvent.Tie e = RunEvent.tie("run-1", GROUP);
        assertThat(e.type()).isEqualTo(RunEvent.Type.TIE);
        assertThat(e.file()).isEqualTo("offline-stores@2026-12-04T09:59:12Z");
        assertThat(e.key()).isEqualTo("run-1/TIE/offline-stores@2026-12-04T09:59:12Z");
        assertThatThrownBy(() -> new RunEvent.Tie("run-1", MOMENT, null)).isInstanceOf(NullPointerException.class);
    }

    static Stream<RunEvent> everyKind() {
        return Stream.of(
                RunEvent.started("run-1", Trigger.SCHEDULE, null, false, "stores/", "replica-a", MOMENT),
                RunEvent.started("run-1", Trigger.CATCH_UP, "t-1", true, "", "replica-a"),
                RunEvent.fileDiscovered("run-1", F, "sample/stores-1.json"),
                RunEvent.sweepFinished("run-1", 2, null),
                RunEvent.sweepFinished("run-1", 0, "Blob Storage refused the listing"),
                RunEvent.sweepCancelled("run-1", 3),
                RunEvent.sweepInterrupted("run-1", 4, "interrupted"),
                RunEvent.fileDone("run-1", F, "sample/stores-1.json", FileStatus.SKIPPED, 0, 0, null, "gone", 0),
                RunEvent.fileDone("run-1", F, "sample/stores-1.json", FileStatus.IMPORTED, 2, 1, List.of(7L), null, 3),
                RunEvent.accepted("run-1", F, "0-42-1f", List.of(0L, 1L, 2L)),
                RunEvent.rejected("run-1", F, "importer-3", List.of(3L), "record 3 at byte 99: no store_id"),
                RunEvent.completed("run-1", RunStatus.COMPLETE, 4, null, "replica-a"),
                RunEvent.completed("run-1", RunStatus.ERROR, 0, "failed", "replica-a"),
                RunEvent.cancelRequested("run-1", "alice"),
                RunEvent.tie("run-1", GROUP));
    }

    @ParameterizedTest
    @MethodSource("everyKind")
    void everyKindRoundTripsThroughTheTopicsJson(RunEvent event) throws Exception {
        String json = MAPPER.writeValueAsString(event);
        assertThat(PAYLOADS.read(json, RunEvent.class, RunEvent.SCHEMA_VERSION)).isEqualTo(event);
    }

    @ParameterizedTest
    @MethodSource("everyKind")
    void everyKindIsWrittenAsTheFlatRecordWithAllTwentyFields(RunEvent event) throws Exception {
        JsonNode json = MAPPER.readTree(MAPPER.writeValueAsString(event));
        List<String> names = new ArrayList<>();
        json.fieldNames().forEachRemaining(names::add);
        assertThat(names).containsExactlyElementsOf(FIELDS);
        assertThat(json.get("schemaVersion").asInt()).isEqualTo(RunEvent.SCHEMA_VERSION);
        assertThat(json.get("type").asText()).isEqualTo(event.type().name());
    }

    @Test
    void theFieldsAKindDoesNotUseAreNullZeroOrFalse() throws Exception {
        JsonNode json = MAPPER.readTree(MAPPER.writeValueAsString(RunEvent.cancelRequested("run-1", "alice")));
        assertThat(json.get("owner").asText()).isEqualTo("alice");
        for (String field : List.of(
                "trigger",
                "trackerId",
                "prefix",
                "file",
                "blobName",
                "status",
                "indices",
                "error",
                "part",
                "scheduledFor",
                "tie")) {
            assertThat(json.get(field).isNull()).as(field).isTrue();
        }
        for (String field : List.of("total", "emitted", "duplicates")) {
            assertThat(json.get(field).asLong()).as(field).isZero();
        }
        assertThat(json.get("force").asBoolean()).isFalse();
        // the SWEEP_FINISHED outcome FINISHED is written as null, as it always was
        JsonNode finished = MAPPER.readTree(MAPPER.writeValueAsString(RunEvent.sweepFinished("run-1", 1, null)));
        assertThat(finished.get("status").isNull()).isTrue();
        // a TIE carries its file count in total and its group's second in file
        JsonNode tie = MAPPER.readTree(MAPPER.writeValueAsString(RunEvent.tie("run-1", GROUP)));
        assertThat(tie.get("total").asLong()).isEqualTo(7);
        assertThat(tie.get("file").asText()).isEqualTo("offline-stores@2026-12-04T09:59:12Z");
    }

    /**
     * Values written by the single flat record at commit e3b1709 (every factory, every trigger and status, fixed
     * {@code at}): each decodes to its kind, keeps its key, and is written back JSON-equal.
     */
    @Test
    void whatTheFlatRecordWroteReadsAndIsWrittenBackTheSame() throws Exception {
        List<JsonNode> lines = lines("/domain/run-events-e3b1709.jsonl");
        assertThat(lines).hasSize(21);
        for (JsonNode line : lines) {
            String value = line.get("value").asText();
            RunEvent event = PAYLOADS.read(value, RunEvent.class, RunEvent.SCHEMA_VERSION);
            assertThat(event.key()).as(value).isEqualTo(line.get("key").asText());
            assertThat(MAPPER.readTree(MAPPER.writeValueAsString(event)))
                    .as(value)
                    .isEqualTo(MAPPER.readTree(value));
        }
    }

    @Test
    void anEventOfAnUnknownKindIsRefusedAsUnreadable() {
        assertUnreadable("{\"schemaVersion\":1,\"type\":\"A_KIND_FROM_THE_FUTURE\",\"runId\":\"run-1\","
                + "\"at\":\"2026-12-04T10:00:00Z\"}");
        assertUnreadable("{\"schemaVersion\":1,\"runId\":\"run-1\",\"at\":\"2026-12-04T10:00:00Z\"}");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{\"schemaVersion\":1,\"type\":\"STARTED\",\"runId\":\"r\",\"trigger\":\"WEBHOOK\"}",
                "{\"schemaVersion\":1,\"type\":\"FILE_DONE\",\"runId\":\"r\",\"file\":\"f\",\"status\":\"DONE\"}",
                "{\"schemaVersion\":1,\"type\":\"FILE_DONE\",\"runId\":\"r\",\"file\":\"f\",\"status\":\"PENDING\"}",
                "{\"schemaVersion\":1,\"type\":\"COMPLETED\",\"runId\":\"r\",\"status\":\"IMPORTED\"}",
                "{\"schemaVersion\":1,\"type\":\"COMPLETED\",\"runId\":\"r\",\"status\":\"RUNNING\"}",
                "{\"schemaVersion\":1,\"type\":\"SWEEP_FINISHED\",\"runId\":\"r\",\"status\":\"FINISHED\"}",
                "{\"schemaVersion\":1,\"type\":\"SWEEP_FINISHED\",\"runId\":\"r\",\"status\":\"COMPLETE\"}",
                "{\"schemaVersion\":1,\"type\":\"TIE\",\"runId\":\"r\",\"file\":\"c@2026-12-04T10:00:00Z\",\"tie\":null}"
            })
    void aValueThatNoVersionWroteIsRefusedAsUnreadable(String json) {
        assertUnreadable(json);
    }

    @Test
    void aFileDoneWithoutAStatusReadsAsNotDoneAsItAlwaysDid() {
        RunEvent event = PAYLOADS.read(
                "{\"schemaVersion\":1,\"type\":\"FILE_DONE\",\"runId\":\"r\",\"file\":\"f\"}",
                RunEvent.class,
                RunEvent.SCHEMA_VERSION);
        assertThat(event)
                .isInstanceOfSatisfying(
                        RunEvent.FileDone.class, d -> assertThat(d.status()).isNull());
    }

    private static void assertUnreadable(String json) {
        assertThatThrownBy(() -> PAYLOADS.read(json, RunEvent.class, RunEvent.SCHEMA_VERSION))
                .as(json)
                .isInstanceOf(Payloads.UnreadablePayloadException.class);
    }

    static List<JsonNode> lines(String resource) throws IOException {
        List<JsonNode> lines = new ArrayList<>();
        try (InputStream in = Objects.requireNonNull(RunEventTest.class.getResourceAsStream(resource), resource);
                BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (!line.isBlank()) {
                    lines.add(MAPPER.readTree(line));
                }
            }
        }
        return lines;
    }
}
