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

class CsvReaderTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static ReadOptions options(char delimiter, String... columns) {
        return new ReadOptions(1_048_576, 1_048_576, 32, delimiter, List.of(columns));
    }

    /** What a read gave: the records, the columns, and the failure that ended it (null if none). */
    record Read(List<SourceRecord> records, List<String> columns, MalformedFileException failure) {
        List<SourceRecord> problems() {
            return records.stream().filter(r -> r.problem() != null).toList();
        }

        /** @return each good row's values, in column order, joined by '|' */
        List<String> rows() {
            return records.stream()
                    .filter(r -> r.problem() == null)
                    .map(r -> String.join(
                            "|",
                            columns.stream()
                                    .map(c -> r.value().get(c).textValue())
                                    .toList()))
                    .toList();
        }
    }

    private static Read read(byte[] content, Position start, ReadOptions options) throws IOException {
        int at = (int) start.byteOffset();
        InputStream in = new ByteArrayInputStream(content, at, content.length - at);
        List<SourceRecord> out = new ArrayList<>();
        try (RecordReader reader = Readers.open(
                FileFormat.Kind.CSV, MAPPER, in, start, () -> new ByteArrayInputStream(content), options)) {
            assertThat(reader).isInstanceOf(CsvReader.class);
            assertThat(reader.columns()).isEmpty();
            try {
                SourceRecord r;
                while ((r = reader.next()) != null) {
                    out.add(r);
                }
            } catch (MalformedFileException e) {
                return new Read(out, reader.columns().orElse(null), e);
            }
            return new Read(out, reader.columns().orElseThrow(), null);
        } catch (MalformedFileException e) {
            throw new AssertionError(e);
        }
    }

    private static Read read(String content, ReadOptions options) throws IOException {
        return read(content.getBytes(StandardCharsets.UTF_8), Position.START, options);
    }

    private static Read read(String content) throws IOException {
        return read(content, ReadOptions.DEFAULT);
    }

    @Test
    void theHeaderNamesTheColumnsAndValuesAreRawText() throws Exception {
        Read read = read("id,name,location\n1, Shop A ,Oslo\n2,,\n");
        assertThat(read.columns()).containsExactly("id", "name", "location");
        assertThat(read.failure()).isNull();
        assertThat(read.rows()).containsExactly("1| Shop A |Oslo", "2||");
        assertThat(read.records()).extracting(SourceRecord::index).containsExactly(0L, 1L);
        assertThat(read.records()).extracting(SourceRecord::line).containsExactly(2L, 3L);
        assertThat(read.records()).extracting(SourceRecord::byteOffset).containsExactly(17L, 33L);
        assertThat(read.records()).extracting(SourceRecord::bytes).containsExactly(15L, 3L);
        assertThat(read.records().get(0).value().toString())
                .isEqualTo("{\"id\":\"1\",\"name\":\" Shop A \",\"location\":\"Oslo\"}");
    }

    @Test
    void headerNamesAreTrimmed() throws Exception {
        assertThat(read("id , name,location\r\n1,a,b\r\n").columns()).containsExactly("id", "name", "location");
    }

    @Test
    void quotedFieldsHoldDelimitersQuotesAndLineBreaks() throws Exception {
        String content = "id,name,location\n"
                + "1,\"Shop, \"\"the\"\" best\",\"Main St 1\r\nOslo\"\n"
                + "2,\"multi\nline\nname\",\"\"\n"
                + "3,c,d\n";
        Read read = read(content);
        assertThat(read.problems()).isEmpty();
        assertThat(read.rows())
                .containsExactly("1|Shop, \"the\" best|Main St 1\r\nOslo", "2|multi\nline\nname|", "3|c|d");
        assertThat(read.records()).extracting(SourceRecord::line).containsExactly(2L, 4L, 7L);
        assertThat(read.records().get(2).byteOffset()).isEqualTo(content.indexOf("3,c,d"));
    }

    @Test
    void crlfLfAndLoneCrEndRecordsAndBlankLinesAreNotRecords() throws Exception {
        Read read = read("\r\nid,name\r\n1,a\n\n2,b\r3,c\r\n\r\n\n4,d");
        assertThat(read.rows()).containsExactly("1|a", "2|b", "3|c", "4|d");
        assertThat(read.records()).extracting(SourceRecord::index).containsExactly(0L, 1L, 2L, 3L);
        assertThat(read.records()).extracting(SourceRecord::line).containsExactly(3L, 5L, 6L, 9L);
    }

    @Test
    void aUtf8BomIsSkippedAndOffsetsCountIt() throws Exception {
        Read read = read("\uFEFFid,name\n1,a\n");
        assertThat(read.columns()).containsExactly("id", "name");
        assertThat(read.records().get(0).byteOffset()).isEqualTo(3 + 8);
    }

    @Test
    void utf16FailsTheFile() throws Exception {
        Read read =
                read("\uFEFFid,name\n1,a\n".getBytes(StandardCharsets.UTF_16LE), Position.START, ReadOptions.DEFAULT);
        assertThat(read.records()).isEmpty();
        assertThat(read.failure()).hasMessage("UTF-16 text: save the file as UTF-8 at byte 0");
    }

    @Test
    void semicolonTabAndPipeDelimitersByConfiguration() throws Exception {
        for (char d : new char[] {';', '\t', '|'}) {
            String content = "id" + d + "name\n1" + d + "\"a" + d + "b\"\n2" + d + "c,d\n";
            Read read = read(content, options(d));
            assertThat(read.problems()).isEmpty();
            assertThat(read.rows()).containsExactly("1|a" + d + "b", "2|c,d");
        }
    }

    @Test
    void aOneColumnHeaderThatLooksSeparatedOtherwiseFailsNamingTheSetting() throws Exception {
        Read read = read("id;name;location\n1;a;b\n");
        assertThat(read.failure())
                .hasMessage("the header row is one column, \"id;name;location\", which looks semicolon-separated:"
                        + " set importer.formats.csv.delimiter=semicolon (it is comma) at byte 0");
        assertThat(read("id\tname\n", ReadOptions.DEFAULT).failure())
                .hasMessageContaining("set importer.formats.csv.delimiter=tab");
        assertThat(read("id|name\n", options(';')).failure())
                .hasMessageContaining("set importer.formats.csv.delimiter=pipe");
        assertThat(read("id,name\n", options('|')).failure())
                .hasMessageContaining("set importer.formats.csv.delimiter=comma");
        // a file with one column is fine
        assertThat(read("id\n1\n").rows()).containsExactly("1");
    }

    @Test
    void configuredColumnsMakeEveryRecordData() throws Exception {
        Read read = read("id,name\n1,a\n", options(',', "id", "name"));
        assertThat(read.columns()).containsExactly("id", "name");
        assertThat(read.rows()).containsExactly("id|name", "1|a");
        assertThat(read.records()).extracting(SourceRecord::line).containsExactly(1L, 2L);
        assertThat(read.records()).extracting(SourceRecord::byteOffset).containsExactly(0L, 8L);
        Read short1 = read("1\n", options(',', "id", "name"));
        assertThat(short1.problems())
                .extracting(SourceRecord::problem)
                .containsExactly("line 1 has 1 columns, importer.formats.csv.columns names 2");
        assertThat(read("", options(',', "id")).records()).isEmpty();
        assertThat(read("x\n", options(',', "id", "id")).failure())
                .hasMessage("importer.formats.csv.columns column 2 repeats the name \"id\" of column 1 at byte 0");
    }

    @Test
    void rowsWithTooManyOrTooFewColumnsAreParkedAndTheRestFlows() throws Exception {
        Read read = read("id,name,location\n1,a,b\n2,a,b,c\n3,a\n4,\"x,y\",z\n5,a,b,\n6,a,b\n");
        assertThat(read.rows()).containsExactly("1|a|b", "4|x,y|z", "6|a|b");
        assertThat(read.problems())
                .extracting(SourceRecord::problem)
                .containsExactly(
                        "line 3 has 4 columns, the header has 3",
                        "line 4 has 2 columns, the header has 3",
                        "line 6 has 4 columns, the header has 3");
        assertThat(read.problems()).extracting(SourceRecord::text).containsExactly("2,a,b,c", "3,a", "5,a,b,");
        assertThat(read.problems()).extracting(SourceRecord::index).containsExactly(1L, 2L, 4L);
        assertThat(read.records()).extracting(SourceRecord::index).containsExactly(0L, 1L, 2L, 3L, 4L, 5L);
    }

    @Test
    void aRowJacksonCannotReadIsParked() throws Exception {
        Read read = read("id,name\n\"1\"x,a\n2,b\n");
        assertThat(read.rows()).containsExactly("2|b");
        assertThat(read.problems().get(0).problem())
                .startsWith("not a CSV row: Unexpected character ('x'")
                .endsWith("(column 5 of the row)");
        assertThat(read.problems().get(0).text()).isEqualTo("\"1\"x,a");
    }

    @Test
    void nulBytesAndInvalidUtf8AreParkedWithTheirText() throws Exception {
        byte[] content = "id,name\n1,a\n2,\0\n3,Caf\u00e9\n4,d\n".getBytes(StandardCharsets.ISO_8859_1);
        Read read = read(content, Position.START, ReadOptions.DEFAULT);
        assertThat(read.rows()).containsExactly("1|a", "4|d");
        assertThat(read.problems())
                .extracting(SourceRecord::problem)
                .containsExactly(
                        "the row holds a NUL byte",
                        "the row is not UTF-8 (byte 5 of the row): the file is not UTF-8; save it as \"CSV UTF-8\"");
        assertThat(read.problems()).extracting(SourceRecord::text).containsExactly("2,\0", "3,Caf\uFFFD");
        assertThat(read.problems()).extracting(SourceRecord::line).containsExactly(3L, 4L);
        assertThat(read.problems()).extracting(SourceRecord::byteOffset).containsExactly(12L, 16L);
    }

    @Test
    void aRowOverMaxRecordBytesIsReadPastNotBufferedAndTheRestFlows() throws Exception {
        long huge = 50L * 1024 * 1024;
        GeneratedStream in = new GeneratedStream("id,name\n1,a\n2,\"", 'x', huge, "\ny\"\n3,c\n");
        ReadOptions kib = new ReadOptions(1024, 1_048_576, 32, ',', List.of());
        List<SourceRecord> records = new ArrayList<>();
        try (RecordReader reader = Readers.open(FileFormat.Kind.CSV, MAPPER, in, Position.START, null, kib)) {
            SourceRecord r;
            while ((r = reader.next()) != null) {
                records.add(r);
            }
        }
        assertThat(records)
                .extracting(r -> r.value() == null ? null : r.value().get("id").textValue())
                .containsExactly("1", null, "3");
        SourceRecord big = records.get(1);
        assertThat(big.problem())
                .isEqualTo("the record is " + (huge + 6)
                        + " bytes, more than importer.file-import.max-record-bytes (1024)");
        assertThat(big.text()).isNull();
        assertThat(big.line()).isEqualTo(3);
        assertThat(big.byteOffset()).isEqualTo(12);
        assertThat(records.get(2).line()).isEqualTo(5);
        assertThat(records.get(2).byteOffset()).isEqualTo(12 + huge + 7);
    }

    @Test
    void anUnterminatedQuoteFailsTheFileAtItsRecordAfterTheRowsBeforeIt() throws Exception {
        Read read = read("id,name\n1,a\n2,\"b\n3,c\n4,d\n");
        assertThat(read.rows()).containsExactly("1|a");
        assertThat(read.failure().byteOffset()).isEqualTo(12);
        assertThat(read.failure()).hasMessageStartingWith("unterminated quote").hasMessageContaining("line 3");
    }

    @Test
    void anEmptyFileFailsAndAHeaderOnlyFileHasNoRows() throws Exception {
        assertThat(read("").failure())
                .hasMessage("the file is empty: a CSV file starts with a header row"
                        + " (or set importer.formats.csv.columns) at byte 0");
        assertThat(read("\n\r\n").failure()).hasMessageStartingWith("the file is empty");
        Read headerOnly = read("id,name,location");
        assertThat(headerOnly.failure()).isNull();
        assertThat(headerOnly.records()).isEmpty();
        assertThat(headerOnly.columns()).containsExactly("id", "name", "location");
    }

    @Test
    void anEmptyOrRepeatedColumnNameFailsTheFile() throws Exception {
        assertThat(read("id,,location\n1,a,b\n").failure()).hasMessage("the header's column 2 has no name at byte 0");
        assertThat(read("\nid,name, id\n1,a,b\n").failure())
                .hasMessage("the header's column 3 repeats the name \"id\" of column 1 at byte 1");
        assertThat(read("id,\0\n").failure()).hasMessage("the header row holds a NUL byte at byte 0");
    }

    @Test
    void aHeaderOverMaxRecordBytesOrNotUtf8FailsTheFile() throws Exception {
        ReadOptions tiny = new ReadOptions(8, 1_048_576, 32, ',', List.of());
        assertThat(read("id,name,location\n1,a,b\n", tiny).failure())
                .hasMessage(
                        "the header row is 16 bytes, more than importer.file-import.max-record-bytes (8) at byte 0");
        byte[] latin1 = "id,n\u00e4me\n1,a\n".getBytes(StandardCharsets.ISO_8859_1);
        assertThat(read(latin1, Position.START, ReadOptions.DEFAULT).failure())
                .hasMessage("the header row is not UTF-8 (byte 4 of the header row): the file is not UTF-8;"
                        + " save it as \"CSV UTF-8\" at byte 0");
    }

    @Test
    void resumingAtEveryRecordGivesExactlyTheRowsAfterIt() throws Exception {
        String content = "\uFEFF\r\nid,näme,location\r\n"
                + "1,\"é, \"\"q\"\"\",\"a\r\nb\"\n"
                + "\n"
                + "2,x\n"
                + "3,€,\"\n\n\"\r"
                + "4,ü,z";
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        Read all = read(bytes, Position.START, ReadOptions.DEFAULT);
        assertThat(all.records()).hasSize(4);
        assertThat(all.rows()).containsExactly("1|é, \"q\"|a\r\nb", "3|€|\n\n", "4|ü|z");
        for (int i = 0; i < all.records().size(); i++) {
            SourceRecord from = all.records().get(i);
            assertThat(new String(bytes, (int) from.byteOffset(), 1, StandardCharsets.UTF_8))
                    .isEqualTo(String.valueOf((char) ('1' + i)));
            Read resumed = read(bytes, from.position(), ReadOptions.DEFAULT);
            assertThat(resumed.columns()).isEqualTo(all.columns());
            assertThat(resumed.records())
                    .isEqualTo(all.records().subList(i, all.records().size()));
            Read unknownLine = read(bytes, new Position(from.index(), -1, from.byteOffset()), ReadOptions.DEFAULT);
            assertThat(unknownLine.records()).extracting(SourceRecord::line).containsOnly(-1L);
            assertThat(unknownLine.rows()).isEqualTo(resumed.rows());
        }
    }

    @Test
    void resumingWithConfiguredColumnsReadsNoHeader() throws Exception {
        byte[] bytes = "1,a\n2,b\n".getBytes(StandardCharsets.UTF_8);
        ReadOptions columns = options(',', "id", "name");
        Read resumed = read(bytes, new Position(1, 2, 4), columns);
        assertThat(resumed.rows()).containsExactly("2|b");
        assertThat(resumed.records().get(0).index()).isEqualTo(1);
    }
}
