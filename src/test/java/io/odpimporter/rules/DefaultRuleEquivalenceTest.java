package io.odpimporter.rules;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.odpimporter.config.ImporterConfig;
import io.odpimporter.domain.BlobVersion;
import io.odpimporter.testing.TestConfig;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A configured rule equivalent to the default mapping gives the same payloads as {@link StoreTransform} for the sample
 * stores, JSON and CSV. Differences, documented: the rule's string type takes a JSON number or boolean as its text
 * (the default rule refuses them), and the reasons of invalid records are worded by field and source.
 */
class DefaultRuleEquivalenceTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final BlobVersion VERSION = new BlobVersion("offline-stores", "stores.json", "0x1");

    private static Rule storesRule() {
        Map<String, String> p = new HashMap<>();
        p.put("importer.rules[0].name", "stores");
        p.put("importer.rules[0].pattern", "**");
        p.put("importer.rules[0].object-type", "ocp_quickstart_offline_stores");
        p.put("importer.rules[0].primary-key", "ocp_quickstart_offline_store_id");
        p.put("importer.rules[0].fields[0].name", "ocp_quickstart_offline_store_id");
        p.put("importer.rules[0].fields[0].source", "id");
        p.put("importer.rules[0].fields[1].name", "offline_store_name");
        p.put("importer.rules[0].fields[1].source", "name");
        p.put("importer.rules[0].fields[2].name", "offline_store_location");
        p.put("importer.rules[0].fields[2].source", "location");
        return new Rules(TestConfig.load(p)).all().get(0);
    }

    private static Rule defaultRule() {
        ImporterConfig config = TestConfig.load(Map.of());
        return new Rules(config).all().get(0);
    }

    private static List<JsonNode> sampleJson() throws Exception {
        List<JsonNode> records = new ArrayList<>();
        MAPPER.readTree(Path.of("samples/offline-stores-sample.json").toFile()).forEach(records::add);
        return records;
    }

    private static List<JsonNode> sampleCsv() throws Exception {
        CsvMapper csv = new CsvMapper();
        try (MappingIterator<JsonNode> rows = csv.readerFor(JsonNode.class)
                .with(CsvSchema.emptySchema().withHeader())
                .readValues(Path.of("samples/offline-stores-sample.csv").toFile())) {
            return rows.readAll();
        }
    }

    @Test
    void theSampleStoresGiveTheSamePayloadsAndRecords() throws Exception {
        Rule configured = storesRule();
        Rule fallback = defaultRule();
        List<JsonNode> records = new ArrayList<>(sampleJson());
        records.addAll(sampleCsv());
        records.add(MAPPER.readTree("{\"id\":\"  42 \",\"name\":\"  \",\"location\":null,\"extra\":true}"));
        assertThat(records).hasSizeGreaterThan(20);
        for (int i = 0; i < records.size(); i++) {
            Payload expected = fallback.transform().transform(records.get(i), VERSION, i);
            Payload actual = configured.transform().transform(records.get(i), VERSION, i);
            assertThat(actual).as(records.get(i).toString()).isEqualTo(expected);
            assertThat(MAPPER.writeValueAsString(configured.record(actual)))
                    .isEqualTo(MAPPER.writeValueAsString(fallback.record(expected)));
        }
        assertThat(configured.requiredColumns()).isEqualTo(fallback.requiredColumns());
        assertThat(configured.target()).isEqualTo(fallback.target());
    }

    @Test
    void bothRefuseABlankIdEachWithItsOwnWording() throws Exception {
        JsonNode blankId = MAPPER.readTree("{\"id\":\" \",\"name\":\"x\"}");
        assertThatThrownBy(() -> defaultRule().transform().transform(blankId, VERSION, 0))
                .isInstanceOf(InvalidRecordException.class);
        assertThatThrownBy(() -> storesRule().transform().transform(blankId, VERSION, 0))
                .isInstanceOf(InvalidRecordException.class)
                .hasMessage("field 'ocp_quickstart_offline_store_id' (source 'id') is blank: it is the record's key");
    }

    @Test
    void documentedDifferenceTheRuleTakesANumericIdAsItsText() throws Exception {
        JsonNode numericId = MAPPER.readTree("{\"id\":12}");
        assertThatThrownBy(() -> defaultRule().transform().transform(numericId, VERSION, 0))
                .hasMessageContaining("must be a string");
        assertThat(storesRule().transform().transform(numericId, VERSION, 0).key())
                .isEqualTo("12");
    }
}
