package io.odpimporter.afterimport;

import com.azure.core.util.Context;
import com.azure.core.util.polling.PollResponse;
import com.azure.core.util.polling.SyncPoller;
import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.models.BlobBeginCopySourceRequestConditions;
import com.azure.storage.blob.models.BlobCopyInfo;
import com.azure.storage.blob.models.BlobRequestConditions;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.blob.models.CopyStatusType;
import com.azure.storage.blob.options.BlobBeginCopyOptions;
import com.azure.storage.blob.options.BlobGetTagsOptions;
import com.azure.storage.blob.options.BlobSetTagsOptions;
import io.odpimporter.azure.ConnectionStrings;
import io.odpimporter.config.ImporterConfig;
import io.odpimporter.domain.LedgerEntry;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The after-import actions on Blob Storage, each guarded by the imported version's ETag and idempotent
 * (docs/operations.md, "After the import"):
 * <ul>
 *   <li>{@code tag}: Get Blob Tags, then Set Blob Tags with the action's two tags merged in, with
 *       {@code x-ms-blob-if-match} (Set Blob Tags does not change the ETag: a repeated tag passes);</li>
 *   <li>{@code move}: Copy Blob to the target prefix with {@code x-ms-source-if-match}, wait for the copy's status
 *       {@code success} (at most {@code copy-timeout}), then Delete Blob with {@code If-Match}; a source already gone
 *       with its destination present is done;</li>
 *   <li>{@code delete}: Delete Blob with {@code If-Match}; 404 is done.</li>
 * </ul>
 * A 412 (the blob was overwritten after its import) never deletes anything: the action FAILED with
 * {@link ActionFailures#CHANGED}. Other refusals are thrown ({@link BlobStorageException}) for
 * {@link ActionFailures} to classify.
 */
@ApplicationScoped
public class BlobActions {

    /** What an action did: DONE or FAILED (for good), why, and where a moved blob went. */
    record Result(LedgerEntry.ActionState state, String error, String destination) {
        static Result done(String destination) {
            return new Result(LedgerEntry.ActionState.DONE, null, destination);
        }

        static Result failed(String error, String destination) {
            return new Result(LedgerEntry.ActionState.FAILED, error, destination);
        }
    }

    private final BlobContainerClient container;
    private final AfterImportPolicy policy;
    private final Duration timeout;
    private final Duration copyTimeout;
    /** A SAS connection string's SAS: added to a copy's source URL (a same-account source needs it with a SAS). */
    private final Optional<String> sas;

    public BlobActions(BlobContainerClient container, AfterImportPolicy policy, ImporterConfig config) {
        this.container = container;
        this.policy = policy;
        this.timeout = config.azure().readTimeout();
        this.copyTimeout = config.afterImport().copyTimeout();
        this.sas = config.azure()
                .connectionString()
                .map(ConnectionStrings::parse)
                .map(s -> s.get("sharedaccesssignature"));
    }

    /** @throws BlobStorageException for refusals other than 404 and 412 */
    Result run(AfterImportAction action, LedgerEntry entry) {
        return switch (action) {
            case TAG -> tag(entry);
            case MOVE -> move(entry);
            case DELETE -> delete(entry);
            case NONE -> Result.done(null);
        };
    }

    /** @return the If-Match conditions of the imported version */
    static BlobRequestConditions ifMatch(LedgerEntry entry) {
        return new BlobRequestConditions().setIfMatch(quoted(entry.etag()));
    }

    static String quoted(String etag) {
        return "\"" + etag + "\"";
    }

    private Result tag(LedgerEntry entry) {
        BlobClient blob = container.getBlobClient(entry.blobName());
        try {
            Map<String, String> tags =
                    new HashMap<>(blob.getTagsWithResponse(new BlobGetTagsOptions(), timeout, Context.NONE)
                            .getValue());
            tags.putAll(policy.tags(entry));
            blob.setTagsWithResponse(tagsRequest(entry, tags), timeout, Context.NONE);
            return Result.done(null);
        } catch (BlobStorageException e) {
            if (e.getStatusCode() == 404) {
                return Result.failed("the blob is gone (deleted after its import): nothing to tag", null);
            }
            if (e.getStatusCode() == 412) {
                return Result.failed(ActionFailures.CHANGED, null);
            }
            throw e;
        }
    }

    /** @return the Set Blob Tags request of the version: its tags, guarded by its ETag */
    static BlobSetTagsOptions tagsRequest(LedgerEntry entry, Map<String, String> tags) {
        return new BlobSetTagsOptions(tags).setRequestConditions(ifMatch(entry));
    }

    private Result move(LedgerEntry entry) {
        String destination = policy.destination(entry);
        BlobClient source = container.getBlobClient(entry.blobName());
        BlobClient target = container.getBlobClient(destination);
        PollResponse<BlobCopyInfo> copied;
        try {
            SyncPoller<BlobCopyInfo, Void> poller = target.beginCopy(copyRequest(entry, sourceUrl(source)));
            copied = poller.waitForCompletion(copyTimeout);
        } catch (BlobStorageException e) {
            if (e.getStatusCode() == 404) {
                // moved by an earlier attempt whose outcome was not recorded, or deleted by someone
                return target.exists()
                        ? Result.done(destination)
                        : Result.failed(
                                "the blob is gone and " + destination + " does not exist: nothing to move", null);
            }
            if (e.getStatusCode() == 412) {
                return Result.failed(ActionFailures.CHANGED + " (not moved)", null);
            }
            throw e;
        }
        CopyStatusType status =
                copied.getValue() == null ? null : copied.getValue().getCopyStatus();
        if (status != CopyStatusType.SUCCESS) {
            throw new IllegalStateException("the copy to " + destination + " is " + status + " after "
                    + copyTimeout.toSeconds() + " s (importer.after-import.copy-timeout)");
        }
        try {
            source.deleteWithResponse(null, ifMatch(entry), timeout, Context.NONE);
        } catch (BlobStorageException e) {
            if (e.getStatusCode() == 412) {
                return Result.failed(
                        ActionFailures.CHANGED + "; the imported version was copied to " + destination
                                + ", the blob was not deleted",
                        destination);
            }
            if (e.getStatusCode() != 404) {
                throw e;
            }
        }
        return Result.done(destination);
    }

    /** @return the copy request of the version: from {@code sourceUrl}, pinned to its ETag */
    static BlobBeginCopyOptions copyRequest(LedgerEntry entry, String sourceUrl) {
        return new BlobBeginCopyOptions(sourceUrl)
                .setSourceRequestConditions(new BlobBeginCopySourceRequestConditions().setIfMatch(quoted(entry.etag())))
                .setPollInterval(Duration.ofSeconds(1));
    }

    private String sourceUrl(BlobClient source) {
        return sas.map(s -> source.getBlobUrl() + "?" + (s.startsWith("?") ? s.substring(1) : s))
                .orElse(source.getBlobUrl());
    }

    private Result delete(LedgerEntry entry) {
        try {
            container.getBlobClient(entry.blobName()).deleteWithResponse(null, ifMatch(entry), timeout, Context.NONE);
        } catch (BlobStorageException e) {
            if (e.getStatusCode() == 404) {
                return Result.done(null); // already gone
            }
            if (e.getStatusCode() == 412) {
                return Result.failed(ActionFailures.CHANGED + " (not deleted)", null);
            }
            throw e;
        }
        return Result.done(null);
    }
}
