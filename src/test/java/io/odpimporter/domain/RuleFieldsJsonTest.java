package io.odpimporter.domain;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.odpimporter.kafka.Payloads;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rule recorded with a file on FILE_DONE and in progress marks is an optional field: written when set (the string
 * form name@fingerprint), absent for the default rule (JSON-equal to what was written before), and read back.
 */
class RuleFieldsJsonTest {

    static final ObjectMapper MAPPER = TopicJsonTest.MAPPER;
    static final Instant AT = TopicJsonTest.AT;
    private final Payloads payloads = new Payloads(MAPPER);

    /** A FILE_DONE as written before rules (the last release's form, with its format). */
    static final String OLD_FILE_DONE = "{\"schemaVersion\":1,\"type\":\"FILE_DONE\",\"runId\":\"run-1\","
            + "\"at\":\"2026-11-29T06:00:02.311Z\",\"trigger\":null,\"trackerId\":null,\"force\":false,"
            + "\"prefix\":null,\"owner\":null,\"file\":\"c/a.csv@0x1\",\"blobName\":\"a.csv\",\"status\":\"IMPORTED\","
            + "\"total\":3,\"emitted\":3,\"indices\":null,\"error\":null,\"part\":null,\"duplicates\":0,"
            + "\"scheduledFor\":null,\"tie\":null,\"format\":\"csv\"}";

    @Test
    void aFileDoneOfTheDefaultRuleIsJsonEqualToWhatWasWrittenBefore() throws Exception {
        RunEvent.FileDone done = new RunEvent.FileDone(
                "run-1", AT, "c/a.csv@0x1", "a.csv", FileStatus.IMPORTED, 3, 3, null, null, 0, FileFormat.parse("csv"));
        assertThat(MAPPER.writeValueAsString(done)).isEqualTo(OLD_FILE_DONE);
        RunEvent read = MAPPER.readValue(OLD_FILE_DONE, RunEvent.class);
        assertThat(read).isEqualTo(done);
        assertThat(((RunEvent.FileDone) read).rule()).isNull();
    }

    @Test
    void aFileDoneWithARuleWritesItsStringFormLastAndReadsBack() throws Exception {
        RunEvent.FileDone done = new RunEvent.FileDone(
                "run-1",
                AT,
                "c/a.csv@0x1",
                "a.csv",
                FileStatus.IMPORTED,
                3,
                3,
                null,
                null,
                0,
                FileFormat.parse("csv"),
                RuleRef.parse("orders@0a1b2c3d"));
        String json = MAPPER.writeValueAsString(done);
        assertThat(json)
                .isEqualTo(OLD_FILE_DONE.substring(0, OLD_FILE_DONE.length() - 1) + ",\"rule\":\"orders@0a1b2c3d\"}");
        assertThat(MAPPER.readValue(json, RunEvent.class)).isEqualTo(done);
        // other kinds never carry it
        assertThat(MAPPER.writeValueAsString(new RunEvent.Discovered("run-1", AT, "c/a.csv@0x1", "a.csv")))
                .doesNotContain("rule");
    }

    @Test
    void aProgressMarkRecordsItsRuleAndAMarkOfTheDefaultRuleIsWrittenAsBefore() throws Exception {
        ProgressMark mark = new ProgressMark(
                1, "run-1", 200, 5000, 2, AT, 1, FileFormat.parse("csv"), 203L, RuleRef.parse("orders@0a1b2c3d"));
        String json = MAPPER.writeValueAsString(mark);
        assertThat(json).endsWith(",\"line\":203,\"rule\":\"orders@0a1b2c3d\"}");
        assertThat(payloads.read(json, ProgressMark.class, ProgressMark.SCHEMA_VERSION))
                .isEqualTo(mark);
        assertThat(MAPPER.writeValueAsString(
                        new ProgressMark(1, "run-1", 200, 5000, 2, AT, 1, FileFormat.parse("csv"), 203L, null)))
                .endsWith(",\"line\":203}");
    }
}
