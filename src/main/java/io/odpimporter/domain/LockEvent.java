package io.odpimporter.domain;

import java.time.Instant;

/**
 * Value of the locks topic (one partition, compacted, key = {@code lock/holder}). The order of the log decides
 * who holds a lock: an ACQUIRE wins if, at its position, the lock is free or its holder's last ACQUIRE or
 * HEARTBEAT is older than the lease (compared with the records' own timestamps, so every replica agrees).
 *
 * @param schemaVersion {@link #SCHEMA_VERSION}
 * @param lock          lock name, e.g. {@code sweep}
 * @param holder        the candidate holder (a run id)
 * @param op            ACQUIRE, HEARTBEAT or RELEASE
 * @param at            when written
 * @param owner         the replica (instance id) that wrote it; null in records written before this field existed.
 *                      Two replicas may ACQUIRE under one holder name (a catch-up sweep's run id, derived from the
 *                      interrupted run's): only the first of them in log order gets the lock
 */
public record LockEvent(int schemaVersion, String lock, String holder, Op op, Instant at, String owner) {
    public static final int SCHEMA_VERSION = 1;

    /** Lock operations. */
    public enum Op {
        ACQUIRE,
        HEARTBEAT,
        RELEASE
    }

    public String key() {
        return lock + "/" + holder;
    }
}
