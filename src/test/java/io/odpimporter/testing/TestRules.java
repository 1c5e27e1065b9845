package io.odpimporter.testing;

import io.odpimporter.domain.FileFormat;
import io.odpimporter.domain.RuleRef;
import io.odpimporter.domain.StoreRecord;
import io.odpimporter.rules.Payload;
import io.odpimporter.rules.RecordTransform;
import io.odpimporter.rules.Rule;
import io.odpimporter.rules.Rules;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Configured rules built by hand, for unit tests of what uses {@link Rules} (discovery, importer, replay) without the
 * rules engine: matching is each rule's matcher in order, {@code byRef} by name, as {@link Rules} specifies.
 */
public final class TestRules extends Rules {

    private final List<Rule> rules;

    public TestRules(Rule... rules) {
        super(List.of(), TestConfig.load(Map.of()));
        this.rules = List.of(rules);
    }

    /** @return the rules of an empty configuration: the default rule alone */
    public static Rules empty() {
        return new Rules(List.of(), TestConfig.load(Map.of()));
    }

    /**
     * @param ref    {@code name@fingerprint}
     * @param prefix the blob names it takes
     * @param target where its records go
     * @return a rule whose transform keys each record by its {@code key} field and sends its fields as they are
     */
    public static Rule rule(String ref, String prefix, StoreRecord.Target target, List<String> requiredColumns) {
        return rule(
                ref,
                prefix,
                target,
                requiredColumns,
                Optional.empty(),
                (record, version, index) -> new Payload(
                        record.path("key").asText(),
                        Map.of("key", record.path("key").asText(), "index", index)));
    }

    public static Rule rule(
            String ref,
            String prefix,
            StoreRecord.Target target,
            List<String> requiredColumns,
            Optional<FileFormat> format,
            RecordTransform transform) {
        return new Rule(
                RuleRef.parse(ref), 0, name -> name.startsWith(prefix), format, target, transform, requiredColumns);
    }

    @Override
    public boolean configured() {
        return true;
    }

    @Override
    public List<Rule> all() {
        return rules;
    }

    @Override
    public Optional<Rule> match(String blobName) {
        return rules.stream().filter(r -> r.matches(blobName)).findFirst();
    }

    @Override
    public Optional<Rule> byRef(RuleRef recorded) {
        if (recorded == null) {
            return Optional.empty();
        }
        return rules.stream()
                .filter(r -> r.ref().name().equals(recorded.name()))
                .findFirst();
    }

    @Override
    public String noMatchReason(String blobName) {
        return "no rule matches blob name '" + blobName + "' (test rules)";
    }
}
