package io.odpimporter.domain;

import java.util.Objects;
import java.util.Optional;

/**
 * One version of one blob: the identity the ledger, the progress marks, the file run events and the sink share.
 * Its one string form is {@link #key()}, {@code container/name@etag} (the key of the ledger and progress topics,
 * the {@code file} of file run events); {@link #parse} is its exact inverse. The name may hold anything ('/', '@',
 * spaces, non-ASCII); a container name never holds '/' (3-63 characters of a-z, 0-9, '-') and an ETag never '@',
 * so the form splits at the <em>first</em> '/' and the <em>last</em> '@'. Values on the topics keep the three
 * fields apart ({@code container}, {@code blobName}, {@code etag}): this type is never written as JSON itself.
 *
 * @param container the container's name: not null, no '/'
 * @param blobName  the blob's name, decoded: not null
 * @param etag      the version's ETag without quotes ({@link #unquote}): not null, no '@'
 */
public record BlobVersion(String container, String blobName, String etag) {

    /** @throws IllegalArgumentException if a part is null, the container holds '/' or the ETag '@' */
    public BlobVersion {
        if (container == null || blobName == null || etag == null) {
            throw new IllegalArgumentException("a blob version needs a container, a blob name and an ETag: " + container
                    + ", " + blobName + ", " + etag);
        }
        if (container.indexOf('/') >= 0) {
            throw new IllegalArgumentException("a container name never holds '/': " + container);
        }
        if (etag.indexOf('@') >= 0) {
            throw new IllegalArgumentException("an ETag never holds '@': " + etag);
        }
    }

    /**
     * @return the version of these parts, or empty if one is missing (null) or cannot be a version's (a container
     *         with '/', an ETag with '@'): for parts read from a record another writer may have left incomplete
     */
    public static Optional<BlobVersion> of(String container, String blobName, String etag) {
        if (container == null
                || blobName == null
                || etag == null
                || container.indexOf('/') >= 0
                || etag.indexOf('@') >= 0) {
            return Optional.empty();
        }
        return Optional.of(new BlobVersion(container, blobName, etag));
    }

    /** @return {@code container/name@etag}: the one string form */
    public String key() {
        return container + "/" + blobName + "@" + etag;
    }

    /** @return {@link #key()} */
    @Override
    public String toString() {
        return key();
    }

    /**
     * @param key a {@link #key()}
     * @return the version it names: {@code parse(v.key()).equals(v)} for every version {@code v}
     * @throws IllegalArgumentException if {@code key} has no '/' before its last '@'
     */
    public static BlobVersion parse(String key) {
        Objects.requireNonNull(key, "key");
        int slash = key.indexOf('/');
        int at = key.lastIndexOf('@');
        if (slash < 0 || at < slash) {
            throw new IllegalArgumentException("not a blob version (container/name@etag): " + key);
        }
        return new BlobVersion(key.substring(0, slash), key.substring(slash + 1, at), key.substring(at + 1));
    }

    /**
     * @return the ETag without the quotes Blob Storage may put around it (listings and Event Grid events show it
     *         both ways), so versions compare equal; null stays null
     */
    public static String unquote(String etag) {
        if (etag != null && etag.length() >= 2 && etag.startsWith("\"") && etag.endsWith("\"")) {
            return etag.substring(1, etag.length() - 1);
        }
        return etag;
    }
}
