package io.odpimporter.benchmark;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.odpimporter.importer.read.JsonArrayReader;
import io.odpimporter.importer.read.Position;
import io.odpimporter.importer.read.ReadOptions;
import io.odpimporter.importer.read.SourceRecord;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

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
}
