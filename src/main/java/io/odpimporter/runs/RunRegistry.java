package io.odpimporter.runs;

import io.odpimporter.activity.ActivityLog;
import io.odpimporter.config.ImporterConfig;
import io.odpimporter.domain.ActivityEntry;
import io.odpimporter.domain.RunEvent;
import io.odpimporter.domain.RunStatus;
import io.odpimporter.domain.Trigger;
import io.odpimporter.kafka.Channels;
import io.odpimporter.kafka.KafkaWriter;
import io.odpimporter.kafka.Payloads;
import io.odpimporter.kafka.TopicView;
import io.odpimporter.logging.RunLogs;
import io.odpimporter.logging.RunMdc;
import io.odpimporter.state.InstanceId;
import io.odpimporter.state.SweepLock;
import io.quarkus.scheduler.Scheduled;
import jakarta.inject.Singleton;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Runs, aggregated from the run events every component writes to the runs topic. Every replica reads the
 * whole topic, so every replica shows the same runs, and they survive restarts. All events of one run go to one
 * partition, so every replica folds them in the same order.
 *
 * <p>Any replica that sees a run done (every record of every file accepted by ODP or parked) writes its COMPLETED
 * event; the first COMPLETED in the log wins and the replica that wrote it logs
 * {@code Offline Store Import complete, imported N offline stores}. So a run completes even if the replica that
 * started it is gone. A sweep whose replica stopped before it finished (its lock had no heartbeat for longer than
 * the lease and a margin, by the judging replica's clock) is closed as ERROR, and a catch-up sweep continues it
 * ({@link CatchUp}; started by {@code CatchUpSweeps}).
 */
@Singleton
public class RunRegistry extends TopicView {

    private static final Logger LOG = Logger.getLogger(RunRegistry.class);

    private final Map<String, Run> runs = new HashMap<>();
    private final Set<String> completing = ConcurrentHashMap.newKeySet();
    private final KafkaWriter writer;
    private final Payloads payloads;
    private final String topic;
    private final InstanceId instance;
    private final SweepLock lock;
    private final Duration lease;
    private final Duration expiryMargin;
    private final Duration eventGridWindow;
    private final ActivityLog activity;
    private final RunRetention retention;
    private final RunLogs runLogs;
    private final int keep;
    /** Runs dropped from the topic: their late events are ignored (the newest 10,000 remembered). */
    private final Set<String> dropped = Collections.newSetFromMap(new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > 10_000;
        }
    });
    /** True once this view has read the topic to its end once: only then are runs judged. */
    private volatile boolean live;
    /** Dry runs this replica runs now (docs/architecture.md, "Dry run"). */
    private final Set<String> dryRunsHere = ConcurrentHashMap.newKeySet();
    /** How long a dry run of another replica may be silent before this one ends it. */
    private final Duration dryRunSilence;
    /** Told when a live view sees a file of a run delivered (every record accepted or parked). */
    private final List<Consumer<FileDelivery>> deliveries = new CopyOnWriteArrayList<>();

    public RunRegistry(
            Admin admin,
            ImporterConfig config,
            KafkaWriter writer,
            Payloads payloads,
            InstanceId instance,
            SweepLock lock,
            ActivityLog activity,
            RunRetention retention,
            RunLogs runLogs) {
        super(admin, config.topics().runs());
        this.retention = retention;
        this.runLogs = runLogs;
        this.keep = config.runs().keep();
        this.activity = activity;
        this.writer = writer;
        this.payloads = payloads;
        this.topic = config.topics().runs();
        this.instance = instance;
        this.lock = lock;
        this.lease = config.sweep().lockLease();
        this.expiryMargin = config.sweep().lockExpiryMargin();
        this.eventGridWindow = config.webhook().runWindow();
        this.dryRunSilence = lease.plus(expiryMargin);
    }

    /** This replica runs the dry run {@code runId} from now on (said before its STARTED is written). */
    public void dryRunStarted(String runId) {
        dryRunsHere.add(runId);
    }

    /** This replica's dry run {@code runId} has ended (its COMPLETED is written, or could not be). */
    public void dryRunEnded(String runId) {
        dryRunsHere.remove(runId);
    }

    @Incoming(Channels.RUNS_VIEW)
    void onRecord(ConsumerRecord<String, String> record) {
        try {
            if (record.value() == null) {
                // the STARTED key is tombstoned last (RunRetention): then every other key of the run is too
                if (record.key() != null && record.key().endsWith("/STARTED")) {
                    forget(RunRetention.runIdOf(record.key()));
                }
            } else {
                RunEvent event = payloads.read(record.value(), RunEvent.class, RunEvent.SCHEMA_VERSION);
                Run run;
                boolean firstCompletion;
                Optional<FileDelivery> delivered;
                synchronized (this) {
                    if (dropped.contains(event.runId())) {
                        return; // a late event of a dropped run
                    }
                    run = runs.computeIfAbsent(event.runId(), Run::new);
                    firstCompletion = run.apply(event);
                    delivered = live ? run.firstDelivery(Run.fileOf(event)) : Optional.empty();
                }
                delivered.ifPresent(d -> deliveries.forEach(l -> l.accept(d)));
                if (firstCompletion && event instanceof RunEvent.Completed completed) {
                    completing.remove(run.id());
                    if (instance.get().equals(completed.writer())) {
                        logCompletion(run.id(), completed);
                    }
                    // every replica: its held-back last lines of the run (the completion line among them here)
                    runLogs.runEnded(run.id());
                } else if (live) {
                    completeIfDone(run);
                }
            }
        } catch (Payloads.UnreadablePayloadException e) {
            LOG.warnf("Ignoring unreadable run event %s: %s", record.key(), e.getMessage());
        } finally {
            applied(record);
        }
    }

    /**
     * @param listener told, on the view's thread, when this view, once live, sees a file of a run delivered: its last
     *                 record accepted or parked, or its FILE_DONE, read (docs/architecture.md §5.8)
     */
    public void onFileDelivered(Consumer<FileDelivery> listener) {
        deliveries.add(listener);
    }

    /**
     * @return the figures of a file of a run if the file is IMPORTED and every record is accepted by ODP or parked;
     *         empty otherwise, and for a run this view does not hold (unknown, or dropped by
     *         {@code importer.runs.keep})
     */
    public synchronized Optional<FileDelivery> delivery(String runId, String file) {
        Run run = runs.get(runId);
        return run == null ? Optional.empty() : run.delivery(file);
    }

    /** @return whether this view has read the runs topic to its end once (then it judges runs) */
    public boolean live() {
        return live;
    }

    /** A tombstone of one of the run's keys: the run was dropped ({@link #dropOldRuns}). */
    private synchronized void forget(String runId) {
        if (runs.remove(runId) != null) {
            LOG.debugf("Run %s dropped (importer.runs.keep)", runId);
        }
        dropped.add(runId);
    }

    /**
     * Keeps the newest {@code importer.runs.keep} runs: finished runs older than those are dropped from the runs
     * topic (tombstones for all their keys), at most 100 per pass, in a pass of its own (reading the runs' keys
     * may take a while; completions are judged meanwhile). RUNNING runs are never dropped.
     */
    @Scheduled(
            every = "${importer.runs.reconcile-every}",
            delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void dropOldRuns() {
        if (!live) {
            return; // not judged before this view has read the whole topic once
        }
        List<RunRetention.Dropped> old = new ArrayList<>();
        synchronized (this) {
            List<Run> started = runs.values().stream()
                    .filter(r -> r.created() != null)
                    .sorted(Comparator.comparing(Run::created).reversed().thenComparing(Run::id))
                    .toList();
            if (started.size() <= keep) {
                return;
            }
            started.subList(keep, started.size()).stream()
                    .filter(Run::completed)
                    .limit(100)
                    .forEach(r -> old.add(new RunRetention.Dropped(
                            r.id(), r.created(), r.summary(false).ended())));
        }
        if (old.isEmpty()) {
            return;
        }
        try {
            int tombstones = retention.drop(old);
            LOG.infof(
                    "Dropped %d run(s) beyond the newest %d (importer.runs.keep): %d tombstone(s) on %s",
                    old.size(), keep, tombstones, topic);
        } catch (RuntimeException e) {
            LOG.warnf("Could not drop %d old run(s), will try again: %s", old.size(), e.getMessage());
        }
    }

    /** Writes a run event to its run's partition; completes when Kafka acknowledged it. */
    public CompletableFuture<RecordMetadata> publish(RunEvent event) {
        return writer.send(topic, writer.partitionOf(topic, event.runId()), event.key(), event, List.of());
    }

    /**
     * Judges every open run: catches completions whose COMPLETED write failed or happened while this view was
     * still reading history, and closes sweeps whose replica stopped.
     */
    @Scheduled(
            every = "${importer.runs.reconcile-every}",
            delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void reconcile() {
        // the lock view first: a RELEASE it has read follows its run's SWEEP_FINISHED, which the runs view, caught
        // up after it, has read too
        boolean lockKnown = sweepsOpen() && lockCaughtUp();
        try {
            awaitCaughtUp(Duration.ofSeconds(30));
        } catch (ViewNotReadyException e) {
            LOG.debugf("Runs not reconciled: %s", e.getMessage());
            return;
        }
        live = true;
        List<Run> open;
        synchronized (this) {
            open = runs.values().stream()
                    .filter(r -> !r.completed() && r.created() != null)
                    .toList();
        }
        for (Run run : open) {
            closeGoneDryRun(run);
            closeEventGridWindow(run);
            if (lockKnown) {
                closeInterruptedSweep(run);
            }
            completeIfDone(run);
        }
    }

    /** Ends a dry run whose replica is gone as ERROR ({@link DryRunOwner}). */
    private void closeGoneDryRun(Run run) {
        Optional<String> gone;
        synchronized (this) {
            gone = DryRunOwner.gone(run, Instant.now(), instance.get(), dryRunsHere.contains(run.id()), dryRunSilence);
        }
        if (gone.isPresent() && completing.add(run.id())) {
            try (RunMdc ignored = RunMdc.of(run.id())) {
                LOG.errorf("Run %s: %s", run.id(), gone.get());
            }
            publish(RunEvent.completed(run.id(), RunStatus.ERROR, 0, gone.get(), instance.get()))
                    .whenComplete((md, e) -> completing.remove(run.id()));
        }
    }

    private synchronized boolean sweepsOpen() {
        return runs.values().stream()
                .anyMatch(r -> r.created() != null && !r.completed() && !r.sweepFinished() && r.sweep());
    }

    private boolean lockCaughtUp() {
        try {
            lock.awaitCaughtUp(Duration.ofSeconds(5));
            return true;
        } catch (ViewNotReadyException e) {
            LOG.debugf("Sweeps not judged: %s", e.getMessage());
            return false;
        }
    }

    private void closeInterruptedSweep(Run run) {
        boolean interrupted;
        boolean catchUp;
        int files;
        String error;
        synchronized (this) {
            interrupted = CatchUp.interrupted(run, Instant.now(), lease, lock.liveHolder(), lock.heldHere(run.id()));
            catchUp = !run.cancelRequested();
            files = run.fileCount();
            error = interrupted ? CatchUp.reason(run, lease.plus(expiryMargin)) : null;
        }
        if (interrupted && completing.add(run.id())) {
            try (RunMdc ignored = RunMdc.of(run.id())) {
                LOG.errorf("Run %s: %s", run.id(), error);
            }
            publish(
                            catchUp
                                    ? RunEvent.sweepInterrupted(run.id(), files, error)
                                    : RunEvent.sweepFinished(run.id(), files, error))
                    .whenComplete((md, e) -> completing.remove(run.id()));
        }
    }

    /**
     * @return the catch-ups due: runs closed as interrupted (not cancelled) whose catch-up run has not started; empty
     *         until this view has read the whole topic once
     */
    public synchronized List<CatchUp.Due> catchUpsDue() {
        if (!live) {
            return List.of();
        }
        Instant now = Instant.now();
        return runs.values().stream()
                .map(r -> CatchUp.due(r, now, this::known))
                .flatMap(Optional::stream)
                .sorted(Comparator.comparing(CatchUp.Due::runId))
                .toList();
    }

    /** @return whether the run has started (its STARTED event was read) or was dropped */
    public synchronized boolean known(String runId) {
        Run run = runs.get(runId);
        return run != null && run.created() != null || dropped.contains(runId);
    }

    /** @return the blob versions ({@code container/name@etag}) these runs published, as far as their events tell */
    public synchronized Set<String> filesOf(List<String> runIds) {
        Set<String> files = new HashSet<>();
        runIds.stream().map(runs::get).filter(Objects::nonNull).forEach(r -> files.addAll(r.fileKeys()));
        return files;
    }

    /**
     * @return whether the run's discovery has ended (its SWEEP_FINISHED was read): while its sweep runs, only a replica
     *         that judged it interrupted writes that
     */
    public synchronized boolean sweepClosed(String runId) {
        Run run = runs.get(runId);
        return run != null && run.sweepFinished();
    }

    /**
     * An EVENT_GRID run gathers the webhook's files of one window (its STARTED time is the window's start); 10 s
     * after the window ends it takes no more files, and is complete once they are. Any replica may close it: the
     * event's key is the run's, so two replicas closing it write the same record.
     */
    private void closeEventGridWindow(Run run) {
        int files;
        synchronized (this) {
            if (run.sweepFinished()
                    || run.trigger() != Trigger.EVENT_GRID
                    || !run.created().plus(eventGridWindow).plusSeconds(10).isBefore(Instant.now())) {
                return;
            }
            files = run.fileCount();
        }
        if (completing.add(run.id())) {
            publish(RunEvent.sweepFinished(run.id(), files, null)).whenComplete((md, e) -> completing.remove(run.id()));
        }
    }

    private void completeIfDone(Run run) {
        RunSummary summary;
        boolean cancelled;
        synchronized (this) {
            if (run.completed() || !run.done()) {
                return;
            }
            summary = run.summary(false);
            cancelled = run.discoveryCancelled();
        }
        if (!completing.add(run.id())) {
            return;
        }
        RunStatus status = summary.status() == RunStatus.ERROR
                ? RunStatus.ERROR
                : cancelled ? RunStatus.CANCELLED : RunStatus.COMPLETE;
        publish(RunEvent.completed(run.id(), status, summary.accepted(), summary.error(), instance.get()))
                .whenComplete((md, error) -> {
                    if (error != null) {
                        completing.remove(run.id());
                        try (RunMdc ignored = RunMdc.of(run.id())) {
                            LOG.errorf(
                                    "Could not record the end of run %s (will retry): %s",
                                    run.id(), error.getMessage());
                        }
                    }
                });
    }

    private void logCompletion(String runId, RunEvent.Completed completed) {
        RunSummary summary;
        synchronized (this) {
            summary = runs.get(runId).summary(false);
        }
        if (summary.isDryRun()) {
            logDryRunEnd(runId, completed);
            return;
        }
        String figures = String.format(
                "%d file(s) (%d imported, %d failed, %d skipped), %d records emitted, %d "
                        + "accepted by ODP, %d rejected",
                summary.files(),
                summary.filesImported(),
                summary.filesFailed(),
                summary.filesSkipped(),
                summary.recordsEmitted(),
                summary.accepted(),
                summary.rejected());
        boolean failed = completed.status() == RunStatus.ERROR;
        boolean cancelled = completed.status() == RunStatus.CANCELLED;
        try (RunMdc ignored = RunMdc.of(runId)) {
            if (failed) {
                LOG.errorf("Offline Store Import failed (run %s): %s", runId, completed.error());
            } else {
                LOG.infof(
                        "Offline Store Import %s, imported %d offline stores (run %s: %d files, "
                                + "%d records emitted, %d accepted by ODP, %d rejected)",
                        cancelled ? "cancelled" : "complete",
                        completed.accepted(),
                        runId,
                        summary.files(),
                        summary.recordsEmitted(),
                        summary.accepted(),
                        summary.rejected());
            }
            // one warning per tie group, with its final figures (the run shows each one live as it grows)
            ties(summary).forEach(tie -> LOG.warnf("Run %s: %s", runId, tie.message()));
        }
        ActivityEntry.Level level = failed
                ? ActivityEntry.Level.ERROR
                : summary.filesFailed() > 0
                                || summary.rejected() > 0
                                || !ties(summary).isEmpty()
                        ? ActivityEntry.Level.WARN
                        : ActivityEntry.Level.SUCCESS;
        activity.record(new ActivityEntry(
                ActivityEntry.SCHEMA_VERSION,
                "run-end/" + runId,
                completed.at(),
                level,
                "import",
                failed
                        ? "Offline Store Import failed"
                        : cancelled ? "Offline Store Import cancelled" : "Offline Store Import complete",
                failed
                        ? "Run " + runId + " (" + summary.trigger() + ") failed: " + completed.error() + "; " + figures
                        : "Imported " + completed.accepted() + " offline stores in run " + runId + " ("
                                + summary.trigger() + "): " + figures,
                ActivityLog.details(
                        "runId",
                        runId,
                        "trigger",
                        summary.trigger(),
                        "trackerId",
                        summary.trackerId(),
                        "files",
                        summary.files(),
                        "filesImported",
                        summary.filesImported(),
                        "filesFailed",
                        summary.filesFailed(),
                        "filesSkipped",
                        summary.filesSkipped(),
                        "recordsEmitted",
                        summary.recordsEmitted(),
                        "accepted",
                        summary.accepted(),
                        "rejected",
                        summary.rejected(),
                        "durationMillis",
                        summary.durationMillis(),
                        "error",
                        completed.error(),
                        "cancellation",
                        summary.cancellation(),
                        "requestedBy",
                        summary.requestedBy(),
                        "modifiedFrom",
                        summary.modifiedFrom() == null
                                ? null
                                : summary.modifiedFrom().toString(),
                        "modifiedTo",
                        summary.modifiedTo() == null
                                ? null
                                : summary.modifiedTo().toString(),
                        "tieGroups",
                        ties(summary).isEmpty() ? null : ties(summary).size()),
                runId));
    }

    /** A dry run's end: what it read and judged, in the log and the activity log; nothing was imported. */
    private void logDryRunEnd(String runId, RunEvent.Completed completed) {
        RunSummary summary;
        synchronized (this) {
            summary = runs.get(runId).summary(true);
        }
        long read = 0;
        long accepted = 0;
        for (RunSummary.FileSummary file : summary.fileList()) {
            if (file.report() != null) {
                read += file.report().read();
                accepted += file.report().wouldBeAccepted();
            }
        }
        String how = switch (completed.status()) {
            case ERROR -> "failed";
            case CANCELLED -> "cancelled";
            default -> "complete";
        };
        String figures = String.format(
                "%d file(s) (%d read, %d failed, %d skipped), %d records read, %d would be accepted, %d would be "
                        + "refused; nothing was sent to ODP or recorded",
                summary.files(),
                summary.filesImported(),
                summary.filesFailed(),
                summary.filesSkipped(),
                read,
                accepted,
                read - accepted);
        String message = "Dry run " + runId + " " + how + (completed.error() == null ? "" : ": " + completed.error())
                + ": " + figures;
        try (RunMdc ignored = RunMdc.of(runId)) {
            if (completed.status() == RunStatus.ERROR) {
                LOG.error(message);
            } else {
                LOG.info(message);
            }
        }
        activity.record(new ActivityEntry(
                ActivityEntry.SCHEMA_VERSION,
                "run-end/" + runId,
                completed.at(),
                completed.status() == RunStatus.ERROR ? ActivityEntry.Level.ERROR : ActivityEntry.Level.INFO,
                "import",
                "Dry run " + how,
                message,
                ActivityLog.details(
                        "runId",
                        runId,
                        "dryRun",
                        true,
                        "files",
                        summary.files(),
                        "read",
                        read,
                        "wouldBeAccepted",
                        accepted,
                        "requestedBy",
                        summary.requestedBy(),
                        "error",
                        completed.error()),
                runId));
    }

    private static List<RunSummary.Tie> ties(RunSummary summary) {
        return summary.ties() == null ? List.of() : summary.ties();
    }

    /** @return whether someone asked to stop the run's discovery ({@code POST .../runs/{id}/cancel}) */
    public synchronized boolean cancelRequested(String runId) {
        Run run = runs.get(runId);
        return run != null && run.cancelRequested();
    }

    /** What a cancel request did. */
    public enum CancelOutcome {
        REQUESTED,
        UNKNOWN_RUN,
        NOT_A_SWEEP,
        NOT_RUNNING,
        DISCOVERY_OVER
    }

    /**
     * Asks a RUNNING sweep to stop discovering files (its replica checks before each file); the files it discovered
     * are still imported, and the run ends CANCELLED. Waits for Kafka's acknowledgement.
     *
     * @param user who asks (shown in the run)
     * @throws KafkaWriter.KafkaWriteException if Kafka does not acknowledge the request
     */
    public CancelOutcome requestCancel(String runId, String user) {
        synchronized (this) {
            Run run = runs.get(runId);
            if (run == null || run.created() == null) {
                return CancelOutcome.UNKNOWN_RUN;
            }
            if (!run.sweep() && !run.dryRun()) {
                return CancelOutcome.NOT_A_SWEEP;
            }
            if (run.completed() || run.sweepFailed()) {
                return CancelOutcome.NOT_RUNNING;
            }
            if (run.sweepFinished()) {
                return CancelOutcome.DISCOVERY_OVER;
            }
        }
        KafkaWriter.await(publish(RunEvent.cancelRequested(runId, user)));
        try (RunMdc ignored = RunMdc.of(runId)) {
            LOG.infof(
                    "Run %s: cancel requested by %s; %s stops at the next file",
                    runId, user, dryRun(runId) ? "the dry run" : "discovery");
        }
        return CancelOutcome.REQUESTED;
    }

    /** @return whether {@code runId} is a dry run */
    public synchronized boolean dryRun(String runId) {
        Run run = runs.get(runId);
        return run != null && run.dryRun();
    }

    /** @return runs, newest first */
    public synchronized List<RunSummary> list() {
        List<RunSummary> result = new ArrayList<>();
        runs.values().stream()
                .filter(r -> r.created() != null)
                .sorted(Comparator.comparing(Run::created).reversed().thenComparing(Run::id))
                .forEach(r -> result.add(r.summary(false)));
        return result;
    }

    /** @return one run with its files */
    public synchronized Optional<RunSummary> get(String runId) {
        Run run = runs.get(runId);
        return run == null || run.created() == null ? Optional.empty() : Optional.of(run.summary(true));
    }
}
