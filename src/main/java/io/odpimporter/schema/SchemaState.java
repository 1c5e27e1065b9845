package io.odpimporter.schema;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Where a target's schema stands (docs/architecture.md, "Schema"), in {@code GET /schema}, {@code /status} and the
 * wellness check. API only, never written to a topic.
 */
public enum SchemaState {
    /** Not read yet since the service started. The sink waits. */
    CHECKING("checking", true),
    /** The object and every field the rules send are there. */
    OK("ok", false),
    /** The bootstrap created the object. */
    CREATED("created", false),
    /** The bootstrap added missing fields. */
    FIELDS_ADDED("fields added", false),
    /** ODP has no such object ({@code verify}, or an object the importer may not create). The sink waits. */
    MISSING_OBJECT("missing object", true),
    /** ODP's object lacks fields the rules send ({@code verify}). The sink waits. */
    MISSING_FIELDS("missing fields", true),
    /** A field exists with another type, or the object has another primary key. The sink waits. */
    TYPE_CLASH("type clash", true),
    /**
     * ODP has no {@code events} object, a standard object of every ODP account (only a stand-in lacks it): its
     * fields cannot be checked or added; events are sent as they are and ODP's answers decide, as without a check.
     */
    STANDARD_MISSING("standard object missing", false),
    /** ODP refused to create the object or a field for another reason ({@code create}). The sink waits. */
    CREATE_REFUSED("create refused", true),
    /**
     * ODP could not be asked (down, 5xx, a refused key): read again every {@code importer.schema.recheck-every}; the
     * sink is not held for it (its own retries meet the same ODP).
     */
    UNREACHABLE("ODP unreachable", false);

    private final String label;
    private final boolean holdsSink;

    SchemaState(String label, boolean holdsSink) {
        this.label = label;
        this.holdsSink = holdsSink;
    }

    /** @return how the API and the page name it, e.g. {@code missing fields} */
    @JsonValue
    public String label() {
        return label;
    }

    /** @return whether the sink waits while a target is in this state */
    public boolean holdsSink() {
        return holdsSink;
    }

    /** @return whether the schema is known to have what the rules send */
    public boolean matches() {
        return this == OK || this == CREATED || this == FIELDS_ADDED;
    }
}
