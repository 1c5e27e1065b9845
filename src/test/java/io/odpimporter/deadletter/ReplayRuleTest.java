package io.odpimporter.deadletter;

import io.odpimporter.domain.RuleRef;
import io.odpimporter.domain.StoreRecord;
import io.odpimporter.rules.Rule;
import io.odpimporter.rules.Rules;
import io.odpimporter.testing.TestRules;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A replay transforms an INVALID_RECORD again through the rule recorded in its dead letter: not at all if that rule
 * is gone, through its current definition if it changed, and says both (never silent).
 */
class ReplayRuleTest {

    private static final Rule ORDERS =
            TestRules.rule("orders@0a1b2c3d", "orders/", StoreRecord.Target.objects("orders"), List.of("no"));
    private static final Rule ORDERS_CHANGED =
            TestRules.rule("orders@99999999", "orders/", StoreRecord.Target.objects("orders"), List.of("no"));
    private static final RuleRef RECORDED = RuleRef.parse("orders@0a1b2c3d");

    @Test
    void theRecordedRuleUnchangedReplaysSilently() {
        ReplayRule decision = ReplayRule.of(new TestRules(ORDERS), RECORDED);
        assertThat(decision.rule()).containsSame(ORDERS);
        assertThat(decision.changed()).isFalse();
        assertThat(decision.note("orders/1.csv", 2)).isEmpty();
    }

    @Test
    void aRuleNoLongerConfiguredIsNotReplayedAndTheNoteNamesIt() {
        ReplayRule decision = ReplayRule.of(new TestRules(), RECORDED);
        assertThat(decision.replayed()).isFalse();
        assertThat(decision.note("orders/1.csv", 2))
                .hasValue("blob orders/1.csv: 2 record(s) not replayed: rule orders@0a1b2c3d they were parked under "
                        + "is no longer configured; they stay parked (configure the rule again to replay them, or "
                        + "upload the file again)");
    }

    @Test
    void aChangedRuleReplaysThroughItsCurrentDefinitionAndTheNoteSaysSo() {
        ReplayRule decision = ReplayRule.of(new TestRules(ORDERS_CHANGED), RECORDED);
        assertThat(decision.rule()).containsSame(ORDERS_CHANGED);
        assertThat(decision.changed()).isTrue();
        assertThat(decision.note("orders/1.csv", 1))
                .hasValue("blob orders/1.csv: 1 record(s) replayed through the current definition of rule orders, "
                        + "which has changed since they were parked (parked under orders@0a1b2c3d, now "
                        + "orders@99999999)");
    }

    @Test
    void recordsOfTheDefaultRuleReplayWithItAndAreHeldBackOnceRulesAreConfigured() {
        Rules empty = TestRules.empty();
        ReplayRule standard = ReplayRule.of(empty, null);
        assertThat(standard.rule()).containsSame(empty.all().get(0));
        assertThat(standard.note("a.json", 1)).isEmpty();

        ReplayRule configured = ReplayRule.of(new TestRules(ORDERS), null);
        assertThat(configured.replayed()).isFalse();
        assertThat(configured.note("a.json", 1))
                .hasValueSatisfying(note -> assertThat(note)
                        .contains("the default rule they were parked under no longer applies (rules are configured)"));
    }
}
