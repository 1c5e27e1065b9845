package io.odpimporter.afterimport;

import io.odpimporter.config.ImporterConfig;
import io.odpimporter.domain.LedgerEntry;
import io.odpimporter.domain.RuleRef;
import io.odpimporter.rules.Rules;
import io.odpimporter.testing.TestConfig;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Which action a version gets (rule, default, move prefixes) and which blobs are not discovered because of them. */
class AfterImportPolicyTest {

    private static final List<String> PREFIXES = List.of("processed/", "failed/");

    @Test
    void aVersionGetsItsRecordedRulesActionElseTheDefaultAndNoneUnderTheMovePrefixes() {
        AfterImportPolicy policy = policy(Map.of("importer.after-import.action", "tag"));

        assertThat(policy.actionFor(entry("stores/a.csv", "stores", LedgerEntry.State.DELIVERED)))
                .isEqualTo(AfterImportAction.MOVE);
        assertThat(policy.actionFor(entry("orders/a.jsonl", "orders", LedgerEntry.State.FAILED)))
                .isEqualTo(AfterImportAction.TAG);
        // the rule is looked up by its name: a changed definition (fingerprint) keeps its action
        assertThat(policy.actionFor(entry("stores/b.csv", "stores@00000000", LedgerEntry.State.DELIVERED)))
                .isEqualTo(AfterImportAction.MOVE);
        // a rule gone from the configuration: the default
        assertThat(policy.actionFor(entry("old/a.csv", "retired", LedgerEntry.State.DELIVERED)))
                .isEqualTo(AfterImportAction.TAG);
        assertThat(policy.actionFor(entry("processed/stores/a.csv", "stores", LedgerEntry.State.DELIVERED)))
                .isEqualTo(AfterImportAction.NONE);
    }

    @Test
    void onlyDeliveredAndFailedVersionsGetAnAction() {
        AfterImportPolicy policy = policy(Map.of("importer.after-import.action", "delete"));
        for (LedgerEntry.State state :
                new LedgerEntry.State[] {LedgerEntry.State.IN_PROGRESS, LedgerEntry.State.IMPORTED}) {
            assertThat(policy.actionFor(entry("orders/a.jsonl", "orders", state)))
                    .as("%s", state)
                    .isEqualTo(AfterImportAction.NONE);
        }
    }

    @Test
    void theActionIsNotPartOfTheRulesFingerprint() {
        Map<String, String> without = rules();
        without.remove("importer.rules[0].after-import");
        RuleRef withAction = new Rules(TestConfig.load(rules())).all().get(0).ref();
        RuleRef withoutAction = new Rules(TestConfig.load(without)).all().get(0).ref();

        assertThat(withAction).isEqualTo(withoutAction);
    }

    @Test
    void theActionsInUseAreTheDefaultsAndTheRules() {
        assertThat(policy(Map.of()).actionsInUse()).containsExactly(AfterImportAction.MOVE);
        assertThat(policy(Map.of()).listTags()).isFalse();
        assertThat(policy(Map.of("importer.after-import.action", "tag")).actionsInUse())
                .containsExactlyInAnyOrder(AfterImportAction.TAG, AfterImportAction.MOVE);
        assertThat(new AfterImportPolicy(new Rules(TestConfig.load(Map.of())), TestConfig.load(Map.of()))
                        .actionsInUse())
                .isEmpty();
    }

    @Test
    void blobsUnderTheMovePrefixesAreNeverDiscoveredEvenForced() {
        assertThat(AfterImportPolicy.notDiscovered("processed/stores/a.csv", null, true, PREFIXES, null))
                .hasValue("under processed/, where the after-import action moves blobs");
        assertThat(AfterImportPolicy.notDiscovered("failed/a.csv", Map.of(), false, PREFIXES, "odp-import"))
                .hasValue("under failed/, where the after-import action moves blobs");
        assertThat(AfterImportPolicy.notDiscovered("stores/processed/a.csv", null, false, PREFIXES, null))
                .isEmpty();
    }

    @Test
    void aTaggedBlobIsNotDiscoveredAgainUnlessForcedOrTagsAreNotInUse() {
        Map<String, String> tagged = Map.of("odp-import", "delivered", "team", "stores");
        assertThat(AfterImportPolicy.notDiscovered("stores/a.csv", tagged, false, PREFIXES, "odp-import"))
                .hasValue("tagged odp-import=delivered by an earlier import");
        assertThat(AfterImportPolicy.notDiscovered("stores/a.csv", tagged, true, PREFIXES, "odp-import"))
                .isEmpty();
        assertThat(AfterImportPolicy.notDiscovered("stores/a.csv", tagged, false, PREFIXES, null))
                .isEmpty();
        // an overwritten blob has lost its tags: the new version is discovered
        assertThat(AfterImportPolicy.notDiscovered("stores/a.csv", Map.of("team", "s"), false, PREFIXES, "odp-import"))
                .isEmpty();
        assertThat(AfterImportPolicy.notDiscovered("stores/a.csv", null, false, PREFIXES, "odp-import"))
                .isEmpty();
    }

    @Test
    void theTagsSayDeliveredOrFailedAndTheRunAndTheMoveGoesToTheMatchingPrefix() {
        AfterImportPolicy policy = policy(Map.of(
                "importer.after-import.tag-name", "imported",
                "importer.after-import.run-tag-name", "imported-by",
                "importer.after-import.processed-prefix", "done/"));
        LedgerEntry delivered = entry("stores/a.csv", "stores", LedgerEntry.State.DELIVERED);
        LedgerEntry failed = entry("stores/a.csv", "stores", LedgerEntry.State.FAILED);

        assertThat(policy.tags(delivered)).isEqualTo(Map.of("imported", "delivered", "imported-by", "run-1"));
        assertThat(policy.tags(failed)).isEqualTo(Map.of("imported", "failed", "imported-by", "run-1"));
        assertThat(policy.destination(delivered)).isEqualTo("done/stores/a.csv");
        assertThat(policy.destination(failed)).isEqualTo("failed/stores/a.csv");
    }

    @Test
    void theResolutionItself() {
        assertThat(AfterImportPolicy.resolve(
                        "a.csv", Optional.of(AfterImportAction.DELETE), AfterImportAction.NONE, PREFIXES))
                .isEqualTo(AfterImportAction.DELETE);
        assertThat(AfterImportPolicy.resolve("a.csv", Optional.empty(), AfterImportAction.TAG, PREFIXES))
                .isEqualTo(AfterImportAction.TAG);
        assertThat(AfterImportPolicy.resolve(
                        "failed/a.csv", Optional.of(AfterImportAction.MOVE), AfterImportAction.TAG, PREFIXES))
                .isEqualTo(AfterImportAction.NONE);
    }

    @Test
    void theActionIsRecordedPendingWithTheDeliveredOrFailedStateAndNeverForAnImportedOrActionlessOne() {
        Instant at = Instant.parse("2026-12-05T09:01:00Z");
        AfterImportPolicy policy = policy(Map.of());

        LedgerEntry.AfterImport move = policy.withDueAction(
                        entry("stores/a.csv", "stores", LedgerEntry.State.DELIVERED), at)
                .afterImport();
        assertThat(move).isEqualTo(new LedgerEntry.AfterImport("move", LedgerEntry.ActionState.PENDING, at, null));
        assertThat(policy.withDueAction(entry("stores/b.csv", "stores", LedgerEntry.State.FAILED), at)
                        .afterImport()
                        .state())
                .isEqualTo(LedgerEntry.ActionState.PENDING);
        // IMPORTED is not done yet; the orders rule names no action and the default is none
        assertThat(policy.withDueAction(entry("stores/c.csv", "stores", LedgerEntry.State.IMPORTED), at)
                        .afterImport())
                .isNull();
        assertThat(policy.withDueAction(entry("orders/a.jsonl", "orders", LedgerEntry.State.DELIVERED), at)
                        .afterImport())
                .isNull();
    }

    private static Map<String, String> rules() {
        Map<String, String> p = new HashMap<>();
        p.put("importer.rules[0].name", "stores");
        p.put("importer.rules[0].prefix", "stores/");
        p.put("importer.rules[0].format", "csv");
        p.put("importer.rules[0].object-type", "stores");
        p.put("importer.rules[0].primary-key", "id");
        p.put("importer.rules[0].after-import", "move");
        p.put("importer.rules[1].name", "orders");
        p.put("importer.rules[1].prefix", "orders/");
        p.put("importer.rules[1].format", "jsonl");
        p.put("importer.rules[1].object-type", "orders");
        p.put("importer.rules[1].primary-key", "id");
        return p;
    }

    private static AfterImportPolicy policy(Map<String, String> overrides) {
        Map<String, String> p = rules();
        p.putAll(overrides);
        ImporterConfig config = TestConfig.load(p);
        return new AfterImportPolicy(new Rules(config), config);
    }

    private static LedgerEntry entry(String name, String rule, LedgerEntry.State state) {
        return new LedgerEntry(
                LedgerEntry.SCHEMA_VERSION,
                "offline-stores",
                name,
                "0x8DC1",
                state,
                "run-1",
                3,
                null,
                Instant.parse("2026-12-05T09:00:00Z"),
                RuleRef.parse(rule),
                null,
                null,
                null,
                null);
    }
}
