package io.odpimporter.deadletter;

import io.odpimporter.domain.RuleRef;
import io.odpimporter.rules.Rule;
import io.odpimporter.rules.Rules;

import java.util.Optional;

/**
 * The rule an INVALID_RECORD dead letter is transformed again with by a replay (docs/architecture.md, "Rules"): the
 * rule recorded in the dead letter, never another one. If no rule of that name is configured any more, its records
 * are not replayed (they stay parked, no new dead letter is written); if its definition changed since (another
 * fingerprint), they are replayed through the current definition and the replay says so. Never silent: both are
 * named in the replay's answer and its run's log ({@link #note}).
 *
 * @param recorded the rule recorded with the parked records, null for the default rule (or parked before rules)
 * @param rule     the rule to transform them with now, empty if none (not replayed)
 * @param changed  whether {@code rule}'s definition differs from the recorded one
 */
record ReplayRule(RuleRef recorded, Optional<Rule> rule, boolean changed) {

    /** @return the rule to replay records parked under {@code recorded} with */
    static ReplayRule of(Rules rules, RuleRef recorded) {
        Optional<Rule> now = rules.byRef(recorded);
        boolean changed = now.isPresent()
                && (recorded == null
                        ? now.get().ref() != null
                        : !recorded.sameDefinition(now.get().ref()));
        return new ReplayRule(recorded, now, changed);
    }

    /** @return whether the records are replayed */
    boolean replayed() {
        return rule.isPresent();
    }

    /**
     * @param blobName the blob the records were read from
     * @param records  how many of its records this is about
     * @return what the replay's answer and its run's log say about them: empty when they are replayed through the
     *         rule they were parked under, unchanged
     */
    Optional<String> note(String blobName, int records) {
        if (rule.isEmpty()) {
            return Optional.of("blob " + blobName + ": " + records + " record(s) not replayed: "
                    + (recorded == null
                            ? "the default rule they were parked under no longer applies (rules are configured)"
                            : "rule " + recorded + " they were parked under is no longer configured")
                    + "; they stay parked (configure the rule again to replay them, or upload the file again)");
        }
        if (changed) {
            return Optional.of("blob " + blobName + ": " + records + " record(s) replayed through the current "
                    + "definition of rule " + rule.get().displayName() + ", which has changed since they were parked "
                    + "(parked under " + describe(recorded) + ", now "
                    + describe(rule.get().ref()) + ")");
        }
        return Optional.empty();
    }

    private static String describe(RuleRef ref) {
        return ref == null ? "the default rule" : ref.toString();
    }
}
