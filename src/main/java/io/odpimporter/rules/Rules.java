package io.odpimporter.rules;

import io.odpimporter.afterimport.AfterImportAction;
import io.odpimporter.config.ImporterConfig;
import io.odpimporter.domain.RuleRef;
import io.odpimporter.domain.StoreRecord;
import io.odpimporter.schema.SchemaTargets;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The configured rules, validated at start-up (docs/architecture.md, "Rules"): the first rule whose pattern matches a
 * blob's name wins; a blob no rule matches is skipped. An empty {@code importer.rules} means the default rule: every
 * blob, read by its name, to {@code importer.odp.object-type} with the store mapping ({@link StoreTransform}).
 * Created first when the service starts ({@link Startup} with {@link #STARTUP_PRIORITY}, before the Kafka topics are
 * checked), so a rule that cannot be used stops the launch with the {@link RulesException}'s message (the key, the
 * rule and what is allowed; never a secret) instead of waiting for a broker.
 */
@ApplicationScoped
@Startup(Rules.STARTUP_PRIORITY)
public class Rules {

    /** Before every other start-up step ({@code KafkaTopics} runs at {@code PLATFORM_BEFORE}). */
    public static final int STARTUP_PRIORITY = Interceptor.Priority.PLATFORM_BEFORE - 100;

    /** The longest reason {@link #noMatchReason} gives, in characters. */
    public static final int MAX_REASON = 400;

    private static final Logger LOG = Logger.getLogger(Rules.class);

    private final List<Rule> rules;
    private final boolean configured;
    private final List<RuleConfig> configs;

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
        this.configs = List.copyOf(configs);
        if (!configured) {
            this.rules = List.of(defaultRule(config));
            return;
        }
        List<Rule> built = new ArrayList<>();
        Map<String, Integer> names = new HashMap<>();
        int catchAll = -1;
        for (int i = 0; i < configs.size(); i++) {
            RuleConfig rule = configs.get(i);
            Integer earlier = rule.name() == null ? null : names.putIfAbsent(rule.name(), i);
            if (earlier != null) {
                throw new RulesException("importer.rules[" + i + "].name (rule " + rule.name() + "): duplicate of "
                        + "importer.rules[" + earlier + "].name; give every rule its own name");
            }
            Rule validated = RuleValidation.build(i, rule, config.fileImport().maxTextLength());
            built.add(RuleSchemas.withSchema(
                    validated, RuleSchemas.of(rule, config.schema().bootstrap())));
            if (catchAll >= 0) {
                LOG.warnf(
                        "importer.rules[%d] (rule %s) never matches: importer.rules[%d] (rule %s) before it matches "
                                + "every blob name",
                        i, rule.name(), catchAll, configs.get(catchAll).name());
            } else if (rule.pattern().map(Globs::matchesEverything).orElse(false)
                    || rule.prefix().map(String::isEmpty).orElse(false)) {
                catchAll = i;
            }
        }
        this.rules = List.copyOf(built);
        try {
            SchemaTargets.merge(rules);
        } catch (SchemaTargets.Clash e) {
            throw new RulesException(e.getMessage());
        }
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
                List.of("id"),
                RuleSchemas.ofDefault(config),
                ErrorBudget.OFF);
    }

    /** @return whether rules are configured (else the default rule takes every blob) */
    public boolean configured() {
        return configured;
    }

    /** @return the rules in order (the default rule alone when none are configured) */
    public List<Rule> all() {
        return rules;
    }

    /**
     * @return the object type ODP's wellness probe reads ({@code GET /v3/schema/objects/{type}}): the first objects
     *         rule's (the default rule's is {@code importer.odp.object-type}); for rules that only send events,
     *         {@code customers}, a standard object type of every ODP account (reference/odp-and-ocp.md §3)
     */
    public String probedObjectType() {
        return rules.stream()
                .map(Rule::target)
                .filter(t -> t.kind() == StoreRecord.Target.Kind.OBJECTS)
                .map(StoreRecord.Target::objectType)
                .findFirst()
                .orElse(STANDARD_OBJECT_TYPE);
    }

    /** An object type every ODP account has. */
    static final String STANDARD_OBJECT_TYPE = "customers";

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

    /**
     * @param recorded the rule recorded with a file (its name is looked up; the after-import action is not part of
     *                 the fingerprint), null for the default rule
     * @return the rule's {@code importer.rules[n].after-import}; empty if it sets none, or no rule has that name
     */
    public Optional<AfterImportAction> afterImport(RuleRef recorded) {
        if (recorded == null) {
            return Optional.empty();
        }
        return configs.stream()
                .filter(c -> recorded.name().equals(c.name()))
                .findFirst()
                .flatMap(RuleConfig::afterImport);
    }

    /** @return every after-import action a rule names (not the default {@code importer.after-import.action}) */
    public List<AfterImportAction> afterImportActions() {
        return configs.stream().flatMap(c -> c.afterImport().stream()).toList();
    }

    /**
     * @return why blob {@code blobName} is skipped, for its run: {@code no rule matches blob name 'x/y.txt' (rules:
     *         stores 'stores/*.csv', orders prefix 'orders/')}, at most about {@value #MAX_REASON} characters
     */
    public String noMatchReason(String blobName) {
        StringBuilder reason = new StringBuilder("no rule matches blob name '")
                .append(shorten(blobName, 120))
                .append("' (rules: ");
        int shown = 0;
        for (Rule rule : rules) {
            String entry = (shown == 0 ? "" : ", ") + rule.displayName() + " " + describe(rule);
            if (reason.length() + entry.length() > MAX_REASON - 20) {
                reason.append(", and ").append(rules.size() - shown).append(" more");
                break;
            }
            reason.append(entry);
            shown++;
        }
        return reason.append(')').toString();
    }

    /** @return how a rule's match is shown: its glob quoted, or {@code prefix '<prefix>'} */
    private String describe(Rule rule) {
        if (rule.index() < 0) {
            return "'**'";
        }
        RuleConfig config = configs.get(rule.index());
        return config.pattern()
                .map(p -> "'" + shorten(p, 60) + "'")
                .orElseGet(() -> "prefix '" + shorten(config.prefix().orElse(""), 60) + "'");
    }

    private static String shorten(String text, int max) {
        return Conversions.shorten(text, max);
    }
}
