package io.odpimporter.afterimport;

import io.odpimporter.config.ImporterConfig;
import io.odpimporter.domain.LedgerEntry;
import io.odpimporter.rules.Rules;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which after-import action a blob version gets, and which blobs are never discovered because of the actions
 * (docs/operations.md, "After the import"). A version's action is its recorded rule's
 * {@code importer.rules[n].after-import} (looked up by the rule's name: the action is not part of the rule's
 * fingerprint, so changing it never reinterprets an imported file), else {@code importer.after-import.action}. A blob
 * under {@code processed-prefix} or {@code failed-prefix} gets none and is never discovered (sweep, webhook, trigger);
 * with {@code tag} in use, a blob carrying the tag {@code tag-name} is not discovered again by a sweep.
 */
@ApplicationScoped
public class AfterImportPolicy {

    private final Rules rules;
    private final ImporterConfig.AfterImport config;
    private final List<String> prefixes;
    private final Set<AfterImportAction> used;

    public AfterImportPolicy(Rules rules, ImporterConfig config) {
        this.rules = rules;
        this.config = config.afterImport();
        this.prefixes = List.of(this.config.processedPrefix(), this.config.failedPrefix());
        this.used = EnumSet.of(this.config.action());
        this.used.addAll(rules.afterImportActions());
    }

    /**
     * The action is decided when the version is DELIVERED or FAILED, and recorded PENDING with that state: an action
     * turned on later acts only on versions delivered or failed after it (docs/operations.md, "After the import").
     *
     * @return {@code entry} with its action PENDING since {@code now}, if it has one; else {@code entry} unchanged
     */
    public LedgerEntry withDueAction(LedgerEntry entry, Instant now) {
        AfterImportAction action = actionFor(entry);
        if (action == AfterImportAction.NONE || entry.afterImport() != null) {
            return entry;
        }
        return entry.withAfterImport(
                new LedgerEntry.AfterImport(action.wireName(), LedgerEntry.ActionState.PENDING, now, null));
    }

    /** @return the action of a DELIVERED or FAILED version ({@link AfterImportAction#NONE} for any other state) */
    public AfterImportAction actionFor(LedgerEntry entry) {
        if (entry.state() != LedgerEntry.State.DELIVERED && entry.state() != LedgerEntry.State.FAILED) {
            return AfterImportAction.NONE;
        }
        return resolve(entry.blobName(), rules.afterImport(entry.rule()), config.action(), prefixes);
    }

    /**
     * @param ruleAction the recorded rule's own action, if it names one
     * @param fallback   {@code importer.after-import.action}
     * @param prefixes   where {@code move} puts blobs
     * @return the action: none for a blob already under one of {@code prefixes}, else the rule's, else the fallback
     */
    static AfterImportAction resolve(
            String blobName,
            Optional<AfterImportAction> ruleAction,
            AfterImportAction fallback,
            List<String> prefixes) {
        if (excludedPrefix(blobName, prefixes).isPresent()) {
            return AfterImportAction.NONE;
        }
        return ruleAction.orElse(fallback);
    }

    /** @return the move target prefix {@code blobName} is under, if any */
    static Optional<String> excludedPrefix(String blobName, List<String> prefixes) {
        return prefixes.stream().filter(blobName::startsWith).findFirst();
    }

    /** @return whether the default action or a rule uses {@code action} */
    public boolean uses(AfterImportAction action) {
        return used.contains(action);
    }

    /** @return the actions in use (the default's and the rules'), {@code none} left out */
    public Set<AfterImportAction> actionsInUse() {
        Set<AfterImportAction> actions = EnumSet.noneOf(AfterImportAction.class);
        actions.addAll(used);
        actions.remove(AfterImportAction.NONE);
        return actions;
    }

    /** @return whether the sweep lists blob index tags (only when {@code tag} is in use: it needs the tag permission) */
    public boolean listTags() {
        return uses(AfterImportAction.TAG);
    }

    /**
     * @param tags  the blob's index tags from the listing (null when not listed)
     * @param force a forced sweep imports tagged blobs again (never those under the move prefixes)
     * @return why a sweep does not discover the listed blob, or empty
     */
    public Optional<String> notDiscovered(String blobName, Map<String, String> tags, boolean force) {
        return notDiscovered(blobName, tags, force, prefixes, listTags() ? config.tagName() : null);
    }

    static Optional<String> notDiscovered(
            String blobName, Map<String, String> tags, boolean force, List<String> prefixes, String tagName) {
        Optional<String> prefix = excludedPrefix(blobName, prefixes);
        if (prefix.isPresent()) {
            return Optional.of("under " + prefix.get() + ", where the after-import action moves blobs");
        }
        if (!force && tagName != null && tags != null && tags.containsKey(tagName)) {
            return Optional.of("tagged " + tagName + "=" + tags.get(tagName) + " by an earlier import");
        }
        return Optional.empty();
    }

    /** @return the tag name and value of a version's tag action ({@code delivered} or {@code failed}) */
    public Map<String, String> tags(LedgerEntry entry) {
        return Map.of(
                config.tagName(),
                entry.state() == LedgerEntry.State.FAILED ? "failed" : "delivered",
                config.runTagName(),
                entry.runId());
    }

    /** @return where {@code move} puts the version: {@code processed-prefix} or {@code failed-prefix} plus its name */
    public String destination(LedgerEntry entry) {
        return (entry.state() == LedgerEntry.State.FAILED ? config.failedPrefix() : config.processedPrefix())
                + entry.blobName();
    }
}
