package io.odpimporter.webhook;

import com.azure.storage.blob.BlobUrlParts;
import io.odpimporter.domain.BlobVersion;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Decides whether a BlobCreated event names a new blob version of <em>our</em> storage that should be imported.
 * Every place the event names the blob must agree: {@code topic}/{@code source} (the storage account),
 * {@code subject} (container and name) and {@code data.url} (account, container, name; parsed, never fetched).
 * Names are compared decoded ({@link BlobUrlParts} decodes the URL without turning {@code +} into a space; the
 * subject carries the name as is).
 * Source: <a href="https://learn.microsoft.com/azure/event-grid/event-schema-blob-storage">BlobCreated event</a>.
 */
final class BlobEventFilter {

    /** The {@code data.api} values of a fully committed blob (Microsoft's advice, plus SFTP). */
    static final Set<String> IMPORTING_APIS =
            Set.of("PutBlob", "PutBlockList", "CopyBlob", "FlushWithClose", "SftpCommit");

    private static final String SUBJECT_START = "/blobServices/default/containers/";

    private final String account;
    private final String container;
    private final String prefix;
    private final List<String> excluded;

    /**
     * @param account   the storage account the service reads
     * @param container the container it imports from
     * @param prefix    the configured blob name prefix ("" for all)
     */
    BlobEventFilter(String account, String container, String prefix) {
        this(account, container, prefix, List.of());
    }

    /**
     * @param excluded where the after-import action {@code move} puts blobs (processed and failed prefixes): their
     *                 BlobCreated (the move's Copy Blob raises one) is ignored
     */
    BlobEventFilter(String account, String container, String prefix, List<String> excluded) {
        this.account = account.toLowerCase(Locale.ROOT);
        this.container = container;
        this.prefix = prefix;
        this.excluded = List.copyOf(excluded);
    }

    /** A blob version to import: its name (decoded), ETag (unquoted), size, and the event's time (or null). */
    record Accepted(String blobName, String etag, long contentLength, Instant eventTime) {}

    /** The verdict on one event: the blob version to import, or why it is ignored. */
    record Verdict(Accepted accepted, String ignored) {
        static Verdict ignore(String reason) {
            return new Verdict(null, reason);
        }
    }

    Verdict judge(BlobCreated event) {
        if (!BlobCreated.BLOB_CREATED.equals(event.type())) {
            return Verdict.ignore("not a BlobCreated event: " + event.type());
        }
        if (event.source() == null
                || !event.source().toLowerCase(Locale.ROOT).endsWith("/storageaccounts/" + account)) {
            return Verdict.ignore("another storage account: " + event.source());
        }
        String subject = event.subject();
        if (subject == null || !subject.startsWith(SUBJECT_START + container + "/blobs/")) {
            return Verdict.ignore("another container: " + subject);
        }
        String name = subject.substring((SUBJECT_START + container + "/blobs/").length());
        Optional<BlobUrlParts> url = parse(event.data("url"));
        if (url.isEmpty()
                || url.get().getAccountName() == null
                || !account.equals(url.get().getAccountName().toLowerCase(Locale.ROOT))
                || !container.equals(url.get().getBlobContainerName())
                || !name.equals(url.get().getBlobName())) {
            return Verdict.ignore(
                    "data.url does not name the blob of the subject in our account: " + event.data("url"));
        }
        if (!name.startsWith(prefix)) {
            return Verdict.ignore("outside the configured prefix: " + name);
        }
        Optional<String> moved = excluded.stream().filter(name::startsWith).findFirst();
        if (moved.isPresent()) {
            return Verdict.ignore("under " + moved.get() + ", where the after-import action moves blobs: " + name);
        }
        String api = event.data("api");
        if (api == null || !IMPORTING_APIS.contains(api)) {
            return Verdict.ignore("data.api " + api + " does not commit a blob");
        }
        long length;
        try {
            length = Long.parseLong(String.valueOf(event.data("contentLength")));
        } catch (NumberFormatException e) {
            return Verdict.ignore("no data.contentLength");
        }
        if (length <= 0) {
            return Verdict.ignore("an empty blob (contentLength " + length + ")");
        }
        String etag = BlobVersion.unquote(event.data("eTag"));
        if (etag == null || etag.isEmpty()) {
            return Verdict.ignore("no data.eTag");
        }
        if (BlobVersion.of(container, name, etag).isEmpty()) {
            return Verdict.ignore("data.eTag is not a blob's ETag (it holds '@'): " + etag);
        }
        return new Verdict(new Accepted(name, etag, length, event.time()), null);
    }

    private static Optional<BlobUrlParts> parse(String url) {
        if (url == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(BlobUrlParts.parse(url));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
