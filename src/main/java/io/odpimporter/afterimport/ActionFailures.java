package io.odpimporter.afterimport;

import com.azure.storage.blob.models.BlobStorageException;

import java.time.Duration;
import java.util.Set;

/**
 * How a failed after-import action goes on (docs/operations.md, "After the import"): a permanent refusal (403, a
 * lease, an immutability policy or legal hold, snapshots, a bad request) stops retrying and says so; anything else
 * (5xx, 429, a timeout, a pending copy, Blob Storage unreachable) is retried with exponential backoff from
 * {@code importer.after-import.retry-min} up to {@code retry-max}, without end.
 */
final class ActionFailures {

    /** The message of a version whose blob was overwritten (412 on If-Match) between its import and its action. */
    static final String CHANGED = "the blob changed after its import; the new version is imported on its own";

    /** 409 error codes of a lease held on the blob. */
    private static final Set<String> LEASE_CODES = Set.of(
            "LeaseIdMissing",
            "LeasePresent",
            "LeaseIdMismatchWithBlobOperation",
            "LeaseIdMismatchWithLeaseOperation",
            "LeaseLost");

    private ActionFailures() {}

    /**
     * @param permanent true: the action's state becomes FAILED, not retried
     * @param message   what went wrong and what to do, for the ledger and the log (no secret: status and error code)
     */
    record Failure(boolean permanent, String message) {}

    /** @return the failure of {@code action} on Blob Storage's refusal {@code e} */
    static Failure of(AfterImportAction action, BlobStorageException e) {
        int status = e.getStatusCode();
        String code = e.getErrorCode() == null ? "" : e.getErrorCode().toString();
        String answer = "HTTP " + status + (code.isEmpty() ? "" : " " + code);
        if (status == 403) {
            return new Failure(
                    true,
                    "Blob Storage refused to " + action.wireName() + " the blob (" + answer + "): " + action.wireName()
                            + " needs " + permission(action));
        }
        if (status == 409 && (LEASE_CODES.contains(code) || code.startsWith("Lease"))) {
            return new Failure(
                    true,
                    "the blob has an active lease (" + answer + "): release or break it, then "
                            + "import the file again to " + action.wireName() + " it");
        }
        if (status == 409 && code.startsWith("BlobImmutableDueTo")) {
            return new Failure(
                    true,
                    "an immutability policy or legal hold protects the blob (" + answer + "): it cannot be "
                            + done(action) + " while it lasts");
        }
        if (status == 409 && "SnapshotsPresent".equals(code)) {
            return new Failure(
                    true,
                    "the blob has snapshots (" + answer + "): it is not " + done(action)
                            + " with them; delete them first");
        }
        if (status == 400) {
            return new Failure(true, "Blob Storage refused the request (" + answer + ")");
        }
        return new Failure(false, "Blob Storage answered " + answer + "; retried");
    }

    /**
     * @return the failure on anything but an answer of Blob Storage: retried; the message of our own
     *         {@link IllegalStateException} (a copy not done in time), else the exception's class only (a client's
     *         message may quote a URL with a SAS)
     */
    static Failure of(RuntimeException e) {
        return new Failure(
                false,
                (e instanceof IllegalStateException
                                ? e.getMessage()
                                : e.getClass().getSimpleName()) + "; retried");
    }

    /**
     * @param attempts attempts so far (1 after the first)
     * @return the delay before the next attempt: {@code min} doubled per attempt after the first, at most {@code max}
     */
    static Duration backoff(int attempts, Duration min, Duration max) {
        Duration delay = min;
        for (int i = 1; i < attempts && delay.compareTo(max) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        return delay.compareTo(max) > 0 ? max : delay;
    }

    /** @return the permission {@code action} needs, named for RBAC and SAS */
    static String permission(AfterImportAction action) {
        return switch (action) {
            case TAG ->
                "the blob index tag write permission (SAS permission t; RBAC: Storage Blob Data Owner or "
                        + "the data action Microsoft.Storage/storageAccounts/blobServices/containers/blobs/tags/write)";
            case MOVE ->
                "write and delete permissions (SAS permissions w and d; RBAC: Storage Blob Data " + "Contributor)";
            case DELETE -> "the delete permission (SAS permission d; RBAC: Storage Blob Data Contributor)";
            case NONE -> "nothing";
        };
    }

    /** @return the SAS permission letters {@code action} needs */
    static String sasLetters(AfterImportAction action) {
        return switch (action) {
            case TAG -> "t";
            case MOVE -> "wd";
            case DELETE -> "d";
            case NONE -> "";
        };
    }

    private static String done(AfterImportAction action) {
        return switch (action) {
            case TAG -> "tagged";
            case MOVE -> "moved";
            default -> "deleted";
        };
    }
}
