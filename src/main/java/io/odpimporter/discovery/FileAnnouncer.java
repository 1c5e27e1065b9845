package io.odpimporter.discovery;

import io.odpimporter.config.ImporterConfig;
import io.odpimporter.domain.FileDiscovered;
import io.odpimporter.domain.LedgerEntry;
import io.odpimporter.domain.RunEvent;
import io.odpimporter.domain.Trigger;
import io.odpimporter.kafka.KafkaWriter;
import io.odpimporter.metrics.PipelineMetrics;
import io.odpimporter.runs.RunRegistry;
import io.odpimporter.state.Ledger;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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
 */
@ApplicationScoped
public class FileAnnouncer {

    private final ImporterConfig config;
    private final KafkaWriter writer;
    private final Ledger ledger;
    private final RunRegistry runs;
    private final PipelineMetrics metrics;

    public FileAnnouncer(
            ImporterConfig config, KafkaWriter writer, Ledger ledger, RunRegistry runs, PipelineMetrics metrics) {
        this.config = config;
        this.writer = writer;
        this.ledger = ledger;
        this.runs = runs;
        this.metrics = metrics;
    }

    /**
     * Sweep: publishes the file event and waits for its acknowledgement, then sends the run event and the IN_PROGRESS
     * state.
     *
     * @param trigger the run's trigger, the metric's {@code source}
     * @return the acknowledgement of the run event and the ledger state
     * @throws KafkaWriter.KafkaWriteException if the file event is not acknowledged
     */
    public CompletableFuture<Void> announce(FileDiscovered event, Trigger trigger) {
        KafkaWriter.await(sendFile(event));
        CompletableFuture<?> discovered = runs.publish(runEvent(event));
        metrics.blobDiscovered(trigger);
        CompletableFuture<?> state = ledger.write(inProgress(event, Instant.now()));
        return CompletableFuture.allOf(discovered, state);
    }

    /**
     * Webhook: sends every version's run event and file event (and {@code alongside}, e.g. the run's STARTED) at once,
     * and once all are acknowledged the versions' IN_PROGRESS states (updated at their {@code discoveredAt}); returns
     * when those are acknowledged, and only then counts the versions.
     *
     * @throws KafkaWriter.KafkaWriteException if a write is not acknowledged
     */
    public void announceAll(List<FileDiscovered> events, CompletableFuture<?> alongside, Trigger trigger) {
        List<CompletableFuture<?>> acks = new ArrayList<>();
        acks.add(alongside);
        List<LedgerEntry> states = new ArrayList<>();
        for (FileDiscovered event : events) {
            acks.add(runs.publish(runEvent(event)));
            acks.add(sendFile(event));
            states.add(inProgress(event, event.discoveredAt()));
        }
        // file events before the ledger states: an IN_PROGRESS entry always has its event in the files topic
        KafkaWriter.await(CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)));
        KafkaWriter.await(
                CompletableFuture.allOf(states.stream().map(ledger::write).toArray(CompletableFuture[]::new)));
        events.forEach(event -> metrics.blobDiscovered(trigger));
    }

    /**
     * Replay of a failed file: publishes the run event, then the (forced) file event, each awaited; writes no ledger
     * state.
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
        return new LedgerEntry(event.version(), LedgerEntry.State.IN_PROGRESS, event.runId(), 0, null, at);
    }
}
