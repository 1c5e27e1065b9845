package io.odpimporter.benchmark;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.odpimporter.domain.FileFormat;
import io.odpimporter.importer.read.JsonArrayReader;
import io.odpimporter.importer.read.Position;
import io.odpimporter.importer.read.ReadOptions;
import io.odpimporter.importer.read.SourceRecord;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;

class DatasetTest {

    private static byte[] blob(Dataset data, int n) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        data.write(n, out);
        return out.toByteArray();
    }

    @Test
    void theSameSeedGivesTheSameBytesAndAnotherSeedOtherBytes() throws IOException {
        Dataset data = new Dataset("T", 1000, 3, 7, "t/");
        assertThat(blob(data, 1)).isEqualTo(blob(new Dataset("T", 1000, 3, 7, "t/"), 1));
        assertThat(blob(data, 1)).isNotEqualTo(blob(new Dataset("T", 1000, 3, 8, "t/"), 1));
    }

    @Test
    void blobsSplitTheRecordsIntoValidArraysWithConsecutiveIds() throws Exception {
        Dataset data = new Dataset("T", 1000, 3, 7, "t/");
        List<String> ids = new ArrayList<>();
        long bytes = 0;
        boolean nonAscii = false;
        for (int n = 0; n < data.blobs(); n++) {
            byte[] content = blob(data, n);
            bytes += content.length;
            nonAscii |= new String(content, StandardCharsets.UTF_8).chars().anyMatch(c -> c > 127);
            try (JsonArrayReader reader = new JsonArrayReader(
                    new ObjectMapper(), new ByteArrayInputStream(content), Position.START, ReadOptions.DEFAULT)) {
                SourceRecord e;
                while ((e = reader.next()) != null) {
                    assertThat(e.value().path("name").asText()).isNotBlank();
                    assertThat(e.value().path("location").asText()).contains(", ");
                    ids.add(e.value().path("id").asText());
                }
            }
        }
        assertThat(ids)
                .hasSize(1000)
                .doesNotHaveDuplicates()
                .startsWith("T-0000000")
                .endsWith("T-0000999");
        assertThat(data.blobName(2)).isEqualTo("t/0002.json");
        assertThat(nonAscii).isTrue();
        assertThat(bytes / 1000).isBetween(80L, 130L); // about 100 bytes a record, as docs/performance.md says
    }

    @Test
    void theTableNamesDataByItsSizeAndASingleBlobOfAMillionRecordsOrMoreAsSuch() {
        assertThat(new Dataset("K10", 10_000, 5, 1, "a/").scenario()).isEqualTo("10k");
        assertThat(new Dataset("K100", 100_000, 10, 1, "a/").scenario()).isEqualTo("100k");
        assertThat(new Dataset("M1", 1_000_000, 10, 1, "a/").scenario()).isEqualTo("1M");
        assertThat(new Dataset("G10", 9_523_810, 1, 1, "a/").scenario()).isEqualTo("single blob");
        assertThat(new Dataset("K600", 600_000, 10, 1, "a/").scenario()).isEqualTo("600k");
    }

    /** @return every record of the dataset's blobs as {id, name, location}, read with Jackson per format */
    private static List<Map<String, String>> records(Dataset data) throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<Map<String, String>> records = new ArrayList<>();
        for (int n = 0; n < data.blobs(); n++) {
            InputStream in = new ByteArrayInputStream(blob(data, n));
            if (data.format().gzip()) {
                in = new GZIPInputStream(in);
            }
            MappingIterator<Map<String, String>> rows = switch (data.format().kind()) {
                // an array's elements, or one value after another
                case JSON_ARRAY, JSON_LINES -> json.readerFor(Map.class).readValues(in);
                case CSV ->
                    new CsvMapper()
                            .readerFor(Map.class)
                            .with(CsvSchema.emptySchema().withHeader())
                            .readValues(in);
            };
            records.addAll(rows.readAll());
        }
        return records;
    }

    @Test
    void everyFormatHoldsTheSameRecordsUnderANameThatTellsTheServiceItsFormat() throws IOException {
        Dataset json = new Dataset("T", 1000, 3, 7, "t/");
        List<Map<String, String>> expected = records(json);

        for (String form : List.of("json.gz", "jsonl", "jsonl.gz", "csv", "csv.gz")) {
            FileFormat format = FileFormat.parse(form);
            Dataset data = json.as(format);

            assertThat(records(data)).as(form).isEqualTo(expected);
            assertThat(data.blobName(2)).isEqualTo("t-" + form + "/0002." + form);
            assertThat(FileFormat.fromName(data.blobName(2))).isEqualTo(format);
            assertThat(data.scenario()).isEqualTo("1k " + form);
        }
        assertThat(expected).hasSize(1000);
        assertThat(expected.get(0)).containsOnlyKeys("id", "name", "location");
        assertThat(json.as(FileFormat.JSON_ARRAY)).isEqualTo(json);
    }

    @Test
    void aCsvQuotesTheLocationWhichHoldsCommasAndStartsWithTheHeader() throws IOException {
        Dataset csv = new Dataset("T", 10, 1, 7, "t/").as(FileFormat.parse("csv"));
        List<String> lines =
                new String(blob(csv, 0), StandardCharsets.UTF_8).lines().toList();

        assertThat(lines).hasSize(11).first().isEqualTo("id,name,location");
        assertThat(lines.get(1)).startsWith("T-0000000,").contains(",\"").endsWith("\"");
    }

    @Test
    void writeTellsTheUncompressedBytesAndGzipWritesFewer() throws IOException {
        Dataset jsonl = new Dataset("T", 1000, 1, 7, "t/").as(FileFormat.parse("jsonl"));
        Dataset gz = jsonl.as(FileFormat.parse("jsonl.gz"));

        assertThat(jsonl.write(0, OutputStream.nullOutputStream())).isEqualTo(blob(jsonl, 0).length);
        assertThat(gz.write(0, OutputStream.nullOutputStream())).isEqualTo(blob(jsonl, 0).length);
        assertThat(blob(gz, 0).length).isLessThan(blob(jsonl, 0).length / 3);
    }

    @Test
    void theSingleBlobHoldsAsManyRecordsAsMakeItsUncompressedSizeInEachFormat() throws IOException {
        Dataset json = BigBlobPhase.dataset(0.01, FileFormat.JSON_ARRAY, 7);
        Dataset csv = BigBlobPhase.dataset(0.01, FileFormat.parse("csv"), 7);
        Dataset gz = BigBlobPhase.dataset(0.01, FileFormat.parse("jsonl.gz"), 7);

        assertThat(json.records()).isEqualTo(95_238);
        assertThat(json.prefix()).isEqualTo("big-95238/");
        assertThat(BigBlobPhase.dataset(1, FileFormat.parse("csv"), 7).scenario())
                .isEqualTo("single blob csv");
        for (Dataset data : List.of(csv, gz)) {
            long bytes = new Dataset(
                            data.tag(),
                            data.records(),
                            1,
                            7,
                            "x/",
                            new FileFormat(data.format().kind(), false))
                    .write(0, OutputStream.nullOutputStream());
            assertThat(bytes).as(data.format().toString()).isBetween(9_900_000L, 10_100_000L);
        }
        assertThat(csv.records()).isGreaterThan(json.records());
    }
}
