package io.odpimporter.rules;

/**
 * A rules configuration that cannot be used: the message names the rule, the key and what is allowed, e.g.
 * {@code importer.rules[1].primary-key (rule orders): required for target=objects; name one of its fields}.
 */
public class RulesException extends RuntimeException {
    public RulesException(String message) {
        super(message);
    }
}
