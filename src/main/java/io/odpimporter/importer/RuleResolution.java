package io.odpimporter.importer;

import io.odpimporter.domain.FileDiscovered;
import io.odpimporter.domain.ProgressMark;
import io.odpimporter.domain.RuleRef;
import io.odpimporter.rules.Rule;
import io.odpimporter.rules.Rules;

import java.util.Objects;
import java.util.Optional;

/**
 * Which rule imports a file (docs/architecture.md, "Rules"): the rule its file event recorded at discovery, as long
 * as a rule of that name still has that definition (the same fingerprint). If the recorded rule is gone or its
 * definition changed between discovery and import, the blob is matched again, said at WARN in the run's log (the
 * recorded rule, the one of that name now, and what matched): the configuration is never applied silently to a file
 * discovered under another one. If nothing matches now, the file is SKIPPED with {@link Rules#noMatchReason}.
 *
 * <p>A file event without a rule was matched by the default rule (or written before rules existed): it keeps the
 * default rule while no rules are configured, and is matched again once some are.
 */
final class RuleResolution {

    private RuleResolution() {}

    /**
     * The rule a file is imported with.
     *
     * @param rule    the rule, null if the file is skipped
     * @param warning why the blob was matched again (for the run's log at WARN), null if the recorded rule holds
     * @param skipped why the file is skipped (no rule matches it now), null if a rule imports it
     */
    record Resolved(Rule rule, String warning, String skipped) {}

    /** @return the rule importing {@code event}'s file */
    static Resolved resolve(Rules rules, FileDiscovered event) {
        RuleRef recorded = event.rule();
        Optional<Rule> named = rules.byRef(recorded);
        if (named.isPresent() && holds(recorded, named.get().ref())) {
            return new Resolved(named.get(), null, null);
        }
        Optional<Rule> now = rules.match(event.blobName());
        String what = named.isPresent()
                ? "has changed since (now " + describe(named.get().ref()) + ")"
                : recorded == null ? "no longer applies (rules are configured)" : "is no longer configured";
        String matched = now.isPresent()
                ? describe(now.get().ref())
                : "no rule matches it: skipped (" + rules.noMatchReason(event.blobName()) + ")";
        String warning = String.format(
                "Blob %s (ETag %s): %s recorded at discovery %s: the blob is matched again: %s",
                event.blobName(), event.etag(), describe(recorded), what, matched);
        return now.map(rule -> new Resolved(rule, warning, null))
                .orElseGet(() -> new Resolved(null, warning, rules.noMatchReason(event.blobName())));
    }

    /**
     * @return why a file must start again from record 0 instead of resuming from {@code mark}: the mark was written
     *         under another rule (or another definition of it) than the one {@code rule} imports it with now; empty if
     *         it resumes. Starting again is safe: objects are upserted again by primary key, events are sent again with
     *         the same idempotence ids.
     */
    static Optional<String> restartReason(FileDiscovered event, ProgressMark mark, Rule rule) {
        if (Objects.equals(mark.rule(), rule.ref())) {
            return Optional.empty();
        }
        return Optional.of(String.format(
                "Blob %s (ETag %s): its progress mark (record %d) was written under %s, the file is now imported "
                        + "with %s: starting again from record 0 (objects are upserted again by primary key; events "
                        + "are sent again with the same idempotence ids)",
                event.blobName(), event.etag(), mark.nextRecordIndex(), describe(mark.rule()), describe(rule.ref())));
    }

    /** @return whether the rule recorded with a file is the one now of that name, with the same definition */
    private static boolean holds(RuleRef recorded, RuleRef current) {
        return recorded == null ? current == null : recorded.sameDefinition(current);
    }

    /** @return a rule for people: {@code rule name@fingerprint}, or {@code the default rule} */
    static String describe(RuleRef ref) {
        return ref == null ? "the default rule" : "rule " + ref;
    }
}
