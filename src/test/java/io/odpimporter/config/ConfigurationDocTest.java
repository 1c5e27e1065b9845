package io.odpimporter.config;

import io.smallrye.config.ConfigMappingInterface.Property;
import io.smallrye.config.ConfigMappings;
import io.smallrye.config.ConfigMappings.ConfigClass;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/configuration.md documents every key of {@link ImporterConfig}: the keys are the ones SmallRye Config itself
 * derives from the mapping (its prefix, kebab-case names, nested groups; a map's keys as {@code <name>}, a list of
 * groups' positions as {@code [<index>]}), each is the first cell of a table row, with the mapping's default in the
 * second cell, and no row names a key the mapping does not have.
 */
class ConfigurationDocTest {

    private static final Path DOC = Path.of("docs/configuration.md");
    /** A table row: | `key` | default | what it does | */
    private static final Pattern ROW = Pattern.compile("^\\| `([^`]+)` \\| ([^|]*) \\|", Pattern.MULTILINE);

    /** @return every key of the mapping with its default (empty if it has none), as the doc writes it */
    static Map<String, Optional<String>> mappingKeys() {
        Map<String, Property> properties =
                ConfigMappings.getProperties(ConfigClass.configClass(ImporterConfig.class, "importer"));
        Map<String, Optional<String>> keys = new TreeMap<>();
        properties.forEach((name, property) -> {
            // a list of values is one comma-separated key: SmallRye lists both "secrets" and "secrets[*]"
            if (name.endsWith("[*]") && properties.containsKey(name.substring(0, name.length() - 3))) {
                return;
            }
            String key = name.replace("[*]", "[<index>]")
                    .replaceAll("\\.\\*(?=\\.|$)", ".<name>")
                    .replace(".\"*\"", ".<name>");
            keys.put(key, property.hasDefaultValue() ? Optional.of(property.getDefaultValue()) : Optional.empty());
        });
        return keys;
    }

    /** @return the doc's table rows: key to its default cell */
    static Map<String, String> documentedRows() throws IOException {
        Matcher row = ROW.matcher(Files.readString(DOC));
        Map<String, String> rows = new TreeMap<>();
        while (row.find()) {
            rows.put(row.group(1), row.group(2).trim());
        }
        return rows;
    }

    @Test
    void theWalkFindsNestedGroupsWithSmallRyesNames() {
        Map<String, Optional<String>> keys = mappingKeys();
        assertThat(keys)
                .containsEntry("importer.sink.batch-size", Optional.of("100"))
                .containsEntry("importer.odp.fields.id", Optional.of("ocp_quickstart_offline_store_id"))
                .containsEntry(
                        "importer.webhook.entra.event-grid-app-id", Optional.of("4962773b-9cdb-44cf-a8bf-237846a00ab7"))
                .containsEntry("importer.instance-id", Optional.empty())
                .containsKeys(
                        "importer.file-import.max-tie-keys",
                        "importer.run-logs.max-lines-per-run",
                        "importer.webhook.secrets")
                .doesNotContainKeys(
                        "importer.webhook.secrets[<index>]",
                        "importer.odp.resolved-base-url",
                        "importer.sweep.scheduled");
        assertThat(keys.size()).isGreaterThan(70);
    }

    @Test
    void everyKeyOfTheMappingIsInConfigurationMd() throws IOException {
        Set<String> documented = documentedRows().keySet();
        Set<String> missing = new TreeSet<>(mappingKeys().keySet());
        missing.removeAll(documented);
        assertThat(missing)
                .as("keys of ImporterConfig missing from " + DOC + " (add a row | `key` | default | "
                        + "what it does | to the table of its group): " + missing)
                .isEmpty();
    }

    @Test
    void everyImporterKeyInConfigurationMdIsOneOfTheMapping() throws IOException {
        Set<String> stale = new TreeSet<>();
        documentedRows().keySet().stream()
                .filter(k -> k.startsWith("importer."))
                .forEach(stale::add);
        stale.removeAll(mappingKeys().keySet());
        assertThat(stale)
                .as("rows of " + DOC + " naming keys ImporterConfig does not have: " + stale)
                .isEmpty();
    }

    @Test
    void everyDefaultInConfigurationMdIsTheMappings() throws IOException {
        Map<String, String> rows = documentedRows();
        List<String> wrong = mappingKeys().entrySet().stream()
                .filter(e -> e.getValue().isPresent() && rows.containsKey(e.getKey()))
                .filter(e -> !rows.get(e.getKey()).contains("`" + e.getValue().get() + "`"))
                .map(e -> e.getKey() + " (doc: " + rows.get(e.getKey()) + ", mapping: "
                        + e.getValue().get() + ")")
                .toList();
        assertThat(wrong)
                .as("defaults in " + DOC + " that differ from ImporterConfig's: " + wrong)
                .isEmpty();
    }
}
