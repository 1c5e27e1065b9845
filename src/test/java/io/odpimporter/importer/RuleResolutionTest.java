package io.odpimporter.importer;

import io.odpimporter.domain.FileDiscovered;
import io.odpimporter.domain.FileFormat;
import io.odpimporter.domain.ProgressMark;
import io.odpimporter.domain.RuleRef;
import io.odpimporter.domain.StoreRecord;
import io.odpimporter.rules.Rule;
import io.odpimporter.rules.Rules;
import io.odpimporter.testing.TestConfig;
import io.odpimporter.testing.TestRules;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Which rule imports a file: the one recorded at discovery, matched again (and said) if it is gone or changed. */
class RuleResolutionTest {

    private static final Rule ORDERS =
            TestRules.rule("orders@0a1b2c3d", "orders/", StoreRecord.Target.objects("orders"), List.of("no"));
    private static final Rule ORDERS_CHANGED =
            TestRules.rule("orders@99999999", "orders/", StoreRecord.Target.objects("orders"), List.of("no"));
    private static final Rule ALL_ORDERS =
            TestRules.rule("all-orders@11112222", "orders/", StoreRecord.Target.objects("orders"), List.of("no"));

    private static FileDiscovered event(String blob, String rule) {
        return new FileDiscovered(
                        1,
                        "acct",
                        "c",
                        blob,
                        "0x1",
                        Instant.EPOCH,
                        1,
                        FileDiscovered.Source.SWEEP,
                        "run-1",
                        Instant.EPOCH,
                        false)
                .withRule(rule == null ? null : RuleRef.parse(rule));
    }

    @Test
    void theRecordedRuleImportsTheFileWhileItsDefinitionHolds() {
        RuleResolution.Resolved resolved =
                RuleResolution.resolve(new TestRules(ORDERS), event("orders/1.json", "orders@0a1b2c3d"));
        assertThat(resolved.rule()).isSameAs(ORDERS);
        assertThat(resolved.warning()).isNull();
        assertThat(resolved.skipped()).isNull();
    }

    @Test
    void anEmptyConfigurationImportsAFileWithoutRuleWithTheDefaultRuleSilently() {
        Rules empty = TestRules.empty();
        RuleResolution.Resolved resolved = RuleResolution.resolve(empty, event("any.json", null));
        assertThat(resolved.rule()).isSameAs(empty.all().get(0));
        assertThat(resolved.warning()).isNull();
    }

    @Test
    void aChangedDefinitionMatchesTheBlobAgainNamingBothFingerprints() {
        RuleResolution.Resolved resolved =
                RuleResolution.resolve(new TestRules(ORDERS_CHANGED), event("orders/1.json", "orders@0a1b2c3d"));
        assertThat(resolved.rule()).isSameAs(ORDERS_CHANGED);
        assertThat(resolved.warning())
                .isEqualTo("Blob orders/1.json (ETag 0x1): rule orders@0a1b2c3d recorded at discovery has changed "
                        + "since (now rule orders@99999999): the blob is matched again: rule orders@99999999");
    }

    @Test
    void aRuleNoLongerConfiguredMatchesTheBlobAgain() {
        RuleResolution.Resolved resolved =
                RuleResolution.resolve(new TestRules(ALL_ORDERS), event("orders/1.json", "orders@0a1b2c3d"));
        assertThat(resolved.rule()).isSameAs(ALL_ORDERS);
        assertThat(resolved.warning())
                .isEqualTo("Blob orders/1.json (ETag 0x1): rule orders@0a1b2c3d recorded at discovery is no longer "
                        + "configured: the blob is matched again: rule all-orders@11112222");
    }

    @Test
    void aFileNoRuleMatchesAnyMoreIsSkippedWithTheReason() {
        TestRules rules = new TestRules(ALL_ORDERS);
        RuleResolution.Resolved resolved = RuleResolution.resolve(rules, event("stores/1.csv", "stores@0a1b2c3d"));
        assertThat(resolved.rule()).isNull();
        assertThat(resolved.skipped()).isEqualTo(rules.noMatchReason("stores/1.csv"));
        assertThat(resolved.warning())
                .startsWith("Blob stores/1.csv (ETag 0x1): rule stores@0a1b2c3d recorded at discovery is no longer "
                        + "configured: the blob is matched again: no rule matches it: skipped (");
    }

    @Test
    void aFileDiscoveredUnderTheDefaultRuleIsMatchedAgainOnceRulesAreConfigured() {
        RuleResolution.Resolved resolved = RuleResolution.resolve(new TestRules(ORDERS), event("orders/1.json", null));
        assertThat(resolved.rule()).isSameAs(ORDERS);
        assertThat(resolved.warning())
                .isEqualTo("Blob orders/1.json (ETag 0x1): the default rule recorded at discovery no longer applies "
                        + "(rules are configured): the blob is matched again: rule orders@0a1b2c3d");
    }

    @Test
    void aProgressMarkOfTheSameRuleIsResumedFromAndOneOfAnotherDefinitionRestartsTheFile() {
        FileDiscovered event = event("orders/1.json", "orders@0a1b2c3d");
        ProgressMark same = mark(ORDERS.ref());
        assertThat(RuleResolution.restartReason(event, same, ORDERS)).isEmpty();
        assertThat(RuleResolution.restartReason(
                        event, mark(null), TestRules.empty().all().get(0)))
                .isEmpty();

        assertThat(RuleResolution.restartReason(event, same, ORDERS_CHANGED))
                .hasValue("Blob orders/1.json (ETag 0x1): its progress mark (record 500) was written under rule "
                        + "orders@0a1b2c3d, the file is now imported with rule orders@99999999: starting again from "
                        + "record 0 (objects are upserted again by primary key; events are sent again with the same "
                        + "idempotence ids)");
        // a mark written before rules (none recorded) is not resumed under a configured rule
        assertThat(RuleResolution.restartReason(event, mark(null), ORDERS)).isPresent();
    }

    private static ProgressMark mark(RuleRef rule) {
        return new ProgressMark(1, "run-1", 500, 9000, 0, Instant.EPOCH, 0, FileFormat.JSON_ARRAY, 3L, rule);
    }

    private static Rules configured(String objectType) {
        return new Rules(TestConfig.load(Map.of(
                "importer.rules[0].name", "orders",
                "importer.rules[0].pattern", "orders/*.jsonl",
                "importer.rules[0].object-type", objectType,
                "importer.rules[0].primary-key", "order_id")));
    }

    @Test
    void withConfiguredRulesAChangedDefinitionBetweenDiscoveryAndImportIsSeen() {
        Rules atDiscovery = configured("orders");
        RuleRef recorded = atDiscovery.match("orders/1.jsonl").orElseThrow().ref();
        FileDiscovered event = event("orders/1.jsonl", recorded.toString());
        assertThat(RuleResolution.resolve(atDiscovery, event).warning()).isNull();

        Rules atImport = configured("purchase_orders");
        RuleResolution.Resolved resolved = RuleResolution.resolve(atImport, event);
        assertThat(resolved.rule().target()).isEqualTo(StoreRecord.Target.objects("purchase_orders"));
        assertThat(resolved.warning())
                .contains("rule " + recorded + " recorded at discovery has changed since (now rule "
                        + resolved.rule().ref() + ")");
        assertThat(resolved.rule().ref().fingerprint()).isNotEqualTo(recorded.fingerprint());
    }
}
