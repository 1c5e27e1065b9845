package io.odpimporter.domain;

/** Keys naming one version of one blob in the state topics. */
public final class BlobVersion {
    private BlobVersion() {
    }

    /**
     * @return {@code container/name@etag}; unique because an ETag never contains '@'
     */
    public static String key(String container, String blobName, String etag) {
        return container + "/" + blobName + "@" + etag;
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
