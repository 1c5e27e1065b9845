package io.odpimporter.rules;

/**
 * What a blank value (empty after trimming, or null) does. ODP's own CSV import clears the field; its API clients
 * drop blanks before sending. Default {@link #OMIT}.
 */
public enum BlankPolicy {
    /** The field is left out of the record: ODP keeps what it had. */
    OMIT,
    /** The field is sent as null, to clear it (not verified against a real ODP: docs/configuration.md). */
    CLEAR
}
