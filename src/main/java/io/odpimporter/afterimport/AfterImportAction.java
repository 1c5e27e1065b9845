package io.odpimporter.afterimport;

import java.util.Locale;

/**
 * What happens to a blob once its version is DELIVERED (every record accepted by ODP or parked) or FAILED
 * (docs/operations.md, "After the import"). Configured per rule ({@code importer.rules[n].after-import}) or for all
 * ({@code importer.after-import.action}); its lower-case name is the configuration value and the ledger's
 * {@code afterImport.action}.
 */
public enum AfterImportAction {
    /** Nothing: the blob stays as it is (the default). */
    NONE,
    /**
     * Blob index tags ({@code importer.after-import.tag-name}={@code delivered|failed},
     * {@code importer.after-import.run-tag-name}=the run id), guarded by the version's ETag
     * ({@code x-ms-blob-if-match}). Needs the tag write permission (SAS {@code t}).
     */
    TAG,
    /**
     * Copy to {@code importer.after-import.processed-prefix} (or {@code failed-prefix}) with the source pinned to the
     * imported ETag ({@code x-ms-source-if-match}), wait for the copy's status {@code success}, then delete the source
     * with If-Match. Needs write and delete.
     */
    MOVE,
    /** Delete with If-Match only: an overwrite in between is never lost. Needs delete. */
    DELETE;

    /** @return the configuration and ledger spelling: {@code none}, {@code tag}, {@code move}, {@code delete} */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
