package io.odpimporter.discovery;

import io.odpimporter.config.ImporterConfig;
import io.odpimporter.domain.FileDiscovered;
import io.odpimporter.domain.FileStatus;
import io.odpimporter.domain.LedgerEntry;
import io.odpimporter.domain.RunEvent;
import io.odpimporter.domain.Trigger;
import io.odpimporter.kafka.KafkaWriter;
import io.odpimporter.logging.RunMdc;
import io.odpimporter.metrics.PipelineMetrics;
import io.odpimporter.rules.Rule;
import io.odpimporter.rules.Rules;
import io.odpimporter.runs.RunRegistry;
import io.odpimporter.state.Ledger;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Announces blob versions to import, for the sweep, the webhook and the dead-letter replay: the file event (files
 * topic, key = blob name), the run's FILE_DISCOVERED event and the version's IN_PROGRESS ledger state, and counts
 * the discovery ({@code odp.importer.blobs.discovered}). The one place they are built and written.
 *
 * <p>Crash safety is the order of the writes: <b>an IN_PROGRESS ledger state is written only once its file event is
 * acknowledged</b> (the sweep and the webhook skip a version the ledger has, so a state without its event would
 * never be imported), and a sweep's FILE_DISCOVERED only once its file event is (a catch-up sweep skips the versions
 * the interrupted run's events name). The three callers keep their own disciplines:
 * <ul>
 *   <li>{@link #announce} (the sweep, one version after the other): the file event, awaited; then the run event and
 *   the ledger state, whose acknowledgements the caller awaits before the sweep ends.</li>
 *   <li>{@link #announceAll} (the webhook, the versions of one delivery): file events and run events at once; the
 *   ledger states once all are acknowledged; returns when those are.</li>
 *   <li>{@link #announceAgain} (the replay of a failed file, forced): the run event, awaited, then the file event,
 *   awaited; no ledger state (the version's entry stays FAILED until the forced import writes its outcome).</li>
 * </ul>
 *
 * <p>The sweep's and the webhook's blobs are matched against the {@link Rules} here (docs/architecture.md, "Rules"):
 * a matched blob's file event carries the rule ({@link FileDiscovered#withRule}; nothing for the default rule, so the
 * event is what it was before rules); a blob no rule matches (only possible when rules are configured) is not
 * published to the files topic and gets no ledger state: its run records it SKIPPED with
 * {@link Rules#noMatchReason} (FILE_DISCOVERED, then FILE_DONE SKIPPED, as other skips), logged at INFO. Each sweep
 * lists it again and its run records it again: once per blob version per run.
 */
@ApplicationScoped
public class FileAnnouncer {

    private static final Logger LOG = Logger.getLogger(FileAnnouncer.class);

    private final ImporterConfig config;
    private final KafkaWriter writer;
    private final Ledger ledger;
    private final RunRegistry runs;
    private final PipelineMetrics metrics;
    private final Rules rules;

    public FileAnnouncer(
            ImporterConfig config,
            KafkaWriter writer,
            Ledger ledger,
            RunRegistry runs,
            PipelineMetrics metrics,
            Rules rules) {
        this.config = config;
        this.writer = writer;
        this.ledger = ledger;
        this.runs = runs;
        this.metrics = metrics;
        this.rules = rules;
    }

    /**
     * @return the blob's event with the rule that matches its name ({@code withRule}: nothing for the default rule),
     *         empty if no rule does (rules configured)
     */
    public Optional<FileDiscovered> matched(FileDiscovered event) {
        Optional<Rule> rule = rules.match(event.blobName());
        return rule.map(r -> event.withRule(r.ref()));
    }

    /**
     * A blob no rule matches: sends its run's FILE_DISCOVERED and FILE_DONE SKIPPED with {@link Rules#noMatchReason}
     * (nothing to the files topic, no ledger state) and logs it at INFO in the run's log; nothing if the run already
     * names the version (as far as this replica's view of the runs topic tells).
     *
     * @return the acknowledgement of both run events
     */
    public CompletableFuture<Void> skipUnmatched(FileDiscovered event) {
        if (runs.filesOf(List.of(event.runId())).contains(event.version().key())) {
            // already recorded in this run (a webhook delivery repeated within its window): once per version per run
            return CompletableFuture.completedFuture(null);
        }
        String reason = rules.noMatchReason(event.blobName());
        try (RunMdc ignored = RunMdc.of(event.runId())) {
            LOG.infof("Blob %s (ETag %s) skipped: %s", event.blobName(), event.etag(), reason);
        }
        CompletableFuture<?> discovered = runs.publish(runEvent(event));
        CompletableFuture<?> done = runs.publish(RunEvent.fileDone(
                event.runId(), event.version().key(), event.blobName(), FileStatus.SKIPPED, 0, 0, null, reason, 0));
        return CompletableFuture.allOf(discovered, done);
    }

    /**
     * Sweep: publishes the file event (with the rule that matched the blob) and waits for its acknowledgement, then
     * sends the run event and the IN_PROGRESS state; a blob no rule matches is skipped ({@link #skipUnmatched}).
     *
     * @param trigger the run's trigger, the metric's {@code source}
     * @return the acknowledgement of the run event and the ledger state (the skip's run events)
     * @throws KafkaWriter.KafkaWriteException if the file event is not acknowledged
     */
    public CompletableFuture<Void> announce(FileDiscovered unmatched, Trigger trigger) {
        Optional<FileDiscovered> matched = matched(unmatched);
        if (matched.isEmpty()) {
            return skipUnmatched(unmatched);
        }
        FileDiscovered event = matched.get();
        KafkaWriter.await(sendFile(event));
        CompletableFuture<?> discovered = runs.publish(runEvent(event));
        metrics.blobDiscovered(trigger);
        CompletableFuture<?> state = ledger.write(inProgress(event, Instant.now()));
        return CompletableFuture.allOf(discovered, state);
    }

    /**
     * Webhook: sends every version's run event and file event (with the rule that matched the blob; a blob no rule
     * matches: its skip, {@link #skipUnmatched}) and {@code alongside} (e.g. the run's STARTED) at once, and once all
     * are acknowledged the matched versions' IN_PROGRESS states (updated at their {@code discoveredAt}); returns when
     * those are acknowledged, and only then counts the versions.
     *
     * @return how many of the versions no rule matched (skipped)
     * @throws KafkaWriter.KafkaWriteException if a write is not acknowledged
     */
    public int announceAll(List<FileDiscovered> all, CompletableFuture<?> alongside, Trigger trigger) {
        List<CompletableFuture<?>> acks = new ArrayList<>();
        acks.add(alongside);
        List<LedgerEntry> states = new ArrayList<>();
        List<FileDiscovered> events = new ArrayList<>();
        for (FileDiscovered unmatched : all) {
            Optional<FileDiscovered> matched = matched(unmatched);
            if (matched.isEmpty()) {
                acks.add(skipUnmatched(unmatched));
                continue;
            }
            FileDiscovered event = matched.get();
            events.add(event);
            acks.add(runs.publish(runEvent(event)));
            acks.add(sendFile(event));
            states.add(inProgress(event, event.discoveredAt()));
        }
        // file events before the ledger states: an IN_PROGRESS entry always has its event in the files topic
        KafkaWriter.await(CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)));
        KafkaWriter.await(
                CompletableFuture.allOf(states.stream().map(ledger::write).toArray(CompletableFuture[]::new)));
        events.forEach(event -> metrics.blobDiscovered(trigger));
        return all.size() - events.size();
    }

    /**
     * Replay of a failed file: publishes the run event, then the (forced) file event, each awaited; writes no ledger
     * state. The event carries the rule the dead letter recorded (the importer resolves it, and matches the blob again
     * if that rule changed or is gone).
     *
     * @throws KafkaWriter.KafkaWriteException if a write is not acknowledged
     */
    public void announceAgain(FileDiscovered event, Trigger trigger) {
        KafkaWriter.await(runs.publish(runEvent(event)));
        KafkaWriter.await(sendFile(event));
        metrics.blobDiscovered(trigger);
    }

    private CompletableFuture<?> sendFile(FileDiscovered event) {
        return writer.send(config.topics().files(), event.blobName(), event);
    }

    private static RunEvent runEvent(FileDiscovered event) {
        return RunEvent.fileDiscovered(event.runId(), event.version().key(), event.blobName());
    }

    private static LedgerEntry inProgress(FileDiscovered event, Instant at) {
        // the blob's Last-Modified, for the files API's time filters (docs/operations.md, "Files")
        return new LedgerEntry(event.version(), LedgerEntry.State.IN_PROGRESS, event.runId(), 0, null, at)
                .withBlob(event.lastModified(), null);
    }
}
