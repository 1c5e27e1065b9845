package io.odpimporter.domain;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.regex.Pattern;

/**
 * The rule a file was imported with, as recorded with the file (files topic, ledger, progress marks, run events, dead
 * letters): the rule's name and a fingerprint of its definition, so a later configuration change is seen, never
 * applied silently (docs/architecture.md, "Rules"). Its one string form is {@code name@fingerprint}, e.g.
 * {@code orders@3f2a91c0}.
 *
 * @param name        the rule's name ({@link #NAME}: letters, digits, '.', '_' and '-')
 * @param fingerprint 8 lower-case hex digits of a hash of the rule's definition; null if a writer recorded the name
 *                    only (then the string form is the name)
 */
public record RuleRef(String name, String fingerprint) {

    /** The rule of a rule's name. */
    public static final String NAME = "[A-Za-z0-9._-]{1,64}";

    private static final Pattern NAME_PATTERN = Pattern.compile(NAME);
    private static final Pattern FINGERPRINT = Pattern.compile("[0-9a-f]{8}");

    public RuleRef {
        if (name == null || !NAME_PATTERN.matcher(name).matches()) {
            throw new IllegalArgumentException("not a rule name (" + NAME + "): " + name);
        }
        if (fingerprint != null && !FINGERPRINT.matcher(fingerprint).matches()) {
            throw new IllegalArgumentException("not a rule fingerprint (8 hex digits): " + fingerprint);
        }
    }

    /**
     * @param form a {@link #toString()} form
     * @return the reference it names: {@code parse(r.toString()).equals(r)} for every reference {@code r}
     * @throws IllegalArgumentException if it is not one
     */
    @JsonCreator
    public static RuleRef parse(String form) {
        if (form == null) {
            throw new IllegalArgumentException("not a rule reference (name@fingerprint): null");
        }
        int at = form.lastIndexOf('@');
        return at < 0 ? new RuleRef(form, null) : new RuleRef(form.substring(0, at), form.substring(at + 1));
    }

    /** @return whether {@code other} names the same rule with the same definition (a missing fingerprint: not known) */
    public boolean sameDefinition(RuleRef other) {
        return other != null && fingerprint != null && equals(other);
    }

    /** @return {@code name@fingerprint} (the name alone without a fingerprint) */
    @JsonValue
    @Override
    public String toString() {
        return fingerprint == null ? name : name + "@" + fingerprint;
    }
}
