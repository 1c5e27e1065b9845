package io.odpimporter.importer.read;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JsonArrayReaderTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static List<SourceRecord> readAll(String json, long start, long firstIndex)
            throws IOException, MalformedFileException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        InputStream in = new ByteArrayInputStream(bytes, (int) start, bytes.length - (int) start);
        List<SourceRecord> out = new ArrayList<>();
        try (JsonArrayReader reader =
                new JsonArrayReader(MAPPER, in, new Position(firstIndex, -1, start), ReadOptions.DEFAULT)) {
            SourceRecord e;
            while ((e = reader.next()) != null) {
                out.add(e);
            }
        }
        return out;
    }

    @Test
    void readsEveryElementWithItsIndexAndByteOffset() throws Exception {
        String json = "[{\"id\":\"a\"}, {\"id\":\"é\"},\n {\"id\":\"c\"}]";
        List<SourceRecord> elements = readAll(json, 0, 0);
        assertThat(elements).extracting(SourceRecord::index).containsExactly(0L, 1L, 2L);
        assertThat(elements).extracting(e -> e.value().get("id").asText()).containsExactly("a", "é", "c");
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        for (SourceRecord e : elements) {
            assertThat((char) bytes[(int) e.byteOffset()]).isEqualTo('{');
        }
        // the third element starts after the two-byte 'é': offsets are bytes, not characters
        assertThat(elements.get(2).byteOffset()).isEqualTo(json.indexOf("{\"id\":\"c\"") + 1);
    }

    @Test
    void resumesAtAnElementsByteOffsetWithTheRightIndexes() throws Exception {
        String json = "[{\"id\":\"a\"}, {\"id\":\"b\"}, {\"id\":\"c\"}]";
        List<SourceRecord> all = readAll(json, 0, 0);
        long offset = all.get(1).byteOffset();

        List<SourceRecord> resumed = readAll(json, offset, 1);

        assertThat(resumed).extracting(SourceRecord::index).containsExactly(1L, 2L);
        assertThat(resumed)
                .extracting(SourceRecord::byteOffset)
                .containsExactly(all.get(1).byteOffset(), all.get(2).byteOffset());
        assertThat(resumed).extracting(e -> e.value().get("id").asText()).containsExactly("b", "c");
    }

    @Test
    void emptyArrayAndEmptyBlobHaveNoElements() throws Exception {
        assertThat(readAll("[]", 0, 0)).isEmpty();
        assertThat(readAll("  [ ]  ", 0, 0)).isEmpty();
        assertThat(readAll("", 0, 0)).isEmpty();
    }

    @Test
    void anObjectInsteadOfAnArrayIsMalformedAtByteZero() {
        assertThatThrownBy(() -> readAll("{\"id\":\"a\"}", 0, 0))
                .isInstanceOf(MalformedFileException.class)
                .hasMessageContaining("expected a JSON array of records, found a JSON object")
                .satisfies(e ->
                        assertThat(((MalformedFileException) e).byteOffset()).isZero());
    }

    @Test
    void aTruncatedFileYieldsTheRecordsBeforeTheCutThenFails() throws Exception {
        String json = "[{\"id\":\"a\"}, {\"id\":\"b\"}, {\"id\":";
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        List<String> seen = new ArrayList<>();
        try (JsonArrayReader reader =
                new JsonArrayReader(MAPPER, new ByteArrayInputStream(bytes), Position.START, ReadOptions.DEFAULT)) {
            assertThatThrownBy(() -> {
                        SourceRecord e;
                        while ((e = reader.next()) != null) {
                            seen.add(e.value().get("id").asText());
                        }
                    })
                    .isInstanceOf(MalformedFileException.class)
                    .hasMessageContaining("unexpected end of file");
        }
        assertThat(seen).containsExactly("a", "b");
    }

    @Test
    void notJsonIsMalformedWithTheOffsetOfTheError() {
        assertThatThrownBy(() -> readAll("[{\"id\":\"a\"}, nonsense]", 0, 0))
                .isInstanceOf(MalformedFileException.class)
                .hasMessageContaining("invalid JSON")
                .satisfies(e ->
                        assertThat(((MalformedFileException) e).byteOffset()).isBetween(12L, 21L));
    }

    @Test
    void anUnclosedArrayIsMalformed() {
        assertThatThrownBy(() -> readAll("[{\"id\":\"a\"}", 0, 0))
                .isInstanceOf(MalformedFileException.class)
                .hasMessageContaining("unexpected end of file");
    }

    private static List<SourceRecord> readLimited(String json, ReadOptions limits)
            throws IOException, MalformedFileException {
        List<SourceRecord> out = new ArrayList<>();
        try (JsonArrayReader reader = new JsonArrayReader(
                MAPPER, new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), Position.START, limits)) {
            SourceRecord e;
            while ((e = reader.next()) != null) {
                out.add(e);
            }
        }
        return out;
    }

    @Test
    void deepNestingFailsTheFileWithALimitError() {
        String deep = "[{\"id\":\"a\"}, " + "[".repeat(20) + "]".repeat(20) + "]";
        assertThatThrownBy(() -> readLimited(deep, limits(1000, 8, 1_000_000)))
                .isInstanceOf(MalformedFileException.class)
                .hasMessageContaining("input limit exceeded")
                .hasMessageContaining("nesting depth");
    }

    @Test
    void aHugeStringFailsTheFileWithALimitErrorAfterTheRecordsBeforeIt() throws Exception {
        String json = "[{\"id\":\"a\"}, {\"id\":\"" + "x".repeat(5000) + "\"}]";
        List<String> seen = new ArrayList<>();
        try (JsonArrayReader reader = new JsonArrayReader(
                MAPPER,
                new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)),
                Position.START,
                limits(1000, 8, 1_000_000))) {
            assertThatThrownBy(() -> {
                        SourceRecord e;
                        while ((e = reader.next()) != null) {
                            seen.add(e.value().get("id").asText());
                        }
                    })
                    .isInstanceOf(MalformedFileException.class)
                    .hasMessageContaining("String value length");
        }
        assertThat(seen).containsExactly("a");
    }

    @Test
    void aRecordOverTheRecordLimitIsReadPastNotKeptAndTheFileGoesOn() throws Exception {
        StringBuilder huge = new StringBuilder("{\"id\":\"big\"");
        for (int i = 0; i < 5000; i++) {
            huge.append(",\"f").append(i).append("\":[\"x\",{\"y\":").append(i).append("}]");
        }
        huge.append('}');
        String small = "{\"id\":\"" + "s".repeat(900) + "\"}";
        String json = "[{\"id\":\"a\"}, " + huge + ", " + small + ", {\"id\":\"c\"}]";
        List<SourceRecord> elements = readLimited(json, limits(1000, 8, 1000));

        assertThat(elements).hasSize(4);
        assertThat(elements.get(1).problem()).contains("max-record-bytes");
        assertThat(elements.get(1).bytes()).isEqualTo(huge.length());
        assertThat(elements.get(1).byteOffset()).isEqualTo(json.indexOf(huge.toString()));
        // a record under the limit is kept whole, and the records after the oversized one are read
        assertThat(elements.get(2).problem()).isNull();
        assertThat(elements.get(2).value().get("id").asText()).hasSize(900);
        assertThat(elements.get(3).value().get("id").asText()).isEqualTo("c");
        assertThat(elements.get(3).index()).isEqualTo(3);
    }

    @Test
    void aRecordCutOffByTheEndOfTheFileIsATruncation() {
        assertThatThrownBy(() -> readLimited("[{\"id\":\"a\"}, {\"id\":[1,2", limits(1000, 8, 1000)))
                .isInstanceOf(MalformedFileException.class)
                .hasMessageContaining("unexpected end of file");
    }

    @Test
    void eachElementKnowsItsSizeInBytes() throws Exception {
        String json = "[{\"id\":\"a\"},{\"id\":\"" + "é".repeat(10) + "\"}]";
        List<SourceRecord> elements = readLimited(json, ReadOptions.DEFAULT);
        assertThat(elements.get(0).bytes()).isEqualTo("{\"id\":\"a\"}".length());
        assertThat(elements.get(1).bytes())
                .isEqualTo(("{\"id\":\"" + "é".repeat(10) + "\"}").getBytes(StandardCharsets.UTF_8).length);
    }

    @Test
    void aUtf8ByteOrderMarkCrlfAndUtf16WithABomAreRead() throws Exception {
        String json = "[{\"id\":\"a\"},\r\n{\"id\":\"b\"}]";
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        byte[] utf8 = json.getBytes(StandardCharsets.UTF_8);
        byte[] withBom = new byte[bom.length + utf8.length];
        System.arraycopy(bom, 0, withBom, 0, bom.length);
        System.arraycopy(utf8, 0, withBom, bom.length, utf8.length);
        for (byte[] content : List.of(withBom, json.getBytes(StandardCharsets.UTF_16))) {
            List<String> ids = new ArrayList<>();
            try (JsonArrayReader reader = new JsonArrayReader(
                    MAPPER, new ByteArrayInputStream(content), Position.START, ReadOptions.DEFAULT)) {
                SourceRecord e;
                while ((e = reader.next()) != null) {
                    ids.add(e.value().get("id").asText());
                }
            }
            assertThat(ids).containsExactly("a", "b");
        }
    }

    @Test
    void inUtf16TheRecordLimitCountsCharactersAndTheFileIsNotResumable() throws Exception {
        String huge = "{\"id\":\"big\"" + ",\"f\":[1,2,3]".repeat(500) + "}";
        String json = "[{\"id\":\"a\"}, " + huge + ", {\"id\":\"c\"}]";
        try (JsonArrayReader utf16 = new JsonArrayReader(
                MAPPER,
                new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_16)),
                Position.START,
                limits(1000, 8, 1000))) {
            assertThat(utf16.next().value().get("id").asText()).isEqualTo("a");
            assertThat(utf16.next().problem()).contains("max-record-bytes");
            assertThat(utf16.next().value().get("id").asText()).isEqualTo("c");
            assertThat(utf16.resumable()).isFalse();
        }
        try (JsonArrayReader utf8 = new JsonArrayReader(
                MAPPER,
                new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)),
                Position.START,
                ReadOptions.DEFAULT)) {
            utf8.next();
            assertThat(utf8.resumable()).isTrue();
        }
    }

    @Test
    void nonUtf8BytesFailTheFileAtTheirOffset() {
        byte[] content = "[{\"id\":\"a\"}, {\"id\":\"\u00ff\"}]".getBytes(StandardCharsets.ISO_8859_1);
        assertThatThrownBy(() -> {
                    try (JsonArrayReader reader = new JsonArrayReader(
                            MAPPER, new ByteArrayInputStream(content), Position.START, ReadOptions.DEFAULT)) {
                        while (reader.next() != null) {
                            // read on
                        }
                    }
                })
                .isInstanceOf(MalformedFileException.class)
                .hasMessageContaining("UTF-8");
    }

    private static ReadOptions limits(int maxStringLength, int maxNestingDepth, long maxRecordBytes) {
        return new ReadOptions(maxRecordBytes, maxStringLength, maxNestingDepth, ',', List.of());
    }
}
