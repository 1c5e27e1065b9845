package io.odpimporter.files;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.odpimporter.activity.ActivityLog;
import io.odpimporter.config.ImporterConfig;
import io.odpimporter.discovery.FileAnnouncer;
import io.odpimporter.domain.ActivityEntry;
import io.odpimporter.domain.BlobVersion;
import io.odpimporter.domain.FileDiscovered;
import io.odpimporter.domain.LedgerEntry;
import io.odpimporter.domain.RunEvent;
import io.odpimporter.domain.Trigger;
import io.odpimporter.kafka.KafkaWriter;
import io.odpimporter.logging.RunMdc;
import io.odpimporter.rules.Rule;
import io.odpimporter.rules.Rules;
import io.odpimporter.runs.RunIds;
import io.odpimporter.runs.RunRegistry;
import io.odpimporter.state.InstanceId;
import io.odpimporter.state.Ledger;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.Optional;

/**
 * {@code POST /files/reimport} (docs/operations.md, "Files"): imports one blob version again although the ledger has
 * it, like a forced sweep of that one blob but without the sweep lock. A run with trigger {@code REPLAY} whose STARTED
 * names the version ({@code reimport}) and who asked ({@code requestedBy}); its FILE_DISCOVERED, the forced file
 * event (with the rule that matches the blob now), then the version's IN_PROGRESS ledger state (after the file event,
 * as every announcement: docs/architecture.md, "Discovery") and the run's SWEEP_FINISHED. Refusals:
 * {@link ReimportDecision}; a blob no rule matches is refused too (nothing would import it).
 */
@ApplicationScoped
public class Reimport {

    private static final Logger LOG = Logger.getLogger(Reimport.class);

    /** Said in the answer and the run's log: an older file's values may win over newer ones. */
    public static final String WARNING = "Re-importing a file sends its records again: for primary keys it shares "
            + "with files imported after it, ODP gets this file's (possibly older) values, overwriting newer ones";

    private final ContainerPages container;
    private final Ledger ledger;
    private final Rules rules;
    private final RunRegistry runs;
    private final FileAnnouncer announcer;
    private final InstanceId instance;
    private final ActivityLog activity;
    private final ImporterConfig config;

    public Reimport(
            ContainerPages container,
            Ledger ledger,
            Rules rules,
            RunRegistry runs,
            FileAnnouncer announcer,
            InstanceId instance,
            ActivityLog activity,
            ImporterConfig config) {
        this.container = container;
        this.ledger = ledger;
        this.rules = rules;
        this.runs = runs;
        this.announcer = announcer;
        this.instance = instance;
        this.activity = activity;
        this.config = config;
    }

    /**
     * A started re-import (202).
     *
     * @param runId     its run
     * @param status    {@code RUNNING}
     * @param file      the version imported, {@code container/name@etag}
     * @param warning   {@link #WARNING}
     * @param movedFrom the blob name asked for, when it was moved after its import and its destination is imported
     * @param note      what was done instead of what was asked (the moved blob), else null
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Started(String runId, String status, String file, String warning, String movedFrom, String note) {}

    /** Refused with 422: no rule matches the blob, so nothing would import it. */
    public record Unmatched(String error) {}

    /**
     * @param name        the blob name
     * @param etag        the version (quotes tolerated), null for the current one
     * @param requestedBy who asks
     * @return a {@link Started}, an {@link Unmatched}, or the refusing {@link ReimportDecision}
     * @throws KafkaWriter.KafkaWriteException if Kafka fails; a run already started ends with the error
     */
    public synchronized Object reimport(String name, String etag, String requestedBy) {
        ledger.awaitCaughtUp(FileListing.CATCH_UP);
        String containerName = config.azure().container();
        ReimportDecision decision = ReimportDecision.decide(
                containerName,
                name,
                etag,
                container.current(name),
                ledger.versionsOf(containerName, name),
                container::current,
                ledger::get,
                this::stale);
        if (!(decision instanceof ReimportDecision.Start start)) {
            return decision;
        }
        BlobVersion version = start.version();
        Optional<Rule> rule = rule(rules, start);
        if (rule.isEmpty()) {
            return new Unmatched(
                    "Blob " + start.matchedName() + " is not re-imported: " + rules.noMatchReason(start.matchedName()));
        }
        String note = start.movedFrom() == null
                ? null
                : "Blob " + start.movedFrom() + " was moved to " + version.blobName() + " after its import (the "
                        + "ledger's afterImport.destination): its current version there is re-imported";
        String runId = RunIds.newRun();
        KafkaWriter.await(
                runs.publish(RunEvent.started(runId, Trigger.REPLAY, null, true, version.blobName(), instance.get())
                        .with(requestedBy, null, null, version.key())));
        try (RunMdc ignored = RunMdc.of(runId)) {
            LOG.warnf(
                    "Run %s re-imports blob %s (ETag %s), asked by %s%s. %s",
                    runId, version.blobName(), version.etag(), requestedBy, note == null ? "" : ". " + note, WARNING);
            announce(runId, version, start.blob(), rule.get());
        }
        record(runId, version, requestedBy, start.movedFrom());
        return new Started(runId, "RUNNING", version.key(), WARNING, start.movedFrom(), note);
    }

    /**
     * @return the rule a re-import imports with: the one matching the name asked for. A moved blob is read from its
     *         destination under the move prefixes, where the rules of its name (a {@code prefix: stores/}) do not
     *         match; it keeps the rule of the name it was imported under (docs/operations.md, "Re-importing one file")
     */
    static Optional<Rule> rule(Rules rules, ReimportDecision.Start start) {
        return rules.match(start.matchedName());
    }

    /** The file's run event, its forced file event, its IN_PROGRESS state and the run's end of discovery. */
    private void announce(String runId, BlobVersion version, ListedBlob blob, Rule rule) {
        try {
            FileDiscovered event = new FileDiscovered(
                            FileDiscovered.SCHEMA_VERSION,
                            null,
                            version.container(),
                            version.blobName(),
                            version.etag(),
                            blob.lastModified(),
                            blob.contentLength(),
                            Trigger.REPLAY.source(),
                            runId,
                            Instant.now(),
                            true)
                    .withRule(rule.ref());
            announcer.announceAgain(event, Trigger.REPLAY);
            KafkaWriter.await(
                    ledger.write(new LedgerEntry(version, LedgerEntry.State.IN_PROGRESS, runId, 0, null, Instant.now())
                            .withBlob(blob.lastModified(), null)));
            KafkaWriter.await(runs.publish(RunEvent.sweepFinished(runId, 1, null)));
        } catch (RuntimeException e) {
            String error = "Re-import of " + version.key() + " failed: " + e.getMessage() + "; ask again once Kafka "
                    + "is back";
            LOG.errorf("Run %s: %s", runId, error);
            try {
                KafkaWriter.await(runs.publish(RunEvent.sweepFinished(runId, 0, error)));
            } catch (RuntimeException ignored) {
                // Kafka is down: the run stays RUNNING in the view until it can be written
            }
            throw new KafkaWriter.KafkaWriteException("re-import run " + runId + ": " + error, e);
        }
    }

    /** Who asked for what, in the activity log (as the run's STARTED records it). */
    private void record(String runId, BlobVersion version, String requestedBy, String movedFrom) {
        activity.record(new ActivityEntry(
                ActivityEntry.SCHEMA_VERSION,
                "reimport/" + runId,
                Instant.now(),
                ActivityEntry.Level.INFO,
                "file",
                "Re-import requested: " + version.blobName(),
                requestedBy + " asked to re-import blob " + version.blobName() + " (ETag " + version.etag()
                        + ") in run " + runId + ". " + WARNING,
                ActivityLog.details(
                        "runId",
                        runId,
                        "container",
                        version.container(),
                        "blob",
                        version.blobName(),
                        "etag",
                        version.etag(),
                        "requestedBy",
                        requestedBy,
                        "movedFrom",
                        movedFrom),
                runId));
    }

    private boolean stale(LedgerEntry entry) {
        return entry.updatedAt() != null
                && entry.updatedAt().plus(config.sweep().staleInProgressAfter()).isBefore(Instant.now());
    }
}
