package io.odpimporter.rules;

import io.odpimporter.config.ImporterConfig;
import io.odpimporter.domain.RuleRef;
import io.odpimporter.domain.StoreRecord;
import io.odpimporter.testing.TestConfig;
import io.quarkus.runtime.Startup;
import jakarta.interceptor.Interceptor;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.odpimporter.rules.RuleValidationTest.rules;
import static io.odpimporter.rules.RuleValidationTest.valid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Matching, the skip reason, fingerprints, the typed keys and the start-up of {@link Rules}. */
class RulesTest {

    @Test
    void theFirstMatchingRuleWinsAndAPrefixIsStartsWith() {
        Map<String, String> p = valid();
        p.put("importer.rules[3].name", "everything-csv");
        p.put("importer.rules[3].pattern", "**/*.csv");
        p.put("importer.rules[3].object-type", "misc");
        p.put("importer.rules[3].primary-key", "id");
        Rules rules = rules(p);
        assertThat(rules.match("stores/a.csv")).map(Rule::displayName).hasValue("stores");
        assertThat(rules.match("orders/2026/12/a.jsonl")).map(Rule::displayName).hasValue("orders");
        assertThat(rules.match("orders/x.csv")).map(Rule::displayName).hasValue("orders");
        assertThat(rules.match("events/e.csv")).map(Rule::displayName).hasValue("purchases");
        assertThat(rules.match("stores/2026/a.csv")).map(Rule::displayName).hasValue("everything-csv");
        assertThat(rules.match("Orders/x.jsonl")).isEmpty();
        assertThat(rules.match("readme.txt")).isEmpty();
    }

    @Test
    void theNoMatchReasonNamesTheBlobAndEveryRuleWithItsPattern() {
        assertThat(rules(valid()).noMatchReason("x/y.txt"))
                .isEqualTo(
                        "no rule matches blob name 'x/y.txt' (rules: stores 'stores/*.csv', orders prefix 'orders/', "
                                + "purchases 'events/*.csv')");
    }

    @Test
    void theNoMatchReasonIsCappedInLength() {
        Map<String, String> p = new HashMap<>();
        for (int i = 0; i < 40; i++) {
            p.put("importer.rules[" + i + "].name", "rule-number-" + i);
            p.put("importer.rules[" + i + "].pattern", "some/rather/long/folder/name/" + i + "/*.csv");
            p.put("importer.rules[" + i + "].object-type", "things");
            p.put("importer.rules[" + i + "].primary-key", "id");
        }
        String reason = rules(p).noMatchReason("z".repeat(1000));
        assertThat(reason.length()).isLessThanOrEqualTo(Rules.MAX_REASON);
        assertThat(reason)
                .startsWith("no rule matches blob name '" + "z".repeat(117) + "...' (rules: rule-number-0 ")
                .matches(".*, and \\d+ more\\)$");
    }

    @Test
    void aShortenedBlobNameNeverEndsInHalfAnAstralCharacter() {
        String name = "z".repeat(116) + "\uD83D\uDE00" + "z".repeat(20);
        String reason = rules(valid()).noMatchReason(name);
        assertThat(reason).startsWith("no rule matches blob name '" + "z".repeat(116) + "...'");
        assertThat(reason.chars().filter(c -> Character.isSurrogate((char) c)).count())
                .isZero();
    }

    @Test
    void theFingerprintIsStableForTheSameDefinition() {
        RuleRef first = rules(valid()).all().get(1).ref();
        RuleRef again = rules(valid()).all().get(1).ref();
        assertThat(again).isEqualTo(first);
        assertThat(first.sameDefinition(again)).isTrue();
        // a literal: the canonical form and its hash are the same on every JVM and after every restart
        assertThat(first.toString()).isEqualTo("orders@" + first.fingerprint()).matches("orders@[0-9a-f]{8}");
        assertThat(first.fingerprint()).isEqualTo(ORDERS_FINGERPRINT);
    }

    /** The fingerprint of {@link RuleValidationTest#valid()}'s rule 1: changing it invalidates every recorded ref. */
    private static final String ORDERS_FINGERPRINT = "7d6cc4b6";

    @Test
    void settingADefaultExplicitlyKeepsTheFingerprintAndTheNameIsNotPartOfIt() {
        String fingerprint = rules(valid()).all().get(1).ref().fingerprint();
        Map<String, String> explicit = valid();
        explicit.put("importer.rules[1].target", "objects");
        explicit.put("importer.rules[1].blank", "omit");
        explicit.put("importer.rules[1].trim", "true");
        explicit.put("importer.rules[1].timestamp-output", "iso");
        explicit.put("importer.rules[1].fields[0].source", "order_id");
        explicit.put("importer.rules[1].fields[0].type", "string");
        explicit.put("importer.rules[1].name", "orders-renamed");
        assertThat(rules(explicit).all().get(1).ref().fingerprint()).isEqualTo(fingerprint);
    }

    @Test
    void changingAnythingThatChangesReadingOrMappingChangesTheFingerprint() {
        String fingerprint = rules(valid()).all().get(1).ref().fingerprint();
        List<String[]> changes = List.of(
                new String[] {"importer.rules[1].prefix", "orders/2026/"},
                new String[] {"importer.rules[1].format", "jsonl.gz"},
                new String[] {"importer.rules[1].object-type", "sales"},
                new String[] {"importer.rules[1].primary-key", "total"},
                new String[] {"importer.rules[1].fields[0].source", "id"},
                new String[] {"importer.rules[1].fields[0].source", "/order/id"},
                new String[] {"importer.rules[1].fields[1].type", "string"},
                new String[] {"importer.rules[1].fields[1].name", "amount"},
                new String[] {"importer.rules[1].fields[2].constant", "shop"},
                new String[] {"importer.rules[1].fields[3].name", "note"},
                new String[] {"importer.rules[1].blank", "clear"},
                new String[] {"importer.rules[1].trim", "false"},
                new String[] {"importer.rules[1].timestamp-output", "epoch-seconds"});
        for (String[] change : changes) {
            Map<String, String> p = valid();
            p.put(change[0], change[1]);
            assertThat(rules(p).all().get(1).ref().fingerprint())
                    .as(change[0] + "=" + change[1])
                    .isNotEqualTo(fingerprint);
        }
        Map<String, String> pattern = valid();
        pattern.remove("importer.rules[1].prefix");
        pattern.put("importer.rules[1].pattern", "orders/");
        assertThat(rules(pattern).all().get(1).ref().fingerprint())
                .as("pattern instead of prefix")
                .isNotEqualTo(fingerprint);
        Map<String, String> reordered = valid();
        reordered.put("importer.rules[1].fields[0].name", "total");
        reordered.put("importer.rules[1].fields[0].type", "number");
        reordered.put("importer.rules[1].fields[1].name", "order_id");
        reordered.put("importer.rules[1].fields[1].type", "string");
        assertThat(rules(reordered).all().get(1).ref().fingerprint())
                .as("fields reordered")
                .isNotEqualTo(fingerprint);
    }

    @Test
    void enumKeysTakeLowerOrUpperCaseAndKebabCase() {
        Map<String, String> p = valid();
        p.put("importer.rules[2].target", "EVENTS");
        p.put("importer.rules[1].blank", "CLEAR");
        p.put("importer.rules[1].timestamp-output", "epoch-seconds");
        p.put("importer.rules[1].fields[1].type", "NUMBER");
        ImporterConfig config = TestConfig.load(p);
        RuleConfig orders = config.rules().orElseThrow().get(1);
        assertThat(config.rules().orElseThrow().get(2).target()).isEqualTo(TargetKind.EVENTS);
        assertThat(config.rules().orElseThrow().get(0).target()).isEqualTo(TargetKind.OBJECTS);
        assertThat(orders.blank()).isEqualTo(BlankPolicy.CLEAR);
        assertThat(orders.timestampOutput()).isEqualTo(TimestampOutput.EPOCH_SECONDS);
        assertThat(orders.fields().orElseThrow().get(1).type()).isEqualTo(FieldType.NUMBER);
        assertThat(new Rules(config).all().get(2).target()).isEqualTo(StoreRecord.Target.events());
        assertThat(rules(valid()).all().get(2).target()).isEqualTo(StoreRecord.Target.events());
    }

    @Test
    void anInvalidEnumValueNamesTheKeyAndTheAllowedValues() {
        Map<String, String> p = valid();
        p.put("importer.rules[2].target", "event");
        assertThatThrownBy(() -> TestConfig.load(p))
                .hasMessageContaining("importer.rules[2].target")
                .hasMessageContaining("objects")
                .hasMessageContaining("events");
        Map<String, String> type = valid();
        type.put("importer.rules[1].fields[1].type", "decimal");
        assertThatThrownBy(() -> TestConfig.load(type))
                .hasMessageContaining("importer.rules[1].fields[1].type")
                .hasMessageContaining("string")
                .hasMessageContaining("timestamp");
    }

    @Test
    void anInvalidRuleNameIsRefusedByTheMapping() {
        Map<String, String> p = valid();
        p.put("importer.rules[1].name", "my orders");
        assertThatThrownBy(() -> TestConfig.load(p))
                .hasMessageContaining("importer.rules[1].name")
                .hasMessageContaining("e.g. orders");
    }

    @Test
    void rulesAreCreatedAtStartUpSoABadRuleStopsTheLaunchWithoutASecret() {
        // @Startup: Quarkus creates the bean when the service starts, before the Kafka topics are checked (a broker
        // that is not there must not hide a bad rule); its constructor's exception fails the launch
        assertThat(Rules.class.getAnnotation(Startup.class).value()).isLessThan(Interceptor.Priority.PLATFORM_BEFORE);
        Map<String, String> p = valid();
        p.put("importer.rules[1].format", "xml");
        ImporterConfig config = TestConfig.load(p);
        assertThatThrownBy(() -> new Rules(config))
                .isInstanceOf(RulesException.class)
                .hasMessageStartingWith("importer.rules[1].format (rule orders): unknown format 'xml'")
                .hasMessageNotContaining("secret-api-key-value");
    }

    @Test
    void theWellnessProbeReadsTheFirstObjectsRulesTypeOrCustomersForEventsOnly() {
        assertThat(new Rules(TestConfig.load(Map.of())).probedObjectType()).isEqualTo("ocp_quickstart_offline_stores");
        assertThat(rules(valid()).probedObjectType())
                .isEqualTo(rules(valid()).all().get(0).target().objectType());
        Map<String, String> eventsOnly = new HashMap<>();
        valid().forEach((k, v) -> {
            if (k.startsWith("importer.rules[2].")) {
                eventsOnly.put(k.replace("rules[2]", "rules[0]"), v);
            } else if (!k.startsWith("importer.rules[")) {
                eventsOnly.put(k, v);
            }
        });
        assertThat(rules(eventsOnly).all())
                .extracting(r -> r.target().kind())
                .containsExactly(StoreRecord.Target.Kind.EVENTS);
        assertThat(rules(eventsOnly).probedObjectType()).isEqualTo("customers");
    }

    @Test
    void anEmptyConfigurationIsTheDefaultRule() {
        Rules rules = new Rules(TestConfig.load(Map.of()));
        assertThat(rules.configured()).isFalse();
        Rule rule = rules.all().get(0);
        assertThat(rule.ref()).isNull();
        assertThat(rule.index()).isEqualTo(-1);
        assertThat(rule.transform()).isInstanceOf(StoreTransform.class);
        assertThat(rule.requiredColumns()).containsExactly("id");
        assertThat(rule.format()).isEmpty();
        assertThat(rule.target()).isEqualTo(StoreRecord.Target.objects("ocp_quickstart_offline_stores"));
        assertThat(rules.match("any/thing at all.bin")).hasValue(rule);
        assertThat(rules.byRef(null)).hasValue(rule);
    }

    @Test
    void byRefFindsTheRuleOfARecordedNameWhateverItsFingerprint() {
        Rules rules = rules(valid());
        assertThat(rules.byRef(RuleRef.parse("orders@0badf00d")))
                .map(Rule::index)
                .hasValue(1);
        assertThat(rules.byRef(RuleRef.parse("gone@0badf00d"))).isEmpty();
        assertThat(rules.byRef(null)).isEmpty();
    }

    @Test
    void requiredColumnsAreThoseWithoutWhichEveryRowIsParked() {
        Map<String, String> p = valid();
        p.put("importer.rules[2].fields[0].source", "kind");
        p.remove("importer.rules[2].fields[0].constant");
        p.put("importer.rules[2].fields[1].source", "/customer/email");
        Rules rules = rules(p);
        assertThat(rules.all().get(0).requiredColumns()).containsExactly("id");
        assertThat(rules.all().get(1).requiredColumns()).containsExactly("order_id");
        assertThat(rules.all().get(2).requiredColumns()).containsExactly("customer", "kind");
        // a constant type is never missing
        assertThat(rules(valid()).all().get(2).requiredColumns()).containsExactly("email");
    }
}
