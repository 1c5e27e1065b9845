package io.odpimporter.afterimport;

import io.odpimporter.config.ImporterConfig;
import io.odpimporter.domain.BlobVersion;
import io.odpimporter.domain.LedgerEntry;
import io.odpimporter.kafka.TopicView;
import io.odpimporter.runs.FileDelivery;
import io.odpimporter.runs.RunRegistry;
import io.odpimporter.state.Ledger;
import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Writes a blob version's ledger entry DELIVERED, with its accepted, rejected and parked counts, once every record of
 * it is accepted by ODP or parked (docs/architecture.md §5.8). The run events tell when (the runs view,
 * {@link RunRegistry#delivery}); the ledger must hold the version IMPORTED by that same run, so a newer state (a
 * re-import's IN_PROGRESS, DELIVERED, FAILED) is never overwritten.
 *
 * <p>Who writes it: the replica that wrote the IMPORTED state (it imported the file), as soon as its views show both
 * (a hook on each view); any replica once the IMPORTED state is older than {@link #takeoverAfter} (the importing
 * replica stopped, or a write failed), from a reconcile pass. So two replicas rarely both write it, and if they do,
 * they write the same state.
 */
@Startup
@ApplicationScoped
public class Deliveries {

    private static final Logger LOG = Logger.getLogger(Deliveries.class);

    private final Ledger ledger;
    private final RunRegistry runs;
    private final AfterImportPolicy policy;
    private final Duration takeoverAfter;
    /** Keys whose DELIVERED this replica has sent and its ledger view has not read back yet. */
    private final Set<String> writing = ConcurrentHashMap.newKeySet();

    public Deliveries(Ledger ledger, RunRegistry runs, AfterImportPolicy policy, ImporterConfig config) {
        this.ledger = ledger;
        this.runs = runs;
        this.policy = policy;
        this.takeoverAfter = takeoverAfter(config.runs().reconcileEvery());
        runs.onFileDelivered(this::fileDelivered);
        ledger.onApplied(this::applied);
    }

    /**
     * @return how old an IMPORTED state (or an after-import state) must be before a replica that did not write it
     *         acts on it: three reconcile passes, at least 30 s
     */
    static Duration takeoverAfter(Duration reconcileEvery) {
        Duration three = reconcileEvery.multipliedBy(3);
        return three.compareTo(Duration.ofSeconds(30)) < 0 ? Duration.ofSeconds(30) : three;
    }

    /**
     * The delivered judgement.
     *
     * @param entry    the version's ledger entry now
     * @param delivery the figures of the version's file in the run that wrote {@code entry}, if it is delivered
     * @param mine     whether this replica wrote {@code entry}
     * @return the DELIVERED entry to write: only over IMPORTED by the same run whose file is delivered, by the replica
     *         that wrote it, or by any replica once it is older than {@code takeoverAfter}; else empty
     */
    static Optional<LedgerEntry> delivered(
            LedgerEntry entry, Optional<FileDelivery> delivery, boolean mine, Instant now, Duration takeoverAfter) {
        if (entry.state() != LedgerEntry.State.IMPORTED
                || delivery.isEmpty()
                || !delivery.get().runId().equals(entry.runId())
                || !delivery.get().file().equals(entry.key())) {
            return Optional.empty();
        }
        if (!mine && !entry.updatedAt().plus(takeoverAfter).isBefore(now)) {
            return Optional.empty();
        }
        FileDelivery d = delivery.get();
        return Optional.of(entry.delivered(d.accepted(), d.rejected(), d.parked(), now));
    }

    /** The runs view (live) saw a file delivered. */
    private void fileDelivered(FileDelivery delivery) {
        try {
            ledger.get(BlobVersion.parse(delivery.file()))
                    .filter(ledger::wroteHere)
                    .ifPresent(e -> judge(e, Optional.of(delivery)));
        } catch (RuntimeException e) {
            LOG.warnf("Could not judge the delivery of %s (the reconcile pass will): %s", delivery.file(), e);
        }
    }

    /** The ledger view applied an entry. */
    private void applied(LedgerEntry entry) {
        try {
            if (entry.state() != LedgerEntry.State.IMPORTED) {
                writing.remove(entry.key());
            } else if (ledger.wroteHere(entry)) {
                judge(entry, runs.delivery(entry.runId(), entry.key()));
            }
        } catch (RuntimeException e) {
            LOG.warnf("Could not judge the delivery of %s (the reconcile pass will): %s", entry.key(), e);
        }
    }

    /**
     * Catches IMPORTED versions whose file is delivered but whose DELIVERED was not written: written by a replica
     * that stopped, a failed write, a file finished while this view was reading history.
     */
    @Scheduled(
            every = "${importer.runs.reconcile-every}",
            delayed = "3s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void reconcile() {
        if (!runs.live()) {
            return;
        }
        try {
            ledger.awaitCaughtUp(Duration.ofSeconds(10));
        } catch (TopicView.ViewNotReadyException e) {
            LOG.debugf("Deliveries not reconciled: %s", e.getMessage());
            return;
        }
        List<LedgerEntry> imported = ledger.entries().stream()
                .filter(e -> e.state() == LedgerEntry.State.IMPORTED)
                .toList();
        for (LedgerEntry entry : imported) {
            judge(entry, runs.delivery(entry.runId(), entry.key()));
        }
    }

    private void judge(LedgerEntry entry, Optional<FileDelivery> delivery) {
        Optional<LedgerEntry> delivered =
                delivered(entry, delivery, ledger.wroteHere(entry), Instant.now(), takeoverAfter);
        if (delivered.isEmpty() || !writing.add(entry.key())) {
            return;
        }
        // the after-import action, if the version has one, is recorded PENDING with its DELIVERED state
        LedgerEntry d = policy.withDueAction(delivered.get(), delivered.get().updatedAt());
        // logged without the run's MDC, so not in the run's log: the write is acknowledged after the run's completion
        // line, which stays the run log's last (docs/operations.md, "Per-run logs"); the run id is in the text
        ledger.write(d).whenComplete((md, error) -> {
            if (error != null) {
                writing.remove(d.key());
                LOG.warnf(
                        "Could not record blob %s (ETag %s) of run %s DELIVERED, will retry: %s",
                        d.blobName(), d.etag(), d.runId(), error.getMessage());
            } else {
                LOG.infof(
                        "Blob %s (ETag %s) of run %s DELIVERED: %d record(s) accepted by ODP, %d refused by ODP, "
                                + "%d parked",
                        d.blobName(), d.etag(), d.runId(), d.accepted(), d.rejected(), d.parked());
            }
        });
    }
}
