package io.odpimporter.config;

import io.odpimporter.rules.RuleConfig;
import io.odpimporter.rules.Rules;
import io.odpimporter.testing.RulesExample;
import io.odpimporter.testing.TestConfig;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The complete rules example of docs/configuration.md ("Rules") in its two forms: the properties form and the
 * environment-variable form ({@code IMPORTER_RULES_0__FIELDS_1__SOURCE}) give the same rules through the
 * {@link ImporterConfig} mapping, read as the packaged service reads them (SmallRye's environment source), and the
 * service's start-up validation accepts them.
 */
class RulesConfigFormsTest {

    @Test
    void everyEnvironmentVariableOfTheExampleIsItsPropertyByTheDocumentedNaming() {
        Map<String, String> properties = RulesExample.properties();
        Map<String, String> expected = new LinkedHashMap<>();
        properties.forEach((key, value) -> expected.put(environmentName(key), value));

        assertThat(RulesExample.environment()).containsExactlyEntriesOf(expected);
        assertThat(expected).containsEntry("IMPORTER_RULES_1__FIELDS_2__SOURCE", "created");
    }

    @Test
    void thePropertiesAndTheEnvironmentFormGiveTheSameThreeRules() {
        List<String> fromProperties = describe(TestConfig.load(RulesExample.properties()));
        Map<String, String> environment = new HashMap<>(RulesExample.environment());
        environment.put("IMPORTER_ODP_API_KEY", "from-the-secret");
        List<String> fromEnvironment = describe(TestConfig.loadFromEnvironment(environment));

        assertThat(fromEnvironment).isEqualTo(fromProperties);
        assertThat(fromProperties)
                .containsExactly(
                        "stores pattern=stores/*.csv format=csv OBJECTS ocp_quickstart_offline_stores"
                                + " key=ocp_quickstart_offline_store_id OMIT trim=true ISO"
                                + " [ocp_quickstart_offline_store_id<-id STRING,"
                                + " offline_store_name<-name STRING, offline_store_location<-location STRING]",
                        "orders pattern=orders/*.jsonl format=- OBJECTS orders key=order_id OMIT trim=true ISO"
                                + " [order_id<-id STRING, total<-- NUMBER, order_date<-created TIMESTAMP,"
                                + " channel=web STRING]",
                        "purchases pattern=events/*.csv format=- EVENTS - key=- OMIT trim=true ISO"
                                + " [type=order STRING, action=purchase STRING, identifiers.email<-email STRING,"
                                + " data.order_id<-order STRING, data.price<-price NUMBER]");
    }

    @Test
    void theServiceAcceptsTheExampleAtStartUp() {
        ImporterConfig config = TestConfig.load(RulesExample.properties());

        Rules rules = new Rules(config);

        assertThat(rules.configured()).isTrue();
        assertThat(rules.all()).extracting(r -> r.ref().name()).containsExactly("stores", "orders", "purchases");
        assertThat(rules.match("stores/oslo.csv").orElseThrow().displayName()).isEqualTo("stores");
        assertThat(rules.match("orders/2026-12.jsonl").orElseThrow().displayName())
                .isEqualTo("orders");
        assertThat(rules.match("events/2026-12-01.csv").orElseThrow().displayName())
                .isEqualTo("purchases");
        assertThat(rules.match("misc/readme.txt")).isEmpty();
        assertThat(rules.match("stores/2026/oslo.csv")).as("* stops at /").isEmpty();
    }

    /** @return the environment variable of a key, as docs/configuration.md ("Rules") states the naming */
    static String environmentName(String key) {
        return key.replaceAll("[.\\-\\[\\]]", "_").toUpperCase(Locale.ROOT);
    }

    /** @return each rule as one line, every key written out (absent: {@code -}) */
    private static List<String> describe(ImporterConfig config) {
        return config.rules().orElseThrow().stream()
                .map(RulesConfigFormsTest::describe)
                .toList();
    }

    private static String describe(RuleConfig r) {
        List<String> fields = r.fields().orElse(List.of()).stream()
                .map(f -> f.name()
                        + f.constant()
                                .map(c -> "=" + c)
                                .orElse("<-" + f.source().orElse("-"))
                        + " " + f.type())
                .toList();
        return r.name()
                + r.pattern().map(p -> " pattern=" + p).orElse("")
                + r.prefix().map(p -> " prefix=" + p).orElse("")
                + " format=" + r.format().orElse("-")
                + " " + r.target()
                + " " + r.objectType().orElse("-")
                + " key=" + r.primaryKey().orElse("-")
                + " " + r.blank()
                + " trim=" + r.trim()
                + " " + r.timestampOutput()
                + " " + fields;
    }
}
