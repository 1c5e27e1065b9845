package io.odpimporter.files;

import io.odpimporter.domain.BlobVersion;
import io.odpimporter.domain.LedgerEntry;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * What {@code POST /files/reimport} does with a request (docs/operations.md, "Files"), decided without side effects:
 * start a re-import of the blob's current version (or, when the blob is gone and the ledger says it was moved, of the
 * destination's current version), or refuse with 409 (that version is IN_PROGRESS and not stale), 404 (the blob is
 * gone, and not moved, or its destination is gone too) or 412 (the ETag asked for is not the current version's).
 */
public sealed interface ReimportDecision {

    /** The HTTP status of the answer. */
    int status();

    /**
     * Re-import this version.
     *
     * @param version   the version to import (the destination's, when moved)
     * @param blob      its listing (Last-Modified, size)
     * @param movedFrom the blob name asked for when the ledger says it was moved to {@code version}'s blob; else null
     */
    record Start(BlobVersion version, ListedBlob blob, String movedFrom) implements ReimportDecision {
        @Override
        public int status() {
            return 202;
        }

        /** @return the name the rules are matched against: the name asked for ({@code movedFrom}), else the blob's */
        public String matchedName() {
            return movedFrom != null ? movedFrom : version.blobName();
        }
    }

    /** 409: the version is being imported by {@code runId}. */
    record InProgress(String runId, String error) implements ReimportDecision {
        @Override
        public int status() {
            return 409;
        }
    }

    /** 404: the blob is gone. */
    record Gone(String error) implements ReimportDecision {
        @Override
        public int status() {
            return 404;
        }
    }

    /** 412: the ETag asked for is not the blob's current version ({@code currentEtag}). */
    record NotCurrent(String currentEtag, String error) implements ReimportDecision {
        @Override
        public int status() {
            return 412;
        }
    }

    /**
     * @param container the container
     * @param name      the blob name asked for
     * @param etag      the ETag asked for (quotes tolerated), null or blank for the current version
     * @param current   the blob's current version, empty if there is no such blob
     * @param versions  the ledger's versions of {@code name}
     * @param lookup    a blob's current version by name (for a moved blob's destination)
     * @param ledger    a version's ledger entry
     * @param stale     whether an IN_PROGRESS entry is old enough to be taken as abandoned
     *                  ({@code importer.sweep.stale-in-progress-after})
     */
    static ReimportDecision decide(
            String container,
            String name,
            String etag,
            Optional<ListedBlob> current,
            List<LedgerEntry> versions,
            Function<String, Optional<ListedBlob>> lookup,
            Function<BlobVersion, Optional<LedgerEntry>> ledger,
            Predicate<LedgerEntry> stale) {
        String wanted = etag == null || etag.isBlank() ? null : BlobVersion.unquote(etag.trim());
        if (current.isPresent()) {
            ListedBlob blob = current.get();
            if (wanted != null && !wanted.equals(blob.etag())) {
                return new NotCurrent(
                        blob.etag(),
                        "ETag " + wanted + " is not the current version of blob " + name + ": its current ETag is "
                                + blob.etag() + " (re-import that one, or leave etag out)");
            }
            return startOrBusy(new BlobVersion(container, name, blob.etag()), blob, null, ledger, stale);
        }
        Optional<LedgerEntry> moved = versions.stream()
                .filter(e -> e.afterImport() != null && e.afterImport().destination() != null)
                .filter(e -> wanted == null || wanted.equals(e.etag()))
                .max(Comparator.comparing(e -> e.updatedAt() == null ? Instant.EPOCH : e.updatedAt()));
        if (moved.isPresent()) {
            String destination = moved.get().afterImport().destination();
            Optional<ListedBlob> target = lookup.apply(destination);
            if (target.isEmpty()) {
                return new Gone("Blob " + name + " is not in container " + container + ": the ledger says version "
                        + moved.get().etag() + " was moved to " + destination + ", and " + destination
                        + " is not there either");
            }
            return startOrBusy(
                    new BlobVersion(container, destination, target.get().etag()), target.get(), name, ledger, stale);
        }
        boolean known = versions.stream().anyMatch(e -> wanted == null || wanted.equals(e.etag()));
        return new Gone("Blob " + name + " is not in container " + container
                + (known ? " (the ledger has it: it was deleted since)" : ""));
    }

    private static ReimportDecision startOrBusy(
            BlobVersion version,
            ListedBlob blob,
            String movedFrom,
            Function<BlobVersion, Optional<LedgerEntry>> ledger,
            Predicate<LedgerEntry> stale) {
        Optional<LedgerEntry> entry = ledger.apply(version);
        if (entry.isPresent() && entry.get().state() == LedgerEntry.State.IN_PROGRESS && !stale.test(entry.get())) {
            return new InProgress(
                    entry.get().runId(),
                    "Blob " + version.blobName() + " (ETag " + version.etag() + ") is being imported by run "
                            + entry.get().runId() + ": re-import it once that run is done with it");
        }
        return new Start(version, blob, movedFrom);
    }
}
