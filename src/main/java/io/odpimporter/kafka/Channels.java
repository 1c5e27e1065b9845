package io.odpimporter.kafka;

/** Names of the SmallRye Reactive Messaging channels (configured under {@code mp.messaging.incoming.*}). */
public final class Channels {
    /** File-discovered events, consumed by the file importer (consumer group shared by replicas). */
    public static final String FILES = "files";
    /** Store records, consumed by the batching sink (consumer group shared by replicas). */
    public static final String STORES = "stores";
    /** The ledger topic, read whole by every replica. */
    public static final String LEDGER_VIEW = "ledger-view";
    /** The progress topic, read whole by every replica. */
    public static final String PROGRESS_VIEW = "progress-view";
    /** The runs topic, read whole by every replica. */
    public static final String RUNS_VIEW = "runs-view";
    /** The locks topic, read whole by every replica. */
    public static final String LOCKS_VIEW = "locks-view";
    /** The state topic (settings the replicas share), read whole by every replica. */
    public static final String STATE_VIEW = "state-view";
    /** The activity topic, read whole by every replica. */
    public static final String ACTIVITY_VIEW = "activity-view";

    /** Outgoing: runs' log lines to the run-logs topic (drops what Kafka does not take). */
    public static final String RUN_LOGS = "run-logs";

    private Channels() {}
}
