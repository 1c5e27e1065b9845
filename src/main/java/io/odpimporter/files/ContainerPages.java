package io.odpimporter.files;

import com.azure.core.http.rest.PagedResponse;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.models.BlobItem;
import com.azure.storage.blob.models.BlobProperties;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.blob.models.ListBlobsOptions;
import io.odpimporter.domain.BlobVersion;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/**
 * The container as the files API reads it: one bounded page of the listing at a time, continued with Azure's own
 * continuation token (never a whole listing per request), and one blob's current version.
 */
@ApplicationScoped
public class ContainerPages {

    /** How long one page of the listing may take. */
    static final Duration PAGE_TIMEOUT = Duration.ofSeconds(30);

    private final BlobContainerClient container;

    public ContainerPages(BlobContainerClient container) {
        this.container = container;
    }

    /**
     * One page of the listing.
     *
     * @param blobs        the page's blobs, by name (folders and deleted blobs left out)
     * @param continuation Azure's token for the next page; null after the last
     */
    public record Page(List<ListedBlob> blobs, String continuation) {}

    /**
     * @param prefix the blob name prefix ("" for all)
     * @param token  the previous page's continuation, null for the first page
     * @param limit  at most this many blobs (Azure's {@code maxresults})
     */
    public Page page(String prefix, String token, int limit) {
        ListBlobsOptions options = new ListBlobsOptions().setMaxResultsPerPage(limit);
        if (!prefix.isEmpty()) {
            options.setPrefix(prefix);
        }
        Iterator<PagedResponse<BlobItem>> pages = container
                .listBlobs(options, PAGE_TIMEOUT)
                .iterableByPage(token, limit)
                .iterator();
        if (!pages.hasNext()) {
            return new Page(List.of(), null);
        }
        PagedResponse<BlobItem> page = pages.next();
        List<ListedBlob> blobs = new ArrayList<>();
        for (BlobItem item : page.getValue()) {
            if (Boolean.TRUE.equals(item.isPrefix()) || Boolean.TRUE.equals(item.isDeleted())) {
                continue;
            }
            blobs.add(new ListedBlob(
                    item.getName(),
                    BlobVersion.unquote(item.getProperties().getETag()),
                    item.getProperties().getLastModified() == null
                            ? null
                            : item.getProperties().getLastModified().toInstant(),
                    item.getProperties().getContentLength() == null
                            ? 0
                            : item.getProperties().getContentLength()));
        }
        String next = page.getContinuationToken();
        return new Page(blobs, next == null || next.isEmpty() ? null : next);
    }

    /** @return the blob's current version; empty if there is no such blob */
    public Optional<ListedBlob> current(String name) {
        try {
            BlobProperties properties = container.getBlobClient(name).getProperties();
            return Optional.of(new ListedBlob(
                    name,
                    BlobVersion.unquote(properties.getETag()),
                    properties.getLastModified() == null
                            ? null
                            : properties.getLastModified().toInstant(),
                    properties.getBlobSize()));
        } catch (BlobStorageException e) {
            if (e.getStatusCode() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** @return the container's name */
    public String name() {
        return container.getBlobContainerName();
    }
}
