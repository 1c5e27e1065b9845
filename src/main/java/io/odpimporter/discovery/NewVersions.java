package io.odpimporter.discovery;

import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.models.BlobItem;
import com.azure.storage.blob.models.BlobListDetails;
import com.azure.storage.blob.models.ListBlobsOptions;
import io.odpimporter.afterimport.AfterImportPolicy;
import io.odpimporter.config.ImporterConfig;
import io.odpimporter.domain.BlobVersion;
import io.odpimporter.domain.LedgerEntry;
import io.odpimporter.state.Ledger;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * What a sweep would publish (docs/architecture.md §2.1): lists the container under the configured prefix plus the
 * request's, leaves out what the after-import action marked (moved under its processed prefix, tagged), blobs last
 * modified outside the backfill range (else before {@code importer.sweep.start-after}) and versions the ledger has
 * (unless forced or stale), and sorts the rest in {@link DiscoveryOrder}. Reads the ledger view only: the sweep and
 * the dry run (which publishes nothing) list through it alike.
 */
@ApplicationScoped
public class NewVersions {

    private static final Logger LOG = Logger.getLogger(SweepService.class);

    private final BlobContainerClient container;
    private final ImporterConfig config;
    private final Ledger ledger;
    private final StartAfter startAfter;
    private final AfterImportPolicy afterImport;

    public NewVersions(
            BlobContainerClient container,
            ImporterConfig config,
            Ledger ledger,
            StartAfter startAfter,
            AfterImportPolicy afterImport) {
        this.container = container;
        this.config = config;
        this.ledger = ledger;
        this.startAfter = startAfter;
        this.afterImport = afterImport;
    }

    /**
     * The listing's result.
     *
     * @param fresh   the blobs to publish, in discovery order
     * @param listed  blobs listed (after the after-import exclusions)
     * @param outside blobs left alone for their Last-Modified
     * @param range   the Last-Modified range applied
     * @param ledgerMillis how long the ledger view took to catch up
     * @param listMillis   how long listing and looking up took
     */
    public record Listing(
            List<BlobItem> fresh, long listed, long outside, ModifiedRange range, long ledgerMillis, long listMillis) {

        /** @return the sweep's summary line, after {@code Run <id>: } */
        public String describe() {
            return "ledger view caught up in " + ledgerMillis + " ms; listed " + listed
                    + " blob(s) and looked them up in " + listMillis + " ms: " + fresh.size() + " new"
                    + (outside == 0 ? "" : "; " + outside + " left alone, " + range.describe());
        }
    }

    /**
     * @param request what to list (not a catch-up)
     * @param stopped asked before each blob: true stops the listing
     * @return what a sweep of {@code request} would publish; empty if {@code stopped} said so
     */
    public Optional<Listing> list(SweepRequest request, BooleanSupplier stopped) {
        return list(request, AlreadyPublished.NONE, stopped);
    }

    /**
     * @param request what to list
     * @param skip    what the runs a catch-up continues published (never again)
     * @param stopped asked before each blob: true stops the listing
     * @return the listing; empty if {@code stopped} said so
     */
    public Optional<Listing> list(SweepRequest request, AlreadyPublished skip, BooleanSupplier stopped) {
        long start = System.nanoTime();
        ledger.awaitCaughtUp(config.sweep().ledgerCatchUpTimeout());
        long caughtUp = System.nanoTime();
        // a backfill's range, else importer.sweep.start-after (docs/operations.md, "Start from now")
        ModifiedRange range = ModifiedRange.of(
                request, request.backfill() ? null : startAfter.instant().orElse(null));
        long outside = 0;
        long listed = 0;
        String prefix = fullPrefix(request);
        ListBlobsOptions options = new ListBlobsOptions().setMaxResultsPerPage(5000);
        if (!prefix.isEmpty()) {
            options.setPrefix(prefix);
        }
        if (afterImport.listTags()) {
            // a blob tagged by the after-import action is not discovered again (docs/operations.md)
            options.setDetails(new BlobListDetails().setRetrieveTags(true));
        }
        List<BlobItem> fresh = new ArrayList<>();
        for (BlobItem item : container.listBlobs(options, Duration.ofMinutes(5))) {
            if (stopped.getAsBoolean()) {
                return Optional.empty();
            }
            if (Boolean.TRUE.equals(item.isPrefix()) || item.isDeleted()) {
                continue;
            }
            Optional<String> notDiscovered = afterImport.notDiscovered(item.getName(), item.getTags(), request.force());
            if (notDiscovered.isPresent()) {
                LOG.debugf("Blob %s not discovered: %s", item.getName(), notDiscovered.get());
                continue;
            }
            listed++;
            if (!range.contains(item.getProperties().getLastModified().toInstant())) {
                // left alone silently (no run event per blob): counted in the summary line
                outside++;
                continue;
            }
            BlobVersion version = new BlobVersion(
                    config.azure().container(),
                    item.getName(),
                    BlobVersion.unquote(item.getProperties().getETag()));
            if (SweepService.toPublish(version, ledger.get(version), request.force(), skip, this::stale)) {
                fresh.add(item);
            }
        }
        fresh.sort(DiscoveryOrder.BLOBS);
        return Optional.of(new Listing(
                fresh,
                listed,
                outside,
                range,
                (caughtUp - start) / 1_000_000,
                (System.nanoTime() - caughtUp) / 1_000_000));
    }

    private boolean stale(LedgerEntry entry) {
        boolean stale = entry.state() == LedgerEntry.State.IN_PROGRESS
                && entry.updatedAt().plus(config.sweep().staleInProgressAfter()).isBefore(Instant.now());
        if (stale) {
            LOG.warnf(
                    "Blob %s (ETag %s) has been IN_PROGRESS since %s (run %s): publishing it again",
                    entry.blobName(), entry.etag(), entry.updatedAt(), entry.runId());
        }
        return stale;
    }

    /** @return the configured prefix plus the request's (a request's prefix may already start with it) */
    public String fullPrefix(SweepRequest request) {
        String extra = request.prefix() == null ? "" : request.prefix();
        String base = config.azure().prefix().orElse("");
        return extra.startsWith(base) ? extra : base + extra;
    }
}
