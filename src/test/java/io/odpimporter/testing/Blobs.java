package io.odpimporter.testing;

import com.azure.core.util.BinaryData;
import com.azure.core.util.Context;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.blob.BlobServiceVersion;
import com.azure.storage.blob.models.BlobHttpHeaders;
import com.azure.storage.blob.models.BlobProperties;
import com.azure.storage.blob.options.BlobParallelUploadOptions;

/** Test access to the Azurite container the service imports from. */
public final class Blobs {

    private Blobs() {}

    public static BlobContainerClient container(String name) {
        BlobContainerClient container = new BlobServiceClientBuilder()
                .connectionString(AzuriteTestResource.connectionString())
                .serviceVersion(BlobServiceVersion.V2026_06_06)
                .buildClient()
                .getBlobContainerClient(name);
        container.createIfNotExists();
        return container;
    }

    /** Uploads (or overwrites) a blob. @return its properties (ETag, Last-Modified) */
    public static BlobProperties upload(BlobContainerClient container, String name, String content) {
        var blob = container.getBlobClient(name);
        blob.upload(BinaryData.fromString(content), true);
        return blob.getProperties();
    }

    /**
     * Uploads (or overwrites) a blob of raw bytes, with a {@code Content-Encoding} header unless null.
     * @return its properties (ETag, Last-Modified)
     */
    public static BlobProperties upload(
            BlobContainerClient container, String name, byte[] content, String contentEncoding) {
        var blob = container.getBlobClient(name);
        BlobParallelUploadOptions options = new BlobParallelUploadOptions(BinaryData.fromBytes(content));
        if (contentEncoding != null) {
            options.setHeaders(new BlobHttpHeaders().setContentEncoding(contentEncoding));
        }
        blob.uploadWithResponse(options, null, Context.NONE);
        return blob.getProperties();
    }
}
