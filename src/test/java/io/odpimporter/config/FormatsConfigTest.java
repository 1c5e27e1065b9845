package io.odpimporter.config;

import io.odpimporter.testing.TestConfig;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** importer.formats.*: the formats need no configuration; the CSV dialect and gzip limits can be set. */
class FormatsConfigTest {

    private static FormatsConfig load(Map<String, String> overrides) {
        return TestConfig.load(overrides).formats();
    }

    @Test
    void defaultsAreCommaAHeaderRowAndGzipLimitsOf200And100GiB() {
        FormatsConfig formats = load(Map.of());
        assertThat(formats.csv().delimiter()).isEqualTo(CsvDelimiter.COMMA);
        assertThat(formats.csv().columns()).isEmpty();
        assertThat(formats.gzip().maxRatio()).isEqualTo(200);
        assertThat(formats.gzip().maxUncompressedBytes()).isEqualTo(100L << 30);
    }

    @Test
    void theDelimiterIsNamedOrTheCharacterItself() {
        Map<String, Character> cases = Map.of(
                "comma", ',',
                "SEMICOLON", ';',
                "tab", '\t',
                "pipe", '|',
                ",", ',',
                ";", ';',
                "|", '|');
        cases.forEach((value, character) -> assertThat(load(Map.of("importer.formats.csv.delimiter", value))
                        .csv()
                        .delimiter()
                        .character())
                .as(value)
                .isEqualTo(character));
    }

    @Test
    void anyOtherDelimiterIsRefusedNamingTheKeyAndTheAllowedValues() {
        for (String bad : List.of(":", "colon", "\\t,")) {
            assertThatThrownBy(() -> load(Map.of("importer.formats.csv.delimiter", bad)))
                    .as(bad)
                    .hasMessageContaining("importer.formats.csv.delimiter")
                    .hasMessageContainingAll("comma", "semicolon", "tab", "pipe");
        }
    }

    @Test
    void columnsAreACommaSeparatedList() {
        assertThat(load(Map.of("importer.formats.csv.columns", "id,name,location"))
                        .csv()
                        .columns())
                .contains(List.of("id", "name", "location"));
    }

    @Test
    void gzipLimitsMustBePositive() {
        assertThatThrownBy(() -> load(Map.of("importer.formats.gzip.max-ratio", "0")))
                .hasMessageContaining("importer.formats.gzip.max-ratio")
                .hasMessageContaining("greater than or equal to 1");
        assertThatThrownBy(() -> load(Map.of("importer.formats.gzip.max-uncompressed-bytes", "-5")))
                .hasMessageContaining("importer.formats.gzip.max-uncompressed-bytes")
                .hasMessageContaining("greater than or equal to 1");
    }
}
