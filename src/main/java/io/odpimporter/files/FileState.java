package io.odpimporter.files;

import io.odpimporter.domain.LedgerEntry;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A blob version's status as the files API shows it (docs/operations.md, "Files"). API-only: never written to a topic.
 * The first four are the ledger's states; the last two are of blobs the ledger does not have.
 */
public enum FileState {
    /** Discovered, its file event in the files topic; not done yet. */
    IN_PROGRESS,
    /** Every record in the stores topic or parked (not yet all accepted by ODP). */
    IMPORTED,
    /** Every record accepted by ODP or parked. */
    DELIVERED,
    /** Could not be read to its end. */
    FAILED,
    /** In the container, but no rule matches its name: never imported. */
    SKIPPED,
    /** In the container, not in the ledger: older than {@code importer.sweep.start-after}, or not swept yet. */
    NOT_IMPORTED;

    /** The states the ledger holds: a filter of only these pages through the ledger, not the container. */
    public static final Set<FileState> LEDGER = EnumSet.of(IN_PROGRESS, IMPORTED, DELIVERED, FAILED);

    /** @return the status of a ledger state */
    public static FileState of(LedgerEntry.State state) {
        return switch (state) {
            case IN_PROGRESS -> IN_PROGRESS;
            case IMPORTED -> IMPORTED;
            case DELIVERED -> DELIVERED;
            case FAILED -> FAILED;
        };
    }

    /** @return the allowed values, comma-separated, for error messages */
    public static String allowed() {
        return Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", "));
    }
}
