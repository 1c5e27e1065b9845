package io.odpimporter.files;

import io.odpimporter.config.ImporterConfig;
import io.odpimporter.domain.BlobVersion;
import io.odpimporter.domain.LedgerEntry;
import io.odpimporter.rules.Rule;
import io.odpimporter.rules.Rules;
import io.odpimporter.state.Ledger;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The files API's reads (docs/operations.md, "Files"): pages of blob versions with their status, and one blob's
 * history. How the ledger and the container combine:
 * <ul>
 *   <li>a status filter of ledger states only (IN_PROGRESS, IMPORTED, DELIVERED, FAILED) pages through the ledger
 *   view by key ({@code container/name@etag}, so by name): every version the ledger has, those of blobs since moved
 *   or deleted and older ETags included; the time filters use the Last-Modified the ledger recorded (versions
 *   recorded without one are left out when a time filter is given);</li>
 *   <li>otherwise (no status filter, or SKIPPED or NOT_IMPORTED among them) the container listing drives: one page
 *   of at most {@code limit} blobs, continued with Azure's token, each blob's current version looked up in the
 *   ledger (its state), else SKIPPED (no rule matches) or NOT_IMPORTED; ledger-only versions are not in these
 *   pages (see the history). Filters apply after the page is read, so a page may hold fewer than {@code limit}
 *   items, even none, while {@code continuation} is not null.</li>
 * </ul>
 */
@ApplicationScoped
public class FileListing {

    /** How long a request waits for this replica's ledger view to catch up. */
    static final Duration CATCH_UP = Duration.ofSeconds(10);

    private final Ledger ledger;
    private final ContainerPages container;
    private final Rules rules;
    private final ImporterConfig config;

    public FileListing(Ledger ledger, ContainerPages container, Rules rules, ImporterConfig config) {
        this.ledger = ledger;
        this.container = container;
        this.rules = rules;
        this.config = config;
    }

    /**
     * A page of files.
     *
     * @param files        the versions, by name
     * @param continuation the next page's opaque continuation; null after the last page
     */
    public record Page(List<FileItem> files, String continuation) {}

    /**
     * One blob's versions.
     *
     * @param container the container
     * @param name      the blob name
     * @param versions  newest first (by the ledger's {@code updatedAt}, else Last-Modified)
     */
    public record History(String container, String name, List<FileItem> versions) {}

    /** @return one page of files matching {@code query} */
    public Page list(FileQuery query) {
        ledger.awaitCaughtUp(CATCH_UP);
        String prefix = fullPrefix(query.prefix());
        String containerName = config.azure().container();
        if (query.ledgerOnly()) {
            // the keys of the names under the prefix are one range: start at it, or after the continuation
            String from = containerName + "/" + prefix;
            String after =
                    query.continuation() == null ? null : query.continuation().value();
            return ledgerPage(
                    ledger.after(after == null || after.compareTo(from) < 0 ? from : after),
                    containerName,
                    prefix,
                    query);
        }
        String token =
                query.continuation() == null ? null : query.continuation().value();
        ContainerPages.Page page = container.page(prefix, token, query.limit());
        return listingPage(page, containerName, query, ledger::get, rules);
    }

    /** @return every version of blob {@code name} the ledger has, and its current one if the ledger has not */
    public History history(String name) {
        ledger.awaitCaughtUp(CATCH_UP);
        String containerName = config.azure().container();
        return history(containerName, name, ledger.versionsOf(containerName, name), container.current(name), rules);
    }

    /**
     * A page through the ledger (sorted by key): the first {@code limit} entries of the container after the
     * continuation that match the filters; the continuation is the last key returned if another match follows.
     */
    static Page ledgerPage(Iterable<LedgerEntry> sorted, String container, String prefix, FileQuery query) {
        List<FileItem> items = new ArrayList<>();
        String lastKey = null;
        String range = container + "/" + prefix;
        for (LedgerEntry entry : sorted) {
            Optional<BlobVersion> version = BlobVersion.of(entry.container(), entry.blobName(), entry.etag());
            if (version.isEmpty()) {
                continue; // a record another writer left incomplete
            }
            String key = version.get().key();
            if (!key.startsWith(range)) {
                if (key.compareTo(range) > 0) {
                    break; // past the names under the prefix: sorted by key, they are one range
                }
                continue;
            }
            if (!container.equals(entry.container())
                    || entry.blobName() == null
                    || !entry.blobName().startsWith(prefix)
                    || entry.state() == null
                    || !query.wants(FileState.of(entry.state()))
                    || !query.modifiedInRange(entry.lastModified())) {
                continue;
            }
            if (items.size() == query.limit()) {
                // one more matches: there is a next page
                return new Page(items, Continuation.afterKey(lastKey).encode());
            }
            items.add(FileItem.of(entry));
            lastKey = key;
        }
        return new Page(items, null);
    }

    /** A page of the container listing: each blob's current version with its status, filtered. */
    static Page listingPage(
            ContainerPages.Page page,
            String container,
            FileQuery query,
            Function<BlobVersion, Optional<LedgerEntry>> ledger,
            Rules rules) {
        List<FileItem> items = new ArrayList<>();
        for (ListedBlob blob : page.blobs()) {
            FileItem item =
                    status(container, blob, ledger.apply(new BlobVersion(container, blob.name(), blob.etag())), rules);
            if (query.wants(item.status()) && query.modifiedInRange(blob.lastModified())) {
                items.add(item);
            }
        }
        return new Page(
                items,
                page.continuation() == null
                        ? null
                        : Continuation.listing(page.continuation()).encode());
    }

    /** @return the versions of one blob: the ledger's and the current one, newest first */
    static History history(
            String container, String name, List<LedgerEntry> entries, Optional<ListedBlob> current, Rules rules) {
        List<FileItem> versions = new ArrayList<>();
        for (LedgerEntry entry : entries) {
            FileItem item = FileItem.of(entry);
            if (current.isPresent() && current.get().etag().equals(entry.etag())) {
                item = item.listedAt(current.get().lastModified());
            }
            versions.add(item);
        }
        current.filter(c -> entries.stream().noneMatch(e -> c.etag().equals(e.etag())))
                .ifPresent(c -> versions.add(status(container, c, Optional.empty(), rules)));
        versions.sort(Comparator.comparing(FileItem::newestBy).reversed());
        return new History(container, name, versions);
    }

    /**
     * @return a listed blob's status: its ledger state if the ledger has the version; else SKIPPED when no rule
     *         matches its name, NOT_IMPORTED otherwise
     */
    static FileItem status(String container, ListedBlob blob, Optional<LedgerEntry> entry, Rules rules) {
        if (entry.isPresent()) {
            return FileItem.of(entry.get()).listedAt(blob.lastModified());
        }
        Optional<Rule> rule = rules.match(blob.name());
        return rule.isPresent()
                ? FileItem.unknown(container, blob, rule.get().ref(), null)
                : FileItem.unknown(container, blob, null, rules.noMatchReason(blob.name()));
    }

    /** @return the configured {@code importer.azure.prefix} with the request's, as the sweep combines them */
    String fullPrefix(String extra) {
        String base = config.azure().prefix().orElse("");
        return extra.startsWith(base) ? extra : base + extra;
    }
}
