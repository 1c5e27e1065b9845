package io.odpimporter.importer.read;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.odpimporter.domain.FileFormat;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JsonLinesReaderTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static List<SourceRecord> readAll(InputStream in, Position start, ReadOptions options)
            throws IOException, MalformedFileException {
        List<SourceRecord> out = new ArrayList<>();
        try (RecordReader reader = Readers.open(FileFormat.Kind.JSON_LINES, MAPPER, in, start, () -> null, options)) {
            assertThat(reader).isInstanceOf(JsonLinesReader.class);
            assertThat(reader.resumable()).isTrue();
            SourceRecord r;
            while ((r = reader.next()) != null) {
                out.add(r);
            }
        }
        return out;
    }

    private static List<SourceRecord> readAll(byte[] content) throws IOException, MalformedFileException {
        return readAll(new ByteArrayInputStream(content), Position.START, ReadOptions.DEFAULT);
    }

    private static List<SourceRecord> readAll(String content) throws IOException, MalformedFileException {
        return readAll(content.getBytes(StandardCharsets.UTF_8));
    }

    private static List<String> ids(List<SourceRecord> records) {
        return records.stream()
                .filter(r -> r.problem() == null)
                .map(r -> r.value().get("id").asText())
                .toList();
    }

    @Test
    void readsOneValuePerLineWithItsIndexLineAndByteOffset() throws Exception {
        String content = "{\"id\":\"é\"}\r\n{\"id\":\"b\"}\n{\"id\":\"c\"}";
        List<SourceRecord> records = readAll(content);
        assertThat(ids(records)).containsExactly("é", "b", "c");
        assertThat(records).extracting(SourceRecord::index).containsExactly(0L, 1L, 2L);
        assertThat(records).extracting(SourceRecord::line).containsExactly(1L, 2L, 3L);
        // 'é' is two bytes: offsets are bytes
        assertThat(records).extracting(SourceRecord::byteOffset).containsExactly(0L, 13L, 24L);
        assertThat(records).extracting(SourceRecord::bytes).containsExactly(11L, 10L, 10L);
    }

    @Test
    void blankAndWhitespaceLinesAreSkippedAndAreNotRecords() throws Exception {
        List<SourceRecord> records = readAll("\n  \t\n{\"id\":\"a\"}\n\r\n \n{\"id\":\"b\"}\n\n");
        assertThat(ids(records)).containsExactly("a", "b");
        assertThat(records).extracting(SourceRecord::index).containsExactly(0L, 1L);
        assertThat(records).extracting(SourceRecord::line).containsExactly(3L, 6L);
        assertThat(readAll("")).isEmpty();
        assertThat(readAll("\n \n")).isEmpty();
    }

    @Test
    void aLineThatIsNotOneJsonValueIsParkedAndTheRestFlows() throws Exception {
        String content = "{\"id\":\"a\"}\n{\"id\":\"b\"\n{\"id\":\"c\"} {\"id\":\"d\"}\n[[[[1]]]]\n{\"id\":\"e\"}\n";
        ReadOptions depth3 = new ReadOptions(1_048_576, 1_048_576, 3, ',', List.of());
        List<SourceRecord> records =
                readAll(new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8)), Position.START, depth3);
        assertThat(ids(records)).containsExactly("a", "e");
        assertThat(records).extracting(SourceRecord::index).containsExactly(0L, 1L, 2L, 3L, 4L);
        SourceRecord unclosed = records.get(1);
        assertThat(unclosed.problem())
                .isEqualTo("not a JSON value: Unexpected end-of-input: expected close marker for Object (column 10)");
        assertThat(unclosed.text()).isEqualTo("{\"id\":\"b\"");
        assertThat(unclosed.line()).isEqualTo(2);
        assertThat(unclosed.byteOffset()).isEqualTo(11);
        assertThat(records.get(2).problem()).isEqualTo("more than one JSON value on the line (column 12)");
        assertThat(records.get(2).text()).isEqualTo("{\"id\":\"c\"} {\"id\":\"d\"}");
        assertThat(records.get(3).problem()).startsWith("input limit exceeded: Document nesting depth (4)");
        assertThat(records.get(3).line()).isEqualTo(4);
    }

    @Test
    void valuesThatAreNotObjectsAreStillRecords() throws Exception {
        List<SourceRecord> records = readAll("1\n\"x\"\nnull\n[1]\n");
        assertThat(records).allSatisfy(r -> assertThat(r.problem()).isNull());
        assertThat(records).extracting(r -> r.value().toString()).containsExactly("1", "\"x\"", "null", "[1]");
    }

    @Test
    void nulBytesAndInvalidUtf8AreParkedWithTheirText() throws Exception {
        byte[] content = "{\"id\":\"a\"}\n{\"id\":\"\0\"}\n{\"id\":\"\u00e9\"}\n{\"id\":\"d\"}\n"
                .getBytes(StandardCharsets.ISO_8859_1);
        List<SourceRecord> records = readAll(content);
        assertThat(ids(records)).containsExactly("a", "d");
        assertThat(records.get(1).problem()).isEqualTo("the line holds a NUL byte");
        assertThat(records.get(1).text()).isEqualTo("{\"id\":\"\0\"}");
        assertThat(records.get(2).problem())
                .isEqualTo("the line is not UTF-8 (byte 7 of the line): the file is not UTF-8; save it as UTF-8");
        assertThat(records.get(2).text()).isEqualTo("{\"id\":\"\uFFFD\"}");
        assertThat(records).extracting(SourceRecord::line).containsExactly(1L, 2L, 3L, 4L);
    }

    @Test
    void aLineOverMaxRecordBytesIsReadPastAndParkedWithoutItsText() throws Exception {
        long huge = 50L * 1024 * 1024;
        GeneratedStream in = new GeneratedStream("{\"id\":\"a\"}\n{\"id\":\"", 'x', huge, "\"}\n{\"id\":\"c\"}\n");
        ReadOptions kib = new ReadOptions(1024, 1_048_576, 32, ',', List.of());
        List<SourceRecord> records = readAll(in, Position.START, kib);
        assertThat(ids(records)).containsExactly("a", "c");
        SourceRecord big = records.get(1);
        assertThat(big.problem())
                .isEqualTo("the record is " + (huge + 9)
                        + " bytes, more than importer.file-import.max-record-bytes (1024)");
        assertThat(big.text()).isNull();
        assertThat(big.byteOffset()).isEqualTo(11);
        assertThat(big.line()).isEqualTo(2);
        assertThat(records.get(2).byteOffset()).isEqualTo(11 + huge + 10);
        assertThat(records.get(2).index()).isEqualTo(2);
    }

    @Test
    void aUtf8BomIsSkippedAndUtf16FailsTheFile() throws Exception {
        List<SourceRecord> records = readAll("\uFEFF{\"id\":\"a\"}\n");
        assertThat(ids(records)).containsExactly("a");
        assertThat(records.get(0).byteOffset()).isEqualTo(3);
        byte[] utf16 = "\uFEFF{\"id\":\"a\"}\n".getBytes(StandardCharsets.UTF_16LE);
        assertThatThrownBy(() -> readAll(utf16))
                .isInstanceOf(MalformedFileException.class)
                .hasMessageStartingWith("UTF-16 text: save the file as UTF-8");
    }

    @Test
    void resumingAtEachRecordGivesExactlyTheRecordsAfterIt() throws Exception {
        String content = "\uFEFF{\"id\":\"ä\"}\r\n\n{\"id\":\"b\"}\rnot json\n  \n{\"id\":\"€\"}";
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        List<SourceRecord> all = readAll(bytes);
        assertThat(all).hasSize(4);
        for (int i = 0; i < all.size(); i++) {
            SourceRecord from = all.get(i);
            int at = (int) from.byteOffset();
            List<SourceRecord> resumed = readAll(
                    new ByteArrayInputStream(bytes, at, bytes.length - at), from.position(), ReadOptions.DEFAULT);
            assertThat(resumed).isEqualTo(all.subList(i, all.size()));
            Position unknownLine = new Position(from.index(), -1, from.byteOffset());
            assertThat(readAll(
                            new ByteArrayInputStream(bytes, at, bytes.length - at), unknownLine, ReadOptions.DEFAULT))
                    .extracting(SourceRecord::line)
                    .containsOnly(-1L);
        }
    }
}
