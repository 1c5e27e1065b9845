package io.odpimporter.rules;

import io.odpimporter.config.ImporterConfig;
import io.odpimporter.domain.RuleRef;
import io.odpimporter.domain.StoreRecord;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.List;
import java.util.Optional;

/**
 * The configured rules, validated at start-up (docs/architecture.md, "Rules"): the first rule whose pattern matches a
 * blob's name wins; a blob no rule matches is skipped. An empty {@code importer.rules} means the default rule: every
 * blob, read by its name, to {@code importer.odp.object-type} with the store mapping ({@link StoreTransform}).
 */
@ApplicationScoped
public class Rules {

    private final List<Rule> rules;
    private final boolean configured;

    @Inject
    public Rules(ImporterConfig config) {
        this(config.rules().orElse(List.of()), config);
    }

    /**
     * @param configs the rules, in order
     * @throws RulesException naming the rule and the key if one cannot be used
     */
    public Rules(List<RuleConfig> configs, ImporterConfig config) {
        this.configured = !configs.isEmpty();
        if (configured) {
            throw new RulesException("importer.rules: not implemented yet"); // the contract's placeholder
        }
        this.rules = List.of(defaultRule(config));
    }

    /** @return the default rule of an empty configuration */
    static Rule defaultRule(ImporterConfig config) {
        return new Rule(
                null,
                -1,
                name -> true,
                Optional.empty(),
                StoreRecord.Target.objects(config.odp().objectType()),
                new StoreTransform(config),
                List.of("id"));
    }

    /** @return whether rules are configured (else the default rule takes every blob) */
    public boolean configured() {
        return configured;
    }

    /** @return the rules in order (the default rule alone when none are configured) */
    public List<Rule> all() {
        return rules;
    }

    /** @return the first rule matching the blob name, empty if none does */
    public Optional<Rule> match(String blobName) {
        return rules.stream().filter(r -> r.matches(blobName)).findFirst();
    }

    /**
     * @param recorded the rule recorded with a file, null if none was (the default rule, or written before rules)
     * @return the rule of that name now (its definition may have changed: compare {@link Rule#ref()}); for null, the
     *         default rule when no rules are configured; empty if there is none
     */
    public Optional<Rule> byRef(RuleRef recorded) {
        if (recorded == null) {
            return configured ? Optional.empty() : Optional.of(rules.get(0));
        }
        return rules.stream()
                .filter(r -> r.ref() != null && r.ref().name().equals(recorded.name()))
                .findFirst();
    }

    /** @return why blob {@code blobName} is skipped: no rule matches it (the rules named with their patterns) */
    public String noMatchReason(String blobName) {
        return "no rule matches blob name '" + blobName + "'";
    }
}
