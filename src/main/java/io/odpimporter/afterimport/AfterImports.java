package io.odpimporter.afterimport;

import com.azure.storage.blob.models.BlobStorageException;
import io.odpimporter.config.ImporterConfig;
import io.odpimporter.domain.LedgerEntry;
import io.odpimporter.kafka.KafkaWriter;
import io.odpimporter.kafka.TopicView;
import io.odpimporter.metrics.PipelineMetrics;
import io.odpimporter.state.Ledger;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Drives the after-import actions from the ledger (docs/architecture.md §5.9): a reconcile pass every
 * {@code importer.after-import.reconcile-every} acts on the DELIVERED and FAILED versions whose action is due, and
 * records each attempt in the version's ledger entry ({@code afterImport}: PENDING with the error, the attempts and
 * the next attempt's time while retrying with backoff; DONE; FAILED for a permanent refusal). Nothing here blocks an
 * import: the pass runs on the scheduler's thread, after the version's import is over.
 *
 * <p>Which replica acts: the one that wrote the version's latest ledger state (its DELIVERED, its FAILED, or the last
 * attempt's state), as long as it runs; any replica once that state is older than the takeover (three passes, at
 * least 30 s; for {@code move} also longer than a copy may take: {@code copy-timeout} and a pass). The ledger write of a transition is the claim. Two replicas may still
 * both act in a rare race (a takeover while the owner comes back): every action is idempotent, so it is harmless.
 */
@ApplicationScoped
public class AfterImports {

    private static final Logger LOG = Logger.getLogger(AfterImports.class);

    /** The most actions one pass does (the rest wait for the next pass). */
    static final int MAX_PER_PASS = 200;

    private final Ledger ledger;
    private final AfterImportPolicy policy;
    private final BlobActions actions;
    private final PipelineMetrics metrics;
    private final ImporterConfig.AfterImport config;
    /** The takeover of tag and delete: three passes, at least 30 s. */
    private final Duration takeoverAfter;
    /** The takeover of move: also longer than a copy the owner started may take. */
    private final Duration moveTakeoverAfter;

    public AfterImports(
            Ledger ledger,
            AfterImportPolicy policy,
            BlobActions actions,
            PipelineMetrics metrics,
            ImporterConfig config) {
        this.ledger = ledger;
        this.policy = policy;
        this.actions = actions;
        this.metrics = metrics;
        this.config = config.afterImport();
        this.takeoverAfter = Deliveries.takeoverAfter(this.config.reconcileEvery());
        this.moveTakeoverAfter = takeover(
                AfterImportAction.MOVE, takeoverAfter, this.config.copyTimeout(), this.config.reconcileEvery());
    }

    /**
     * @return how long another replica waits before it takes over an action: {@code passes} for tag and delete (an
     *         attempt is one request), and for move at least {@code copyTimeout} and a pass (a copy the owner started
     *         may still be pending)
     */
    static Duration takeover(AfterImportAction action, Duration passes, Duration copyTimeout, Duration pass) {
        if (action != AfterImportAction.MOVE) {
            return passes;
        }
        Duration copy = copyTimeout.plus(pass);
        return passes.compareTo(copy) > 0 ? passes : copy;
    }

    /**
     * @param action the version's action ({@link AfterImportPolicy#actionFor})
     * @param mine   whether this replica wrote the entry's latest state
     * @return whether the action is due now: PENDING (recorded with the DELIVERED or FAILED state, or after a failed
     *         attempt) whose attempt is due, at once by its owner, after the takeover by others; a version without an
     *         action recorded, DONE and FAILED never
     */
    static boolean due(LedgerEntry entry, AfterImportAction action, boolean mine, Instant now, Duration takeover) {
        if (action == AfterImportAction.NONE) {
            return false;
        }
        LedgerEntry.AfterImport state = entry.afterImport();
        if (state == null || state.state() != LedgerEntry.ActionState.PENDING) {
            // no action recorded when the version was delivered or failed (none was configured then): none now
            // either, so an action turned on later never acts on what was delivered before it; DONE and FAILED: over
            return false;
        }
        Instant at = state.nextAttemptAt() != null ? state.nextAttemptAt() : state.at();
        return mine ? !at.isAfter(now) : at.plus(takeover).isBefore(now);
    }

    @Scheduled(
            every = "${importer.after-import.reconcile-every}",
            delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void reconcile() {
        if (policy.actionsInUse().isEmpty()) {
            return;
        }
        try {
            ledger.awaitCaughtUp(Duration.ofSeconds(10));
        } catch (TopicView.ViewNotReadyException e) {
            LOG.debugf("After-import actions not reconciled: %s", e.getMessage());
            return;
        }
        Instant now = Instant.now();
        List<LedgerEntry> due = ledger.entries().stream()
                .filter(e -> {
                    AfterImportAction action = policy.actionFor(e);
                    return due(
                            e,
                            action,
                            ledger.wroteHere(e),
                            now,
                            action == AfterImportAction.MOVE ? moveTakeoverAfter : takeoverAfter);
                })
                .sorted(Comparator.comparing(LedgerEntry::updatedAt))
                .limit(MAX_PER_PASS)
                .toList();
        for (LedgerEntry entry : due) {
            try {
                act(entry, policy.actionFor(entry));
            } catch (RuntimeException e) {
                LOG.warnf(
                        "After-import action on blob %s (ETag %s) not recorded, retried on a later pass: %s",
                        entry.blobName(), entry.etag(), e.toString());
            }
        }
    }

    /** Does one attempt and records its outcome, unless the version's state changed meanwhile. */
    void act(LedgerEntry entry, AfterImportAction action) {
        LedgerEntry.AfterImport before = entry.afterImport();
        int attempts = (before == null || before.attempts() == null ? 0 : before.attempts()) + 1;
        LedgerEntry.AfterImport after = attempt(entry, action, attempts);
        LedgerEntry now = ledger.get(entry.version()).orElse(null);
        if (now == null || now.state() != entry.state() || !Objects.equals(now.runId(), entry.runId())) {
            LOG.infof(
                    "Blob %s (ETag %s): its ledger state changed during its %s (now %s): outcome not recorded",
                    entry.blobName(), entry.etag(), action.wireName(), now == null ? "gone" : now.state());
            return;
        }
        KafkaWriter.await(ledger.write(entry.withAfterImport(after)));
        report(entry, action, after);
    }

    private LedgerEntry.AfterImport attempt(LedgerEntry entry, AfterImportAction action, int attempts) {
        return attempt(() -> actions.run(action, entry), action, attempts, Clock.systemUTC(), config);
    }

    /**
     * One attempt of {@code action} and the state it leaves, at the attempt's end: DONE or FAILED as the action says;
     * a refusal FAILED when permanent, else PENDING with the error, the attempts and the next attempt after the
     * backoff (docs/architecture.md §5.9).
     */
    static LedgerEntry.AfterImport attempt(
            Supplier<BlobActions.Result> run,
            AfterImportAction action,
            int attempts,
            Clock clock,
            ImporterConfig.AfterImport config) {
        String name = action.wireName();
        ActionFailures.Failure f;
        try {
            BlobActions.Result result = run.get();
            return new LedgerEntry.AfterImport(
                    name, result.state(), clock.instant(), result.error(), result.destination(), attempts, null);
        } catch (BlobStorageException e) {
            f = ActionFailures.of(action, e);
        } catch (RuntimeException e) {
            f = ActionFailures.of(e);
        }
        Instant at = clock.instant();
        if (f.permanent()) {
            return new LedgerEntry.AfterImport(
                    name, LedgerEntry.ActionState.FAILED, at, f.message(), null, attempts, null);
        }
        Duration delay = ActionFailures.backoff(attempts, config.retryMin(), config.retryMax());
        return new LedgerEntry.AfterImport(
                name, LedgerEntry.ActionState.PENDING, at, f.message(), null, attempts, at.plus(delay));
    }

    private void report(LedgerEntry entry, AfterImportAction action, LedgerEntry.AfterImport after) {
        metrics.afterImport(action.wireName(), after.state());
        switch (after.state()) {
            case DONE ->
                LOG.infof(
                        "Blob %s (ETag %s) %s: %s done%s",
                        entry.blobName(),
                        entry.etag(),
                        entry.state(),
                        action.wireName(),
                        after.destination() == null ? "" : ", now " + after.destination());
            case PENDING ->
                LOG.warnf(
                        "Blob %s (ETag %s): %s failed (attempt %d), next attempt at %s: %s",
                        entry.blobName(),
                        entry.etag(),
                        action.wireName(),
                        after.attempts(),
                        after.nextAttemptAt(),
                        after.error());
            case FAILED ->
                LOG.errorf(
                        "Blob %s (ETag %s): %s FAILED for good, not retried: %s",
                        entry.blobName(), entry.etag(), action.wireName(), after.error());
        }
    }
}
