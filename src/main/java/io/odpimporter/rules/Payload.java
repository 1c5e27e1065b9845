package io.odpimporter.rules;

import java.util.Map;

/**
 * A record transformed by its rule: what goes to the stores topic.
 *
 * @param key    the Kafka key: the primary key's value (objects), the first identifier's value (events)
 * @param fields objects: the ODP object's fields; events: the event {@code {type, action, identifiers, data}}
 */
public record Payload(String key, Map<String, Object> fields) {

    /** @return {@link #key()} (the name before events existed) */
    public String primaryKey() {
        return key;
    }
}
