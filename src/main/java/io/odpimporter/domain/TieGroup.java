package io.odpimporter.domain;

import java.time.Instant;
import java.util.List;

/**
 * Files of one run and container with the same Last-Modified second (and no version id to order them) that share
 * primary keys: the upload order between them is unknown, so which file's values ODP keeps was decided by the
 * import order (the name), not by the upload. Carried by a {@code TIE} run event, one per group, rewritten as the
 * group grows.
 *
 * @param container    the container
 * @param lastModified the Last-Modified second the files share
 * @param files        how many files are in the group
 * @param blobNames    the first 5 of them, in import order
 * @param last         the group's file imported last: for the keys it shares, ODP keeps its values
 * @param complete     false if the check was cut short (more keys in that second than
 *                     {@code importer.file-import.max-tie-keys}, or earlier files of the second were forgotten): then
 *                     the group is every file of that second, whether or not they share keys
 */
public record TieGroup(
        String container, Instant lastModified, int files, List<String> blobNames, String last, boolean complete) {

    /** How many names a group carries. */
    public static final int NAMES = 5;
}
