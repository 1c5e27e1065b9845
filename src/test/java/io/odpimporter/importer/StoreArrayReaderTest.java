package io.odpimporter.importer;

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

class StoreArrayReaderTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static List<StoreArrayReader.Element> readAll(String json, long start, long firstIndex)
            throws IOException, MalformedFileException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        InputStream in = new ByteArrayInputStream(bytes, (int) start, bytes.length - (int) start);
        List<StoreArrayReader.Element> out = new ArrayList<>();
        try (StoreArrayReader reader = new StoreArrayReader(MAPPER, in, start, firstIndex)) {
            StoreArrayReader.Element e;
            while ((e = reader.next()) != null) {
                out.add(e);
            }
        }
        return out;
    }

    @Test
    void readsEveryElementWithItsIndexAndByteOffset() throws Exception {
        String json = "[{\"id\":\"a\"}, {\"id\":\"é\"},\n {\"id\":\"c\"}]";
        List<StoreArrayReader.Element> elements = readAll(json, 0, 0);
        assertThat(elements).extracting(StoreArrayReader.Element::index).containsExactly(0L, 1L, 2L);
        assertThat(elements).extracting(e -> e.value().get("id").asText()).containsExactly("a", "é", "c");
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        for (StoreArrayReader.Element e : elements) {
            assertThat((char) bytes[(int) e.byteOffset()]).isEqualTo('{');
        }
        // the third element starts after the two-byte 'é': offsets are bytes, not characters
        assertThat(elements.get(2).byteOffset()).isEqualTo(json.indexOf("{\"id\":\"c\"") + 1);
    }

    @Test
    void resumesAtAnElementsByteOffsetWithTheRightIndexes() throws Exception {
        String json = "[{\"id\":\"a\"}, {\"id\":\"b\"}, {\"id\":\"c\"}]";
        List<StoreArrayReader.Element> all = readAll(json, 0, 0);
        long offset = all.get(1).byteOffset();

        List<StoreArrayReader.Element> resumed = readAll(json, offset, 1);

        assertThat(resumed).extracting(StoreArrayReader.Element::index).containsExactly(1L, 2L);
        assertThat(resumed)
                .extracting(StoreArrayReader.Element::byteOffset)
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
        try (StoreArrayReader reader = new StoreArrayReader(MAPPER, new ByteArrayInputStream(bytes), 0, 0)) {
            assertThatThrownBy(() -> {
                        StoreArrayReader.Element e;
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

    private static List<StoreArrayReader.Element> readLimited(String json, StoreArrayReader.Limits limits)
            throws IOException, MalformedFileException {
        List<StoreArrayReader.Element> out = new ArrayList<>();
        try (StoreArrayReader reader = new StoreArrayReader(
                MAPPER, new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), 0, 0, limits)) {
            StoreArrayReader.Element e;
            while ((e = reader.next()) != null) {
                out.add(e);
            }
        }
        return out;
    }

    @Test
    void deepNestingFailsTheFileWithALimitError() {
        String deep = "[{\"id\":\"a\"}, " + "[".repeat(20) + "]".repeat(20) + "]";
        assertThatThrownBy(() -> readLimited(deep, new StoreArrayReader.Limits(1000, 8, 1_000_000)))
                .isInstanceOf(MalformedFileException.class)
                .hasMessageContaining("input limit exceeded")
                .hasMessageContaining("nesting depth");
    }

    @Test
    void aHugeStringFailsTheFileWithALimitErrorAfterTheRecordsBeforeIt() throws Exception {
        String json = "[{\"id\":\"a\"}, {\"id\":\"" + "x".repeat(5000) + "\"}]";
        List<String> seen = new ArrayList<>();
        try (StoreArrayReader reader = new StoreArrayReader(
                MAPPER,
                new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)),
                0,
                0,
                new StoreArrayReader.Limits(1000, 8, 1_000_000))) {
            assertThatThrownBy(() -> {
                        StoreArrayReader.Element e;
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
        List<StoreArrayReader.Element> elements = readLimited(json, new StoreArrayReader.Limits(1000, 8, 1000));

        assertThat(elements).hasSize(4);
        assertThat(elements.get(1).oversized()).isTrue();
        assertThat(elements.get(1).bytes()).isEqualTo(huge.length());
        assertThat(elements.get(1).byteOffset()).isEqualTo(json.indexOf(huge.toString()));
        // a record under the limit is kept whole, and the records after the oversized one are read
        assertThat(elements.get(2).oversized()).isFalse();
        assertThat(elements.get(2).value().get("id").asText()).hasSize(900);
        assertThat(elements.get(3).value().get("id").asText()).isEqualTo("c");
        assertThat(elements.get(3).index()).isEqualTo(3);
    }

    @Test
    void aRecordCutOffByTheEndOfTheFileIsATruncation() {
        assertThatThrownBy(
                        () -> readLimited("[{\"id\":\"a\"}, {\"id\":[1,2", new StoreArrayReader.Limits(1000, 8, 1000)))
                .isInstanceOf(MalformedFileException.class)
                .hasMessageContaining("unexpected end of file");
    }

    @Test
    void eachElementKnowsItsSizeInBytes() throws Exception {
        String json = "[{\"id\":\"a\"},{\"id\":\"" + "é".repeat(10) + "\"}]";
        List<StoreArrayReader.Element> elements = readLimited(json, StoreArrayReader.Limits.DEFAULT);
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
            try (StoreArrayReader reader = new StoreArrayReader(MAPPER, new ByteArrayInputStream(content), 0, 0)) {
                StoreArrayReader.Element e;
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
        try (StoreArrayReader utf16 = new StoreArrayReader(
                MAPPER,
                new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_16)),
                0,
                0,
                new StoreArrayReader.Limits(1000, 8, 1000))) {
            assertThat(utf16.next().value().get("id").asText()).isEqualTo("a");
            assertThat(utf16.next().oversized()).isTrue();
            assertThat(utf16.next().value().get("id").asText()).isEqualTo("c");
            assertThat(utf16.resumable()).isFalse();
        }
        try (StoreArrayReader utf8 =
                new StoreArrayReader(MAPPER, new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), 0, 0)) {
            utf8.next();
            assertThat(utf8.resumable()).isTrue();
        }
    }

    @Test
    void nonUtf8BytesFailTheFileAtTheirOffset() {
        byte[] content = "[{\"id\":\"a\"}, {\"id\":\"\u00ff\"}]".getBytes(StandardCharsets.ISO_8859_1);
        assertThatThrownBy(() -> {
                    try (StoreArrayReader reader =
                            new StoreArrayReader(MAPPER, new ByteArrayInputStream(content), 0, 0)) {
                        while (reader.next() != null) {
                            // read on
                        }
                    }
                })
                .isInstanceOf(MalformedFileException.class)
                .hasMessageContaining("UTF-8");
    }
}
