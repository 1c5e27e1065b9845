package io.odpimporter.schema;

import java.util.Locale;

/**
 * What the service does with a target's ODP schema at start-up and on demand (docs/architecture.md, "Schema"):
 * {@code create} what is missing, only ever adding; {@code verify} that it is there, pausing the sink while it is not;
 * or leave it {@code off}.
 */
public enum SchemaMode {
    /** Create the object and the fields that are missing (never delete, rename or retype). The local stack's. */
    CREATE,
    /** Check the object and its fields; a mismatch pauses the sink until it is fixed. Production's default. */
    VERIFY,
    /** Neither: the schema is the account owner's business. */
    OFF;

    /** @return the configuration value, e.g. {@code create} */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
