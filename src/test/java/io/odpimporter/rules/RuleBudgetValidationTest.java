package io.odpimporter.rules;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A rule's error budget keys (docs/configuration.md, "Error budget") through the real SmallRye mapping: what
 * {@link Rule#budget()} holds, what is refused at start-up, and that the budget is not part of the fingerprint.
 */
class RuleBudgetValidationTest {

    private static Map<String, String> with(String... keysAndValues) {
        Map<String, String> p = RuleValidationTest.valid();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            p.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return p;
    }

    private static Rule orders(Map<String, String> props) {
        return RuleValidationTest.rules(props).all().get(1);
    }

    @Test
    void aRuleWithoutBudgetKeysHasNoBudget() {
        assertThat(orders(RuleValidationTest.valid()).budget()).isEqualTo(ErrorBudget.OFF);
        assertThat(ErrorBudget.OFF.enabled()).isFalse();
    }

    @Test
    void theRatioAloneStreamsWithTheDefaultMinimum() {
        ErrorBudget budget =
                orders(with("importer.rules[1].max-invalid-ratio", "0.01")).budget();

        assertThat(budget).isEqualTo(new ErrorBudget(0.01, 100, false));
        assertThat(budget.enabled()).isTrue();
    }

    @Test
    void everyKeyIsTaken() {
        ErrorBudget budget = orders(with(
                        "importer.rules[1].max-invalid-ratio", "0.1",
                        "importer.rules[1].max-invalid-min-records", "10",
                        "importer.rules[1].validate-first", "true"))
                .budget();

        assertThat(budget).isEqualTo(new ErrorBudget(0.1, 10, true));
    }

    @Test
    void validateFirstWithoutARatioIsAStartUpErrorNamingTheKey() {
        assertThatThrownBy(() -> orders(with("importer.rules[1].validate-first", "true")))
                .isInstanceOf(RulesException.class)
                .hasMessage("importer.rules[1].validate-first (rule orders): needs max-invalid-ratio (the budget a "
                        + "file is validated against); set it, e.g. 0.01, or remove validate-first");
    }

    @Test
    void aRatioOutsideZeroToOneIsRefusedNamingTheKey() {
        assertThatThrownBy(() -> orders(with("importer.rules[1].max-invalid-ratio", "1.5")))
                .hasMessageContaining("max-invalid-ratio")
                .hasMessageContaining("between 0 and 1");
        assertThatThrownBy(() -> orders(with("importer.rules[1].max-invalid-ratio", "-0.1")))
                .hasMessageContaining("max-invalid-ratio")
                .hasMessageContaining("between 0 and 1");
    }

    @Test
    void aMinimumBelowOneIsRefusedNamingTheKey() {
        assertThatThrownBy(() -> orders(with(
                        "importer.rules[1].max-invalid-ratio", "0.1",
                        "importer.rules[1].max-invalid-min-records", "0")))
                .hasMessageContaining("max-invalid-min-records")
                .hasMessageContaining("at least 1");
    }

    @Test
    void changingTheBudgetKeepsTheFingerprint() {
        Rule without = orders(RuleValidationTest.valid());
        Rule with = orders(with(
                "importer.rules[1].max-invalid-ratio", "0.1",
                "importer.rules[1].max-invalid-min-records", "10",
                "importer.rules[1].validate-first", "true"));

        assertThat(with.ref()).isEqualTo(without.ref());
    }
}
