package io.odpimporter.domain;

import java.util.Locale;
import java.util.Optional;

/**
 * Why a record would be refused, in a dry run's or a validation's report (docs/architecture.md, "Dry run"). Written
 * to the runs topic by its {@link #wireName()} (a string, so a kind added later never breaks an older reader).
 */
public enum ProblemKind {
    /** The target ODP object does not exist (the whole file). */
    UNKNOWN_OBJECT,
    /** A field the object does not have. */
    UNKNOWN_FIELD,
    /** A value of another type than the field's (e.g. text for a number field). */
    TYPE_MISMATCH,
    /** The primary key (events: the first identifier) is missing or blank. */
    MISSING_PRIMARY_KEY,
    /** A text value over ODP's 1,024 characters. */
    TEXT_TOO_LONG,
    /** A value the rule's timestamp conversion cannot read. */
    UNPARSEABLE_TIMESTAMP,
    /** A value the rule's number conversion cannot read. */
    UNPARSEABLE_NUMBER,
    /** Any other reason the rule's mapping refused the record (not a JSON object, a bad boolean, ...). */
    INVALID_RECORD;

    /** @return the written form, e.g. {@code unknown-field} */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** @return the kind of a written form, empty for one this version does not know */
    public static Optional<ProblemKind> ofWire(String wire) {
        for (ProblemKind kind : values()) {
            if (kind.wireName().equals(wire)) {
                return Optional.of(kind);
            }
        }
        return Optional.empty();
    }
}
