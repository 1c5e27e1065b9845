package io.odpimporter.domain;

/**
 * What a dead-letter record parks ({@link DeadLetter#kind()}, the {@code odp-importer.kind} header): written to
 * the topic by its name. A new kind is a new value on the wire: older replicas refuse a dead-letter value with a
 * kind they do not know (they list it as unreadable and do not replay it), so add one only once no older replica runs.
 */
public enum DeadLetterKind {
    /** A record of a file that cannot be transformed into a store record; replayed by transforming it again. */
    INVALID_RECORD,
    /** A store record ODP refused with 400; replayed by sending it again as it was. */
    REJECTED_BY_ODP,
    /** A file that could not be read to its end ({@code byteOffset} says where); replayed by importing it again. */
    FAILED_FILE,
    /** A Kafka value the service cannot read (not JSON, an unknown schema version); never replayed. */
    UNREADABLE_EVENT
}
