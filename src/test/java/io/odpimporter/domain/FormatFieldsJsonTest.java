package io.odpimporter.domain;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.odpimporter.kafka.Payloads;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The format and line recorded with a file (progress marks, dead letters, FILE_DONE) are new optional fields: written
 * when set, absent when not (JSON-equal to what was written before), and values without them still read.
 */
class FormatFieldsJsonTest {

    static final ObjectMapper MAPPER = TopicJsonTest.MAPPER;
    static final Instant AT = TopicJsonTest.AT;
    private final Payloads payloads = new Payloads(MAPPER);

    @Test
    void aProgressMarkRecordsFormatAndLine() throws Exception {
        ProgressMark mark = new ProgressMark(1, "run-1", 200, 5000, 2, AT, 1, FileFormat.parse("csv.gz"), 203L);
        String json = MAPPER.writeValueAsString(mark);
        assertThat(json).endsWith(",\"format\":\"csv.gz\",\"line\":203}");
        ProgressMark read = payloads.read(json, ProgressMark.class, ProgressMark.SCHEMA_VERSION);
        assertThat(read).isEqualTo(mark);
        assertThat(read.formatOrDefault()).isEqualTo(new FileFormat(FileFormat.Kind.CSV, true));
    }

    @Test
    void aMarkWithoutThemIsWrittenAsBeforeAndReadsAsAPlainJsonArrayAtAnUnknownLine() throws Exception {
        String old = "{\"schemaVersion\":1,\"runId\":\"run-1\",\"nextRecordIndex\":200,\"byteOffset\":5000,"
                + "\"rejected\":2,\"writtenAt\":\"2026-11-29T06:00:02.311Z\",\"duplicates\":1}";
        ProgressMark read = payloads.read(old, ProgressMark.class, ProgressMark.SCHEMA_VERSION);
        assertThat(read.format()).isNull();
        assertThat(read.formatOrDefault()).isEqualTo(FileFormat.JSON_ARRAY);
        assertThat(read.lineOrUnknown()).isEqualTo(-1);
        assertThat(MAPPER.readTree(MAPPER.writeValueAsString(read))).isEqualTo(MAPPER.readTree(old));
        assertThat(MAPPER.writeValueAsString(new ProgressMark(1, "run-1", 200, 5000, 2, AT, 1)))
                .isEqualTo(old);
    }

    @Test
    void aDeadLetterRecordsTheRowsLineAndTheFilesFormat() throws Exception {
        DeadLetter parked = new DeadLetter(
                        1, DeadLetterKind.INVALID_RECORD, "run-1", "c", "a.csv", "0x1", 5, 77, "bad", "x,y", AT)
                .at(FileFormat.parse("csv"), 7);
        String json = MAPPER.writeValueAsString(parked);
        assertThat(json).endsWith(",\"format\":\"csv\",\"line\":7}");
        DeadLetter read = payloads.read(json, DeadLetter.class, DeadLetter.SCHEMA_VERSION);
        assertThat(read).isEqualTo(parked);
        assertThat(read.line()).isEqualTo(7L);
        // a file's failure has no line: it is left out
        assertThat(MAPPER.writeValueAsString(parked.at(FileFormat.JSON_ARRAY, -1)))
                .endsWith(",\"format\":\"json\"}");
    }

    @Test
    void aDeadLetterWithoutThemReadsWithNeither() throws Exception {
        String old = "{\"schemaVersion\":1,\"kind\":\"INVALID_RECORD\",\"runId\":\"run-1\",\"container\":\"c\","
                + "\"blobName\":\"a.json\",\"etag\":\"0x1\",\"recordIndex\":5,\"byteOffset\":77,\"reason\":\"bad\","
                + "\"value\":\"{}\",\"parkedAt\":\"2026-11-29T06:00:02.311Z\"}";
        DeadLetter read = payloads.read(old, DeadLetter.class, DeadLetter.SCHEMA_VERSION);
        assertThat(read.format()).isNull();
        assertThat(read.line()).isNull();
        assertThat(MAPPER.writeValueAsString(read)).isEqualTo(old);
    }

    @Test
    void fileDoneRecordsTheFormatAndOtherKindsAreWrittenAsBefore() throws Exception {
        RunEvent.FileDone done = new RunEvent.FileDone(
                "run-1",
                AT,
                "c/a.jsonl.gz@0x1",
                "a.jsonl.gz",
                FileStatus.IMPORTED,
                3,
                3,
                null,
                null,
                0,
                FileFormat.parse("jsonl.gz"));
        String json = MAPPER.writeValueAsString(done);
        assertThat(json).endsWith(",\"tie\":null,\"format\":\"jsonl.gz\"}");
        assertThat(MAPPER.readValue(json, RunEvent.class)).isEqualTo(done);

        RunEvent.FileDone old =
                new RunEvent.FileDone("run-1", AT, "c/a.json@0x1", "a.json", FileStatus.IMPORTED, 3, 3, null, null, 0);
        String oldJson = MAPPER.writeValueAsString(old);
        assertThat(oldJson).doesNotContain("format").endsWith(",\"tie\":null}");
        assertThat(MAPPER.readValue(oldJson, RunEvent.class)).isEqualTo(old);
    }

    @Test
    void aFormatOfANewerReleaseReadsAsUnknown() throws Exception {
        String json = "{\"schemaVersion\":1,\"runId\":\"run-1\",\"nextRecordIndex\":2,\"byteOffset\":50,"
                + "\"rejected\":0,\"writtenAt\":\"2026-11-29T06:00:02.311Z\",\"duplicates\":0,\"format\":\"parquet\"}";
        assertThat(payloads.read(json, ProgressMark.class, ProgressMark.SCHEMA_VERSION)
                        .format())
                .isNull();
    }
}
