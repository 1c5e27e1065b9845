package io.odpimporter.rules;

import io.odpimporter.config.ImporterConfig;
import io.odpimporter.testing.CapturedLog;
import io.odpimporter.testing.TestConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.HashMap;
import java.util.Map;
import java.util.logging.Level;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The start-up refusals of {@code importer.rules}, one per kind, through the real SmallRye mapping: each names the key
 * with its index, the rule and what is allowed.
 */
class RuleValidationTest {

    @RegisterExtension
    final CapturedLog log = CapturedLog.of(Rules.class);

    /** A valid configuration: rule 0 stores CSV, rule 1 orders JSON Lines, rule 2 purchase events. */
    static Map<String, String> valid() {
        Map<String, String> p = new HashMap<>();
        p.put("importer.rules[0].name", "stores");
        p.put("importer.rules[0].pattern", "stores/*.csv");
        p.put("importer.rules[0].object-type", "ocp_quickstart_offline_stores");
        p.put("importer.rules[0].primary-key", "ocp_quickstart_offline_store_id");
        p.put("importer.rules[0].fields[0].name", "ocp_quickstart_offline_store_id");
        p.put("importer.rules[0].fields[0].source", "id");
        p.put("importer.rules[1].name", "orders");
        p.put("importer.rules[1].prefix", "orders/");
        p.put("importer.rules[1].format", "jsonl");
        p.put("importer.rules[1].object-type", "orders");
        p.put("importer.rules[1].primary-key", "order_id");
        p.put("importer.rules[1].fields[0].name", "order_id");
        p.put("importer.rules[1].fields[1].name", "total");
        p.put("importer.rules[1].fields[1].type", "number");
        p.put("importer.rules[1].fields[2].name", "channel");
        p.put("importer.rules[1].fields[2].constant", "web");
        p.put("importer.rules[2].name", "purchases");
        p.put("importer.rules[2].pattern", "events/*.csv");
        p.put("importer.rules[2].target", "events");
        p.put("importer.rules[2].fields[0].name", "type");
        p.put("importer.rules[2].fields[0].constant", "order");
        p.put("importer.rules[2].fields[1].name", "identifiers.email");
        p.put("importer.rules[2].fields[2].name", "price");
        p.put("importer.rules[2].fields[2].type", "number");
        return p;
    }

    static Rules rules(Map<String, String> props) {
        ImporterConfig config = TestConfig.load(props);
        return new Rules(config);
    }

    private static void refused(Map<String, String> props, String message) {
        assertThatThrownBy(() -> rules(props))
                .isInstanceOf(RulesException.class)
                .hasMessage(message)
                .hasMessageNotContaining("secret-api-key-value");
    }

    private static Map<String, String> with(String... keysAndValues) {
        Map<String, String> p = valid();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            if (keysAndValues[i + 1] == null) {
                p.remove(keysAndValues[i]);
            } else {
                p.put(keysAndValues[i], keysAndValues[i + 1]);
            }
        }
        return p;
    }

    @Test
    void theValidConfigurationBuildsThreeRulesInOrder() {
        Rules rules = rules(valid());
        assertThat(rules.configured()).isTrue();
        assertThat(rules.all()).extracting(Rule::displayName).containsExactly("stores", "orders", "purchases");
        assertThat(rules.all()).extracting(Rule::index).containsExactly(0, 1, 2);
    }

    @Test
    void aDuplicateRuleNameIsRefused() {
        refused(
                with("importer.rules[2].name", "stores"),
                "importer.rules[2].name (rule stores): duplicate of importer.rules[0].name; give every rule its own name");
    }

    @Test
    void neitherOrBothOfPatternAndPrefixIsRefused() {
        refused(
                with("importer.rules[1].prefix", null),
                "importer.rules[1].pattern (rule orders): neither pattern nor prefix is set; set exactly one, "
                        + "e.g. pattern=orders/*.jsonl or prefix=orders/");
        refused(
                with("importer.rules[1].pattern", "orders/*"),
                "importer.rules[1].pattern (rule orders): both pattern and prefix are set; set exactly one, "
                        + "e.g. pattern=orders/*.jsonl or prefix=orders/");
    }

    @Test
    void aBadGlobIsRefusedWithWhatIsWrong() {
        refused(
                with("importer.rules[0].pattern", "stores/[a-z.csv"),
                "importer.rules[0].pattern (rule stores): 'stores/[a-z.csv' is not a glob (unclosed '['); use *, **, ?, "
                        + "{a,b} and [a-z], e.g. orders/*.jsonl or exports/**/*.{csv,csv.gz}");
        assertThatThrownBy(() -> rules(with("importer.rules[0].pattern", "stores/*.{csv,gz")))
                .hasMessageContaining("(unclosed '{')");
    }

    @Test
    void anUnknownFormatIsRefusedNamingTheAllowedOnes() {
        refused(
                with("importer.rules[1].format", "xml"),
                "importer.rules[1].format (rule orders): unknown format 'xml'; allowed: json, jsonl, csv, json.gz, "
                        + "jsonl.gz, csv.gz (unset: by the blob's name)");
        assertThat(rules(with("importer.rules[1].format", "CSV.gz"))
                        .all()
                        .get(1)
                        .format())
                .hasValueSatisfying(f -> assertThat(f.toString()).isEqualTo("csv.gz"));
    }

    @Test
    void anObjectsTargetWithoutAValidObjectTypeIsRefused() {
        refused(
                with("importer.rules[1].object-type", null),
                "importer.rules[1].object-type (rule orders): required for target=objects; an ODP object type matching "
                        + "^[a-z][a-z0-9_]{1,61}$, e.g. orders");
        refused(
                with("importer.rules[1].object-type", "Orders"),
                "importer.rules[1].object-type (rule orders): 'Orders' is not an ODP object type; must match "
                        + "^[a-z][a-z0-9_]{1,61}$, e.g. orders");
    }

    @Test
    void anObjectsTargetWithoutAPrimaryKeyAmongItsFieldsIsRefused() {
        refused(
                with("importer.rules[1].primary-key", null),
                "importer.rules[1].primary-key (rule orders): required for target=objects; name one of the rule's "
                        + "fields (order_id, total, channel)");
        refused(
                with("importer.rules[1].primary-key", "id"),
                "importer.rules[1].primary-key (rule orders): 'id' is not one of the rule's fields; name one of them "
                        + "(order_id, total, channel)");
    }

    @Test
    void withoutFieldsThePrimaryKeyMustBeAnOdpFieldName() {
        Map<String, String> p = with(
                "importer.rules[1].fields[0].name", null,
                "importer.rules[1].fields[1].name", null,
                "importer.rules[1].fields[1].type", null,
                "importer.rules[1].fields[2].name", null,
                "importer.rules[1].fields[2].constant", null);
        assertThat(rules(p).all().get(1).requiredColumns()).containsExactly("order_id");
        p.put("importer.rules[1].primary-key", "Order Id");
        refused(
                p,
                "importer.rules[1].primary-key (rule orders): 'Order Id' is not an ODP field name; must match "
                        + "^[a-z][a-z0-9_]{1,61}$");
    }

    @Test
    void anObjectTypeOrPrimaryKeyOnAnEventsTargetIsRefused() {
        refused(
                with("importer.rules[2].object-type", "purchases"),
                "importer.rules[2].object-type (rule purchases): not allowed with target=events (events go to "
                        + "POST /v3/events); remove it");
        refused(
                with("importer.rules[2].primary-key", "email"),
                "importer.rules[2].primary-key (rule purchases): not allowed with target=events (events are keyed by "
                        + "their first identifier); remove it");
    }

    @Test
    void aFieldMappedTwiceIsRefused() {
        refused(
                with("importer.rules[1].fields[2].name", "total"),
                "importer.rules[1].fields[2].name (rule orders): 'total' is mapped twice (also fields[1]); "
                        + "map each ODP field once");
        // a bare event name is a data field: price and data.price are the same field
        refused(
                with("importer.rules[2].fields[3].name", "data.price"),
                "importer.rules[2].fields[3].name (rule purchases): 'data.price' is mapped twice (also fields[2]); "
                        + "map each ODP field once");
    }

    @Test
    void aFieldWithBothSourceAndConstantIsRefused() {
        refused(
                with("importer.rules[1].fields[2].source", "channel"),
                "importer.rules[1].fields[2].constant (rule orders): both source and constant are set; set one "
                        + "(source: a column, constant: a fixed value)");
    }

    @Test
    void anInvalidOdpFieldNameIsRefused() {
        refused(
                with("importer.rules[1].fields[1].name", "Total Amount"),
                "importer.rules[1].fields[1].name (rule orders): 'Total Amount' is not an ODP field name; must match "
                        + "^[a-z][a-z0-9_]{1,61}$, e.g. order_id");
        refused(
                with("importer.rules[1].fields[1].name", "data.total"),
                "importer.rules[1].fields[1].name (rule orders): 'data.total' is not an ODP field name; must match "
                        + "^[a-z][a-z0-9_]{1,61}$, e.g. order_id");
    }

    @Test
    void anInvalidEventFieldNameIsRefused() {
        refused(
                with("importer.rules[2].fields[2].name", "context.price"),
                "importer.rules[2].fields[2].name (rule purchases): 'context.price' is not an event field; use type, "
                        + "action, identifiers.<name>, data.<name> or <name> (a data field), each <name> matching "
                        + "^[a-z][a-z0-9_]{1,61}$");
        assertThatThrownBy(() -> rules(with("importer.rules[2].fields[1].name", "identifiers.E-mail")))
                .hasMessageStartingWith(
                        "importer.rules[2].fields[1].name (rule purchases): 'identifiers.E-mail' is not");
    }

    @Test
    void eventsWithoutTypeOrIdentifierOrFieldsAreRefused() {
        refused(
                with("importer.rules[2].fields[0].name", "action"),
                "importer.rules[2].fields (rule purchases): target=events needs a type field (name=type, from a source "
                        + "or a constant)");
        refused(
                with("importer.rules[2].fields[1].name", "data.email"),
                "importer.rules[2].fields (rule purchases): target=events needs at least one identifiers.<name> field, "
                        + "e.g. identifiers.email");
        Map<String, String> noFields = valid();
        noFields.keySet().removeIf(k -> k.startsWith("importer.rules[2].fields"));
        refused(
                noFields,
                "importer.rules[2].fields (rule purchases): required for target=events; map a type and at least one "
                        + "identifier, e.g. fields[0].name=type, fields[1].name=identifiers.email");
    }

    @Test
    void aMappedIdempotenceIdIsRefusedBecauseTheImporterSetsIt() {
        refused(
                with("importer.rules[2].fields[3].name", "data.idempotence_id"),
                "importer.rules[2].fields[3].name (rule purchases): data.idempotence_id is set by the importer (from "
                        + "the blob version and the record index); remove it");
        assertThatThrownBy(() -> rules(with("importer.rules[2].fields[3].name", "idempotence_id")))
                .hasMessageContaining("data.idempotence_id is set by the importer");
    }

    @Test
    void aConstantThatFailsItsTypesConversionIsRefused() {
        refused(
                with("importer.rules[1].fields[2].constant", "abc", "importer.rules[1].fields[2].type", "number"),
                "importer.rules[1].fields[2].constant (rule orders): 'abc' is not a number; use digits, a '.' for "
                        + "decimals and no grouping, e.g. 12, -3.5 or 1e3 (type number)");
        assertThatThrownBy(() -> rules(with(
                        "importer.rules[1].fields[2].constant",
                        "someday",
                        "importer.rules[1].fields[2].type",
                        "timestamp")))
                .hasMessageStartingWith(
                        "importer.rules[1].fields[2].constant (rule orders): 'someday' is not a timestamp");
    }

    @Test
    void aRuleAfterACatchAllIsAcceptedWithAWarning() {
        Rules rules = rules(with("importer.rules[0].pattern", "**"));
        assertThat(rules.all()).hasSize(3);
        assertThat(log.messages(Level.WARNING))
                .containsExactly(
                        "importer.rules[1] (rule orders) never matches: importer.rules[0] (rule stores) before it "
                                + "matches every blob name",
                        "importer.rules[2] (rule purchases) never matches: importer.rules[0] (rule stores) "
                                + "before it matches every blob name");
    }
}
