package io.odpimporter.afterimport;

import io.odpimporter.domain.LedgerEntry;

import java.time.Instant;

/** Ledger entries of delivered blob versions, for the after-import actions' tests. */
final class DeliveredVersions {

    private DeliveredVersions() {}

    /** @return the DELIVERED entry of {@code blobName} at {@code etag} in container {@code c}, 3 records accepted */
    static LedgerEntry delivered(String blobName, String etag) {
        return new LedgerEntry(
                LedgerEntry.SCHEMA_VERSION,
                "c",
                blobName,
                etag,
                LedgerEntry.State.DELIVERED,
                "run-1",
                3,
                null,
                Instant.parse("2026-12-05T09:00:00Z"),
                null,
                3L,
                0L,
                0L,
                null);
    }
}
