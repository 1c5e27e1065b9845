package io.odpimporter.importer;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.odpimporter.domain.FileFormat;
import io.odpimporter.importer.read.Position;
import io.odpimporter.importer.read.ReadOptions;
import io.odpimporter.importer.read.Readers;
import io.odpimporter.importer.read.RecordReader;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A CSV whose header has no id column fails the file at once, naming the columns found, instead of parking rows. */
class MissingIdColumnTest {

    private static RecordReader open(FileFormat.Kind kind, String content, ReadOptions options) throws Exception {
        InputStream in = new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8));
        RecordReader reader = Readers.open(
                kind,
                new ObjectMapper(),
                in,
                Position.START,
                () -> {
                    throw new IOException("read from the start");
                },
                options);
        assertThat(reader.next()).isNotNull();
        return reader;
    }

    @Test
    void aHeaderWithoutIdFailsNamingTheColumnsFound() throws Exception {
        try (RecordReader reader =
                open(FileFormat.Kind.CSV, "store_id,name,location\ns-1,A,B\n", ReadOptions.DEFAULT)) {
            assertThat(ReadLoop.missingIdColumn(reader))
                    .hasValueSatisfying(reason -> assertThat(reason)
                            .contains("no \"id\" column")
                            .contains("columns found: store_id, name, location"));
        }
    }

    @Test
    void aHeaderWithIdConfiguredColumnsAndJsonFormatsPass() throws Exception {
        try (RecordReader reader = open(FileFormat.Kind.CSV, "name,id\nA,s-1\n", ReadOptions.DEFAULT)) {
            assertThat(ReadLoop.missingIdColumn(reader)).isEmpty();
        }
        ReadOptions columns = new ReadOptions(1 << 20, 1 << 20, 32, ',', List.of("id", "name", "location"));
        try (RecordReader reader = open(FileFormat.Kind.CSV, "s-1,A,B\n", columns)) {
            assertThat(ReadLoop.missingIdColumn(reader)).isEmpty();
        }
        try (RecordReader reader = open(FileFormat.Kind.JSON_LINES, "{\"store\":1}\n", ReadOptions.DEFAULT)) {
            assertThat(ReadLoop.missingIdColumn(reader)).isEmpty();
        }
    }
}
