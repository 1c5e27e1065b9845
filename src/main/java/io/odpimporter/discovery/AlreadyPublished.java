package io.odpimporter.discovery;

import io.odpimporter.domain.BlobVersion;
import io.odpimporter.domain.LedgerEntry;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The blob versions the interrupted runs a catch-up sweep continues already published: those their run events name
 * (a sweep writes a file's FILE_DISCOVERED once its file event is in the files topic; the importer writes FILE_DONE)
 * and those whose ledger entry one of them wrote (IN_PROGRESS after the file event, then IMPORTED or FAILED). A
 * catch-up never publishes them again, not even with {@code force}.
 *
 * @param runIds   the interrupted runs (the origin and earlier catch-ups)
 * @param versions the versions their run events name ({@link BlobVersion#key()}: the {@code file} of a run event)
 */
record AlreadyPublished(List<String> runIds, Set<String> versions) {

    /** Nothing: not a catch-up. */
    static final AlreadyPublished NONE = new AlreadyPublished(List.of(), Set.of());

    /** @return whether one of the runs published {@code version}, whose ledger entry is {@code entry} */
    boolean contains(BlobVersion version, Optional<LedgerEntry> entry) {
        return versions.contains(version.key())
                || entry.filter(e -> runIds.contains(e.runId())).isPresent();
    }
}
