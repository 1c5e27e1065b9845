package io.odpimporter.dryrun;

import com.azure.storage.blob.models.BlobItem;
import com.azure.storage.blob.models.BlobStorageException;
import io.odpimporter.discovery.NewVersions;
import io.odpimporter.discovery.SweepRequest;
import io.odpimporter.domain.BlobVersion;
import io.odpimporter.domain.FileDiscovered;
import io.odpimporter.domain.FileReport;
import io.odpimporter.domain.FileStatus;
import io.odpimporter.domain.RunEvent;
import io.odpimporter.domain.RunStatus;
import io.odpimporter.importer.FileRecords;
import io.odpimporter.rules.Rule;
import io.odpimporter.rules.Rules;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * One dry run's work (docs/architecture.md, "Dry run"): lists what a sweep with the same request would publish, reads
 * and judges each file as the importer and ODP would, and reports through run events only: FILE_DISCOVERED when a
 * file starts, FILE_DONE with its report (IMPORTED: read, FAILED: unreadable past a point or its schema unreadable,
 * SKIPPED: no rule, version gone, or cancelled while read), then COMPLETED. It writes nothing else: no ledger state,
 * no file or store record, no dead letter, no tag or move.
 */
final class DryRunWork {

    private static final Logger LOG = Logger.getLogger(DryRuns.class);

    /** Records between two looks at a cancel request. */
    static final int CANCEL_EVERY = 1000;

    /** Lists what a sweep would publish; empty when stopped. */
    interface Lister {
        Optional<NewVersions.Listing> list(SweepRequest request, BooleanSupplier stopped);
    }

    /** Reads a file as the importer does. */
    interface Reader {
        FileRecords.Read read(FileDiscovered event, Rule rule, FileRecords.Visitor visitor);
    }

    private final Lister lister;
    private final Reader reader;
    private final Rules rules;
    private final LiveSchemas.Source schemas;
    private final Consumer<RunEvent> events;
    private final BooleanSupplier cancelled;
    private final String account;
    private final String container;
    private final String instance;
    private final int examples;
    /** Told the file being read (for the heartbeat), null between files. */
    private final Consumer<RunEvent.Discovered> current;

    DryRunWork(
            Lister lister,
            Reader reader,
            Rules rules,
            LiveSchemas.Source schemas,
            Consumer<RunEvent> events,
            BooleanSupplier cancelled,
            String account,
            String container,
            String instance,
            int examples,
            Consumer<RunEvent.Discovered> current) {
        this.lister = lister;
        this.reader = reader;
        this.rules = rules;
        this.schemas = schemas;
        this.events = events;
        this.cancelled = cancelled;
        this.account = account;
        this.container = container;
        this.instance = instance;
        this.examples = examples;
        this.current = current;
    }

    /** Runs the dry run to its end and writes its COMPLETED event. */
    void run(String runId, SweepRequest request) {
        RunStatus status = RunStatus.COMPLETE;
        String error = null;
        try {
            Optional<NewVersions.Listing> listing = lister.list(request, cancelled);
            if (listing.isEmpty()) {
                status = RunStatus.CANCELLED;
            } else {
                LOG.infof("Dry run %s: %s", runId, listing.get().describe());
                for (BlobItem item : listing.get().fresh()) {
                    if (cancelled.getAsBoolean() || !file(runId, request, item)) {
                        status = RunStatus.CANCELLED;
                        LOG.infof("Dry run %s: cancelled", runId);
                        break;
                    }
                }
            }
        } catch (BlobStorageException e) {
            status = RunStatus.ERROR;
            error = "Blob Storage refused the listing: HTTP " + e.getStatusCode() + " " + e.getErrorCode();
        } catch (RuntimeException e) {
            status = RunStatus.ERROR;
            error = "Dry run failed: " + e.getClass().getSimpleName() + ": " + e.getMessage();
        } finally {
            current.accept(null);
        }
        events.accept(new RunEvent.Completed(runId, Instant.now(), status, 0, error, instance));
    }

    /** @return false if the dry run was cancelled while the file was read */
    private boolean file(String runId, SweepRequest request, BlobItem item) {
        String name = item.getName();
        String etag = BlobVersion.unquote(item.getProperties().getETag());
        BlobVersion version = new BlobVersion(container, name, etag);
        Optional<Rule> matched = rules.match(name);
        if (matched.isEmpty()) {
            String why = rules.noMatchReason(name);
            LOG.infof("Dry run %s: blob %s skipped: %s", runId, name, why);
            events.accept(done(runId, version, FileStatus.SKIPPED, 0, why, null, null, null));
            return true;
        }
        Rule rule = matched.get();
        RunEvent.Discovered started = new RunEvent.Discovered(runId, Instant.now(), version.key(), name);
        events.accept(started);
        current.accept(started);
        LiveSchemas.Answer schema = schemas.read(rule.schema().object());
        if (schema.error() != null) {
            LOG.warnf("Dry run %s: blob %s not read: %s", runId, name, schema.error());
            events.accept(done(runId, version, FileStatus.FAILED, 0, schema.error(), null, rule, null));
            return true;
        }
        FileJudge judge = new FileJudge(rule, version, schema, examples);
        boolean[] stopped = {false};
        FileRecords.Read read = reader.read(event(runId, request, item, etag), rule, (element, position) -> {
            if (!judge.judge(element, position)) {
                return false; // a real run would stop the file here: over its rule's error budget
            }
            if (judge.read() % CANCEL_EVERY == 0 && cancelled.getAsBoolean()) {
                stopped[0] = true;
                return false;
            }
            return true;
        });
        FileReport report = judge.build();
        Optional<String> overBudget = judge.budgetVerdict();
        FileStatus status;
        String note;
        if (overBudget.isPresent() && read.error() == null && read.skipped() == null && !stopped[0]) {
            status = FileStatus.FAILED;
            note = "a real run would fail this file over its rule's error budget: " + overBudget.get();
        } else if (read.stopped() || stopped[0]) {
            status = FileStatus.SKIPPED;
            note = "the dry run was cancelled after " + report.read() + " record(s) of this file";
        } else if (read.skipped() != null) {
            status = FileStatus.SKIPPED;
            note = read.skipped();
        } else if (read.error() != null) {
            status = FileStatus.FAILED;
            note = read.error();
        } else {
            status = FileStatus.IMPORTED;
            note = null;
        }
        LOG.infof(
                "Dry run %s: blob %s (rule %s, %s): %d record(s) read, %d would be accepted, %d would be refused%s%s",
                runId,
                name,
                rule.displayName(),
                read.format(),
                report.read(),
                report.wouldBeAccepted(),
                report.invalid(),
                report.problems().isEmpty()
                        ? ""
                        : " ("
                                + report.problems().stream()
                                        .map(p -> p.kind() + " " + p.count())
                                        .collect(Collectors.joining(", "))
                                + ")",
                note == null ? "" : "; " + status + ": " + note);
        events.accept(done(runId, version, status, report.read(), note, read, rule, report));
        current.accept(null);
        return !stopped[0];
    }

    private static RunEvent.FileDone done(
            String runId,
            BlobVersion version,
            FileStatus status,
            long total,
            String error,
            FileRecords.Read read,
            Rule rule,
            FileReport report) {
        return new RunEvent.FileDone(
                runId,
                Instant.now(),
                version.key(),
                version.blobName(),
                status,
                total,
                0,
                null,
                error,
                0,
                read == null ? null : read.format(),
                rule == null ? null : rule.ref(),
                report);
    }

    private FileDiscovered event(String runId, SweepRequest request, BlobItem item, String etag) {
        return new FileDiscovered(
                FileDiscovered.SCHEMA_VERSION,
                account,
                container,
                item.getName(),
                etag,
                item.getProperties().getLastModified().toInstant(),
                item.getProperties().getContentLength(),
                request.trigger().source(),
                runId,
                Instant.now(),
                request.force(),
                item.getVersionId());
    }
}
