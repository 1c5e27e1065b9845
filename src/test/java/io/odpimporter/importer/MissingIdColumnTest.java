package io.odpimporter.importer;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.odpimporter.domain.FileFormat;
import io.odpimporter.domain.StoreRecord;
import io.odpimporter.importer.read.Position;
import io.odpimporter.importer.read.ReadOptions;
import io.odpimporter.importer.read.Readers;
import io.odpimporter.importer.read.RecordReader;
import io.odpimporter.rules.Rule;
import io.odpimporter.testing.TestRules;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A CSV whose header has no id column fails the file at once, naming the columns found, instead of parking rows. */
class MissingIdColumnTest {

    private static final Rule DEFAULT = TestRules.empty().all().get(0);
    private static final Rule ORDERS = TestRules.rule(
            "orders@0a1b2c3d", "orders/", StoreRecord.Target.objects("orders"), List.of("order_no", "customer"));
    private static final Rule EVENTS =
            TestRules.rule("purchases@0a1b2c3d", "p/", StoreRecord.Target.events(), List.of("email"));

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
            assertThat(ReadLoop.missingColumns(reader, DEFAULT))
                    .hasValueSatisfying(reason -> assertThat(reason)
                            .isEqualTo("the CSV header has no \"id\" column (the primary key); columns found: "
                                    + "store_id, name, location: fix the header (or importer.formats.csv.columns) "
                                    + "and upload the file again"));
        }
    }

    @Test
    void aRulesRequiredColumnsAreCheckedNamingTheRuleAndWhatIsMissing() throws Exception {
        try (RecordReader reader = open(FileFormat.Kind.CSV, "order_no,total\n1,2\n", ReadOptions.DEFAULT)) {
            assertThat(ReadLoop.missingColumns(reader, ORDERS))
                    .hasValue("the CSV header has no \"customer\" column (rule orders@0a1b2c3d needs it: the "
                            + "primary key's or first identifier's source); columns found: order_no, total: fix the "
                            + "header (or importer.formats.csv.columns) and upload the file again");
        }
        try (RecordReader reader = open(FileFormat.Kind.CSV, "total\n2\n", ReadOptions.DEFAULT)) {
            assertThat(ReadLoop.missingColumns(reader, ORDERS))
                    .hasValueSatisfying(reason -> assertThat(reason)
                            .startsWith("the CSV header has no \"order_no\", \"customer\" columns (rule "
                                    + "orders@0a1b2c3d needs them"));
        }
        // a rule's header need not have "id": only what the rule requires
        try (RecordReader reader = open(FileFormat.Kind.CSV, "email,sku\na@b.c,1\n", ReadOptions.DEFAULT)) {
            assertThat(ReadLoop.missingColumns(reader, EVENTS)).isEmpty();
            assertThat(ReadLoop.missingColumns(reader, DEFAULT)).isPresent();
        }
    }

    @Test
    void aHeaderWithIdConfiguredColumnsAndJsonFormatsPass() throws Exception {
        try (RecordReader reader = open(FileFormat.Kind.CSV, "name,id\nA,s-1\n", ReadOptions.DEFAULT)) {
            assertThat(ReadLoop.missingColumns(reader, DEFAULT)).isEmpty();
        }
        ReadOptions columns = new ReadOptions(1 << 20, 1 << 20, 32, ',', List.of("id", "name", "location"));
        try (RecordReader reader = open(FileFormat.Kind.CSV, "s-1,A,B\n", columns)) {
            assertThat(ReadLoop.missingColumns(reader, DEFAULT)).isEmpty();
        }
        try (RecordReader reader = open(FileFormat.Kind.JSON_LINES, "{\"store\":1}\n", ReadOptions.DEFAULT)) {
            assertThat(ReadLoop.missingColumns(reader, DEFAULT)).isEmpty();
        }
    }
}
