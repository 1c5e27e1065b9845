package io.odpimporter.rules;

import io.odpimporter.schema.SchemaField;
import io.odpimporter.schema.SchemaMode;
import io.odpimporter.schema.TargetSchema;
import io.odpimporter.testing.TestConfig;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.odpimporter.rules.RuleValidationTest.rules;
import static io.odpimporter.rules.RuleValidationTest.valid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What each rule's target needs in ODP's schema, its mode, and clashes between rules (docs/architecture.md "Schema"). */
class RuleSchemasTest {

    @Test
    void theRulesSchemaSettingWinsOverTheDefault() {
        assertThat(RuleSchemas.mode(Optional.of(SchemaMode.OFF), SchemaMode.CREATE))
                .isEqualTo(SchemaMode.OFF);
        assertThat(RuleSchemas.mode(Optional.empty(), SchemaMode.CREATE)).isEqualTo(SchemaMode.CREATE);
        Map<String, String> p = valid();
        p.put("importer.schema.bootstrap", "create");
        p.put("importer.rules[1].schema", "verify");
        List<Rule> all = rules(p).all();
        assertThat(all.stream().map(r -> r.schema().mode()))
                .containsExactly(SchemaMode.CREATE, SchemaMode.VERIFY, SchemaMode.CREATE);
    }

    @Test
    void withoutASettingTheModeIsVerify() {
        assertThat(rules(valid()).all())
                .allSatisfy(r -> assertThat(r.schema().mode()).isEqualTo(SchemaMode.VERIFY));
    }

    @Test
    void theDefaultRuleNeedsTheQuickstartObjectWithTheThreeStoreFieldsTheIdPrimary() {
        Rules rules = new Rules(TestConfig.load(Map.of(
                "importer.schema.bootstrap", "create",
                "importer.odp.fields.name", "store_name")));
        TargetSchema schema = rules.all().get(0).schema();
        assertThat(schema.object()).isEqualTo("ocp_quickstart_offline_stores");
        assertThat(schema.kind()).isEqualTo(TargetKind.OBJECTS);
        assertThat(schema.mode()).isEqualTo(SchemaMode.CREATE);
        assertThat(schema.primaryKey()).isEqualTo("ocp_quickstart_offline_store_id");
        assertThat(schema.openFields()).isFalse();
        assertThat(schema.fields())
                .containsExactly(
                        new SchemaField("ocp_quickstart_offline_store_id", FieldType.STRING, true),
                        new SchemaField("store_name", FieldType.STRING, false),
                        new SchemaField("offline_store_location", FieldType.STRING, false));
    }

    @Test
    void anObjectsRuleNeedsEveryMappedFieldWithItsTypeConstantsIncluded() {
        TargetSchema orders = rules(valid()).all().get(1).schema();
        assertThat(orders.object()).isEqualTo("orders");
        assertThat(orders.primaryKey()).isEqualTo("order_id");
        assertThat(orders.fields())
                .containsExactly(
                        new SchemaField("order_id", FieldType.STRING, true),
                        new SchemaField("total", FieldType.NUMBER, false),
                        new SchemaField("channel", FieldType.STRING, false));
    }

    @Test
    void aRuleWithoutFieldsHasOpenFieldsAndOnlyItsKeyIsKnown() {
        Map<String, String> p = new HashMap<>();
        p.put("importer.rules[0].name", "loose");
        p.put("importer.rules[0].prefix", "loose/");
        p.put("importer.rules[0].object-type", "loose_things");
        p.put("importer.rules[0].primary-key", "thing_id");
        TargetSchema schema = rules(p).all().get(0).schema();
        assertThat(schema.openFields()).isTrue();
        assertThat(schema.fields()).containsExactly(new SchemaField("thing_id", FieldType.STRING, true));
    }

    @Test
    void anEventsRuleNeedsTheDataFieldsOfTheEventsObject() {
        TargetSchema events = rules(valid()).all().get(2).schema();
        assertThat(events.kind()).isEqualTo(TargetKind.EVENTS);
        assertThat(events.object()).isEqualTo("events");
        assertThat(events.primaryKey()).isNull();
        assertThat(events.fields())
                .containsExactly(
                        new SchemaField("price", FieldType.NUMBER, false),
                        new SchemaField("idempotence_id", FieldType.STRING, false));
    }

    @Test
    void twoRulesGivingOneFieldTwoTypesStopTheStartNamingBothRules() {
        Map<String, String> p = valid();
        p.put("importer.rules[3].name", "more-orders");
        p.put("importer.rules[3].prefix", "more-orders/");
        p.put("importer.rules[3].object-type", "orders");
        p.put("importer.rules[3].primary-key", "order_id");
        p.put("importer.rules[3].fields[0].name", "order_id");
        p.put("importer.rules[3].fields[1].name", "total");
        assertThatThrownBy(() -> rules(p))
                .isInstanceOf(RulesException.class)
                .hasMessageContainingAll("orders", "more-orders", "total", "number", "string");
    }

    @Test
    void twoRulesGivingOneObjectTwoPrimaryKeysStopTheStart() {
        Map<String, String> p = valid();
        p.put("importer.rules[3].name", "other-orders");
        p.put("importer.rules[3].prefix", "other/");
        p.put("importer.rules[3].object-type", "orders");
        p.put("importer.rules[3].primary-key", "order_number");
        assertThatThrownBy(() -> rules(p))
                .isInstanceOf(RulesException.class)
                .hasMessageContainingAll("rules orders and other-orders", "order_id", "order_number");
    }

    @Test
    void aRuleWithSchemaOffIsNotMergedSoItCannotClash() {
        Map<String, String> p = valid();
        p.put("importer.rules[3].name", "more-orders");
        p.put("importer.rules[3].prefix", "more-orders/");
        p.put("importer.rules[3].object-type", "orders");
        p.put("importer.rules[3].primary-key", "order_id");
        p.put("importer.rules[3].schema", "off");
        p.put("importer.rules[3].fields[0].name", "order_id");
        p.put("importer.rules[3].fields[1].name", "total");
        assertThat(rules(p).all()).hasSize(4);
    }
}
