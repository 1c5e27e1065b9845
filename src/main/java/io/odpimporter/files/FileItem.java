package io.odpimporter.files;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.odpimporter.domain.FileFormat;
import io.odpimporter.domain.LedgerEntry;
import io.odpimporter.domain.RuleRef;

import java.time.Instant;

/**
 * One blob version as the files API shows it (docs/operations.md, "Files"). Fields without a value are left out.
 *
 * @param container    the container
 * @param blobName     the blob name
 * @param etag         the version's ETag, without quotes
 * @param status       see {@link FileState}
 * @param runId        the run that set the ledger state; null for SKIPPED and NOT_IMPORTED
 * @param rule         the rule it was (or would be) imported with, {@code name@fingerprint}; null for the default
 *                     rule of an empty configuration
 * @param format       the format it was read as
 * @param records      records read from it (ledger versions)
 * @param accepted     DELIVERED: records ODP accepted
 * @param rejected     DELIVERED: records ODP refused
 * @param parked       DELIVERED: records parked in all
 * @param lastModified the blob's Last-Modified (from the listing, or as the ledger recorded it)
 * @param updatedAt    when the ledger state was set
 * @param reason       FAILED: why; SKIPPED: why no rule matches
 * @param afterImport  the after-import action's state, if any
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FileItem(
        String container,
        String blobName,
        String etag,
        FileState status,
        String runId,
        RuleRef rule,
        FileFormat format,
        Long records,
        Long accepted,
        Long rejected,
        Long parked,
        Instant lastModified,
        Instant updatedAt,
        String reason,
        LedgerEntry.AfterImport afterImport) {

    /** @return a ledger version's item */
    public static FileItem of(LedgerEntry entry) {
        return new FileItem(
                entry.container(),
                entry.blobName(),
                entry.etag(),
                FileState.of(entry.state()),
                entry.runId(),
                entry.rule(),
                entry.format(),
                entry.records(),
                entry.accepted(),
                entry.rejected(),
                entry.parked(),
                entry.lastModified(),
                entry.updatedAt(),
                entry.error(),
                entry.afterImport());
    }

    /** @return a listed version the ledger does not have: NOT_IMPORTED (with its rule) or SKIPPED (with why) */
    public static FileItem unknown(String container, ListedBlob blob, RuleRef rule, String skippedBecause) {
        return new FileItem(
                container,
                blob.name(),
                blob.etag(),
                skippedBecause == null ? FileState.NOT_IMPORTED : FileState.SKIPPED,
                null,
                rule,
                null,
                null,
                null,
                null,
                null,
                blob.lastModified(),
                null,
                skippedBecause,
                null);
    }

    /** @return this ledger item with the listing's Last-Modified where the ledger recorded none */
    FileItem listedAt(Instant listed) {
        if (lastModified != null || listed == null) {
            return this;
        }
        return new FileItem(
                container,
                blobName,
                etag,
                status,
                runId,
                rule,
                format,
                records,
                accepted,
                rejected,
                parked,
                listed,
                updatedAt,
                reason,
                afterImport);
    }

    /** @return the time that orders versions newest first: the ledger's {@code updatedAt}, else Last-Modified */
    Instant newestBy() {
        return updatedAt != null ? updatedAt : lastModified != null ? lastModified : Instant.EPOCH;
    }
}
