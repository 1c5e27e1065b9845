package io.odpimporter.kafka;

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
}
