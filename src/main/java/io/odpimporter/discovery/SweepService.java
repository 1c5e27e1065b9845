package io.odpimporter.discovery;

import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.models.BlobItem;
import com.azure.storage.blob.models.BlobStorageException;
import io.odpimporter.config.ImporterConfig;
import io.odpimporter.domain.BlobVersion;
import io.odpimporter.domain.FileDiscovered;
import io.odpimporter.domain.LedgerEntry;
import io.odpimporter.domain.RunEvent;
import io.odpimporter.domain.RunStatus;
import io.odpimporter.domain.Trigger;
import io.odpimporter.kafka.KafkaWriter;
import io.odpimporter.logging.RunMdc;
import io.odpimporter.rules.Rules;
import io.odpimporter.runs.CatchUp;
import io.odpimporter.runs.RunIds;
import io.odpimporter.runs.RunRegistry;
import io.odpimporter.runs.RunSummary;
import io.odpimporter.state.InstanceId;
import io.odpimporter.state.SweepLock;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

/**
 * The catch-up sweep: lists the container (configured prefix plus the request's), keeps the blob versions the
 * ledger does not have (all of them on {@code force}), and publishes one
 * file-discovered event per version in {@link DiscoveryOrder} (Last-Modified second, version id, name). One
 * sweep at a time across replicas ({@link SweepLock}). The sweep continuing an interrupted one ({@link CatchUp})
 * skips what that run published.
 */
@ApplicationScoped
public class SweepService {

    private static final Logger LOG = Logger.getLogger(SweepService.class);

    private final BlobContainerClient container;
    private final ImporterConfig config;
    private final SweepLock lock;
    private final RunRegistry runs;
    private final InstanceId instance;
    private final FileAnnouncer announcer;
    private final Rules rules;
    private final NewVersions newVersions;

    public SweepService(
            BlobContainerClient container,
            ImporterConfig config,
            SweepLock lock,
            RunRegistry runs,
            InstanceId instance,
            FileAnnouncer announcer,
            Rules rules,
            NewVersions newVersions) {
        this.newVersions = newVersions;
        this.announcer = announcer;
        this.rules = rules;
        this.container = container;
        this.config = config;
        this.lock = lock;
        this.runs = runs;
        this.instance = instance;
    }

    /**
     * Result of a start attempt: the new run, or the run holding the sweep lock, or (a scheduled sweep only) the
     * run that already swept for the same cron moment.
     */
    public record Started(String runId, String runningRunId, boolean alreadyDone) {
        public boolean accepted() {
            return runningRunId == null;
        }
    }

    /** How far apart two replicas' clocks may be when they decide whether a cron moment was already swept. */
    static final Duration CLOCK_SKEW = Duration.ofSeconds(1);

    /**
     * Starts a sweep in the background if no other sweep runs anywhere. A scheduled sweep also stands down when its
     * cron moment was already swept ({@link #sweptTheMoment}): every replica's scheduler fires at that moment, and
     * a manual trigger may too, but the moment is swept once, even when the first sweep ends before a slower
     * replica's scheduler fires.
     *
     * @return the new run id, or the id of the running sweep's run
     * @throws KafkaWriter.KafkaWriteException if Kafka is unreachable
     */
    public Started start(SweepRequest request) {
        String runId = request.catchUpOf() == null ? RunIds.newRun() : RunIds.catchUpOf(request.catchUpOf());
        Optional<String> holder = lock.tryAcquire(runId);
        if (holder.isPresent()) {
            return new Started(null, holder.get(), false);
        }
        Optional<String> done;
        try {
            done = alreadyDone(runId, request);
        } catch (RuntimeException e) {
            lock.release(runId);
            throw e;
        }
        if (done.isPresent()) {
            lock.release(runId);
            return new Started(null, done.get(), true);
        }
        try {
            KafkaWriter.await(runs.publish(RunEvent.started(
                            runId,
                            request.trigger(),
                            request.trackerId(),
                            request.force(),
                            fullPrefix(request),
                            instance.get(),
                            request.scheduledFor())
                    .with(request.requestedBy(), request.modifiedFrom(), request.modifiedTo(), null)));
        } catch (RuntimeException e) {
            lock.release(runId);
            throw e;
        }
        try (RunMdc ignored = RunMdc.of(runId)) {
            LOG.infof(
                    "Run %s started (%s%s%s%s%s%s)",
                    runId,
                    request.trigger(),
                    request.catchUpOf() == null ? "" : " of interrupted run " + request.catchUpOf(),
                    request.trackerId() == null ? "" : ", trackerId " + request.trackerId(),
                    request.force() ? ", force" : "",
                    request.backfill()
                            ? ", modified in [" + (request.modifiedFrom() == null ? "" : request.modifiedFrom()) + ", "
                                    + (request.modifiedTo() == null ? "" : request.modifiedTo()) + ")"
                            : "",
                    request.requestedBy() == null ? "" : ", requested by " + request.requestedBy());
        }
        Infrastructure.getDefaultWorkerPool().execute(() -> {
            // the sweep's log lines carry the run id as a structured field (JSON logs: mdc.runId) and go to the
            // run's log
            try (RunMdc ignored = RunMdc.of(runId)) {
                sweep(runId, request);
            }
        });
        return new Started(runId, null, false);
    }

    /**
     * Asked with the lock held. A catch-up whose run id has already started (another replica started it and has
     * finished) is done. A scheduled sweep whose cron moment was already swept ({@link #sweptTheMoment}) is done.
     *
     * @return the run that already did it
     */
    private Optional<String> alreadyDone(String runId, SweepRequest request) {
        if (request.catchUpOf() != null) {
            runs.awaitCaughtUp(config.sweep().ledgerCatchUpTimeout());
            return runs.known(runId) ? Optional.of(runId) : Optional.empty();
        }
        if (request.scheduledFor() == null) {
            return Optional.empty();
        }
        runs.awaitCaughtUp(config.sweep().ledgerCatchUpTimeout());
        String prefix = fullPrefix(request);
        return runs.list().stream()
                .filter(r -> sweptTheMoment(r, request.scheduledFor(), prefix))
                .map(RunSummary::id)
                .findFirst();
    }

    /**
     * @return whether {@code run} swept the cron moment {@code moment} with the scheduled sweep's {@code prefix}: a
     *         scheduled run for that very moment (on any replica) or the catch-up of one, or a manual run (or a
     *         manual run's catch-up) of the same prefix started at or after it (less {@link #CLOCK_SKEW}). A run that
     *         ended in ERROR, a dry run (it imports nothing), a manual run of a narrower prefix, a backfill (a Last-Modified range) and a scheduled run
     *         of an earlier moment that started late do not count.
     */
    static boolean sweptTheMoment(RunSummary run, Instant moment, String prefix) {
        if (run.isDryRun() || run.status() == RunStatus.ERROR || !prefix.equals(run.prefix()) || run.backfill()) {
            return false;
        }
        if (run.scheduledFor() != null) {
            return run.scheduledFor().equals(moment);
        }
        return (run.trigger() == Trigger.MANUAL || run.trigger() == Trigger.CATCH_UP)
                && run.created() != null
                && !run.created().isBefore(moment.minus(CLOCK_SKEW));
    }

    private void sweep(String runId, SweepRequest request) {
        String error = null;
        long[] published = {0};
        Discovery end = Discovery.COMPLETE;
        try {
            end = publishNewVersions(runId, request, published);
        } catch (BlobStorageException e) {
            error = e.getStatusCode() == 404
                    ? "Container " + config.azure().container() + " does not exist (" + e.getErrorCode() + ")"
                    : "Blob Storage refused the listing: HTTP " + e.getStatusCode() + " " + e.getErrorCode();
        } catch (RuntimeException e) {
            error = "Sweep failed: " + e.getClass().getSimpleName() + ": " + e.getMessage();
        }
        try {
            if (end == Discovery.CLOSED) {
                LOG.warnf(
                        "Run %s: stopped after %d file(s): another replica judged this sweep interrupted (no lock "
                                + "heartbeat for too long) and closed its run; its catch-up sweep continues it",
                        runId, published[0]);
                return;
            }
            if (error != null) {
                LOG.errorf("Run %s: %s", runId, error);
            } else if (end == Discovery.CANCELLED) {
                LOG.infof("Run %s: discovery cancelled after %d file(s); they are imported", runId, published[0]);
            } else {
                LOG.infof("Run %s: sweep published %d file(s)", runId, published[0]);
            }
            KafkaWriter.await(runs.publish(
                    error == null && end == Discovery.CANCELLED
                            ? RunEvent.sweepCancelled(runId, published[0])
                            : RunEvent.sweepFinished(runId, published[0], error)));
        } finally {
            lock.release(runId);
        }
    }

    /** How discovery ended: every new version published, stopped on a cancel request, or closed by a replica. */
    private enum Discovery {
        COMPLETE,
        CANCELLED,
        CLOSED
    }

    /**
     * Lists the container and publishes a file-discovered event per new blob version, counting them in
     * {@code published[0]}; checks before each blob whether the run was cancelled or closed as interrupted.
     */
    private Discovery publishNewVersions(String runId, SweepRequest request, long[] published) {
        AlreadyPublished skip = alreadyPublished(runId, request);
        Optional<NewVersions.Listing> listing =
                newVersions.list(request, skip, () -> stopped(runId).isPresent());
        if (listing.isEmpty()) {
            return stopped(runId).orElse(Discovery.CANCELLED);
        }
        List<BlobItem> fresh = listing.get().fresh();
        // where a slow sweep spends its time: the ledger view catching up, or the container's listing
        LOG.infof("Run %s: %s", runId, listing.get().describe());
        String account = container.getAccountName();
        List<CompletableFuture<?>> acks = new ArrayList<>();
        for (BlobItem item : fresh) {
            Optional<Discovery> stop = stopped(runId);
            if (stop.isPresent()) {
                KafkaWriter.await(CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)));
                return stop.get();
            }
            FileDiscovered event = new FileDiscovered(
                    FileDiscovered.SCHEMA_VERSION,
                    account,
                    config.azure().container(),
                    item.getName(),
                    BlobVersion.unquote(item.getProperties().getETag()),
                    item.getProperties().getLastModified().toInstant(),
                    item.getProperties().getContentLength(),
                    request.trigger().source(),
                    runId,
                    Instant.now(),
                    request.force(),
                    item.getVersionId());
            // file event first: an IN_PROGRESS ledger entry or a FILE_DISCOVERED run event always has its event in
            // the files topic (a catch-up sweep skips the versions they name)
            acks.add(announcer.announce(event, request.trigger()));
            published[0]++;
        }
        KafkaWriter.await(CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)));
        return Discovery.COMPLETE;
    }

    /**
     * A trigger naming one blob (its prefix is the blob's whole name) that no rule matches: the sweep records it
     * SKIPPED in its run, and the trigger's answer says why at once.
     *
     * @return why the blob the request's prefix names is skipped; empty if no rules are configured, a rule matches
     *         it, the prefix is a folder ({@code /} at its end) or names no blob
     */
    public Optional<String> unmatchedBlob(SweepRequest request) {
        String name = fullPrefix(request);
        if (!rules.configured()
                || name.isEmpty()
                || name.endsWith("/")
                || rules.match(name).isPresent()) {
            return Optional.empty();
        }
        try {
            return container.getBlobClient(name).exists() ? Optional.of(rules.noMatchReason(name)) : Optional.empty();
        } catch (RuntimeException e) {
            // the sweep reports what it finds: the answer only adds to it
            LOG.debugf("Could not look up blob %s: %s", name, e.getMessage());
            return Optional.empty();
        }
    }

    /** @return why discovery must stop now: a cancel request, or another replica closed the run; else empty */
    private Optional<Discovery> stopped(String runId) {
        if (runs.cancelRequested(runId)) {
            return Optional.of(Discovery.CANCELLED);
        }
        return runs.sweepClosed(runId) ? Optional.of(Discovery.CLOSED) : Optional.empty();
    }

    /** @return for a catch-up sweep, what the runs it continues published (the runs view is caught up); else none */
    private AlreadyPublished alreadyPublished(String runId, SweepRequest request) {
        if (request.catchUpOf() == null) {
            return AlreadyPublished.NONE;
        }
        List<String> continued = RunIds.continuedBy(runId);
        AlreadyPublished skip = new AlreadyPublished(continued, runs.filesOf(continued));
        LOG.infof(
                "Run %s: catch-up of run %s: skips the %d blob version(s) its run events name and those whose "
                        + "ledger entry it wrote (runs %s)",
                runId, request.catchUpOf(), skip.versions().size(), continued);
        return skip;
    }

    /**
     * @param version a listed blob version
     * @param entry   its ledger entry
     * @param skip  what the runs a catch-up continues published: never again, not even with {@code force}
     * @param stale whether an IN_PROGRESS entry is old enough to publish again (its event may be gone)
     * @return whether the sweep publishes the version: new to the ledger (IN_PROGRESS: its event is already in the
     *         files topic; FAILED: bad content, retried on a new ETag), stale, or forced
     */
    static boolean toPublish(
            BlobVersion version,
            Optional<LedgerEntry> entry,
            boolean force,
            AlreadyPublished skip,
            Predicate<LedgerEntry> stale) {
        if (skip.contains(version, entry)) {
            return false;
        }
        return entry.isEmpty() || force || stale.test(entry.get());
    }

    private String fullPrefix(SweepRequest request) {
        return newVersions.fullPrefix(request);
    }
}
