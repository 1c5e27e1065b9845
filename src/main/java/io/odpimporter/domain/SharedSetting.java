package io.odpimporter.domain;

import java.time.Instant;

/**
 * Value of the state topic (one partition, compacted, key = {@code name/writer}): a setting the replicas share,
 * written once. Each writer uses a key of its own, so compaction keeps the first record of a name; the first record
 * of a name in log order is its value for every replica, and a writer that finds it lost removes its own record.
 *
 * @param schemaVersion {@link #SCHEMA_VERSION}
 * @param name          the setting, e.g. {@link #FIRST_START}
 * @param instant       its value
 * @param writtenBy     the replica (instance id) that wrote it
 */
public record SharedSetting(int schemaVersion, String name, Instant instant, String writtenBy) {
    public static final int SCHEMA_VERSION = 1;

    /** The time of the first start of any replica ({@code importer.sweep.start-after=first-start}). */
    public static final String FIRST_START = "first-start";

    public String key() {
        return name + "/" + writtenBy;
    }
}
