package io.odpimporter.runs;

import io.odpimporter.domain.FileFormat;
import io.odpimporter.domain.FileReport;
import io.odpimporter.domain.FileStatus;
import io.odpimporter.domain.RuleRef;
import io.odpimporter.domain.RunEvent;
import io.odpimporter.domain.RunStatus;
import io.odpimporter.domain.SweepOutcome;
import io.odpimporter.domain.TieGroup;
import io.odpimporter.domain.Trigger;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.BitSet;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * One run, folded from its run events in any order. Counts are of distinct record indices per file, so a
 * redelivered batch or a resumed file never inflates them. Not thread-safe: {@link RunRegistry} guards it.
 */
final class Run {

    private final String id;
    private Trigger trigger;
    private String trackerId;
    private String owner;
    private String prefix;
    private boolean force;
    private Instant created;
    private Instant scheduledFor;
    private String requestedBy;
    private Instant modifiedFrom;
    private Instant modifiedTo;
    private String reimport;
    /** A dry run (docs/architecture.md, "Dry run"): nothing is delivered, no sweep lock, ended by its owner. */
    private boolean dryRun;

    private Instant updated;
    private boolean sweepFinished;
    private long filesPublished;
    private String sweepError;
    private RunEvent.Completed completed;
    private Instant cancelRequestedAt;
    private String cancelledBy;
    private boolean discoveryCancelled;
    /** When the sweep was closed because its replica stopped (a catch-up sweep continues it), else null. */
    private Instant interruptedAt;

    private final Map<String, FileProgress> files = new LinkedHashMap<>();
    /** Tie groups by {@code container@second}: the latest state of each. */
    private final Map<String, TieGroup> ties = new TreeMap<>();
    /** ACCEPTED events of the last {@link #RATE_WINDOW}: when, and how many records (for the live rate). */
    private final ArrayDeque<long[]> recentAccepted = new ArrayDeque<>();
    /** The window of the live records-per-second rate of a RUNNING run. */
    static final Duration RATE_WINDOW = Duration.ofSeconds(30);

    Run(String id) {
        this.id = id;
    }

    /**
     * Folds one event in.
     *
     * @return true if it was this run's first COMPLETED event (later ones, written by other replicas that saw the
     *         run done at the same time, change nothing)
     */
    boolean apply(RunEvent e) {
        if (e instanceof RunEvent.Completed && completed != null) {
            return false;
        }
        if (updated == null || e.at().isAfter(updated)) {
            updated = e.at();
        }
        if (e instanceof RunEvent.Started started) {
            trigger = started.trigger();
            trackerId = started.trackerId();
            owner = started.owner();
            prefix = started.prefix();
            force = started.force();
            created = started.at();
            scheduledFor = started.scheduledFor();
            requestedBy = started.requestedBy();
            modifiedFrom = started.modifiedFrom();
            modifiedTo = started.modifiedTo();
            reimport = started.reimport();
            dryRun = started.isDryRun();
        } else if (e instanceof RunEvent.Discovered discovered) {
            file(discovered.file()).blobName = discovered.blobName();
        } else if (e instanceof RunEvent.SweepFinished finished) {
            sweepFinished = true;
            filesPublished = finished.files();
            sweepError = finished.error();
            discoveryCancelled = finished.outcome() == SweepOutcome.CANCELLED;
            interruptedAt = finished.outcome() == SweepOutcome.INTERRUPTED ? finished.at() : null;
        } else if (e instanceof RunEvent.CancelRequested cancel) {
            cancelRequestedAt = cancel.at();
            cancelledBy = cancel.user();
        } else if (e instanceof RunEvent.FileDone done) {
            FileProgress f = file(done.file());
            f.blobName = done.blobName();
            f.status = done.status();
            f.total = done.total();
            f.emitted = done.emitted();
            f.duplicates = done.duplicates();
            f.format = done.format();
            f.rule = done.rule();
            f.error = done.error();
            f.report = done.report();
            mark(f.rejected, done.rejected());
        } else if (e instanceof RunEvent.Accepted accepted) {
            mark(file(accepted.file()).accepted, accepted.indices());
            if (accepted.indices() != null
                    && accepted.at().isAfter(Instant.now().minus(RATE_WINDOW))) {
                recentAccepted.add(new long[] {
                    accepted.at().toEpochMilli(), accepted.indices().size()
                });
            }
        } else if (e instanceof RunEvent.Rejected rejected) {
            FileProgress f = file(rejected.file());
            mark(f.rejected, rejected.indices());
            if (!importerPart(rejected.part())) {
                mark(f.refused, rejected.indices());
            }
            long first = rejected.indices() == null || rejected.indices().isEmpty()
                    ? Long.MAX_VALUE
                    : Collections.min(rejected.indices());
            if (f.rejection == null || first < f.rejectionIndex) {
                f.rejection = rejected.error();
                f.rejectionIndex = first;
            }
        } else if (e instanceof RunEvent.Tie tie) {
            TieGroup known = ties.get(tie.file());
            if (known == null || tie.group().files() >= known.files()) {
                ties.put(tie.file(), tie.group());
            }
        } else if (e instanceof RunEvent.Completed end) {
            completed = end;
            return true;
        }
        return false;
    }

    private FileProgress file(String file) {
        return files.computeIfAbsent(file, FileProgress::new);
    }

    /**
     * @return whether a REJECTED event's records were parked by the importer (invalid at import: its part is
     *         {@code importer-<first index>}, RecordEmitter) rather than refused by ODP (the sink's parts are
     *         {@code <partition>-<offset>-<hash>}, SinkEvents)
     */
    static boolean importerPart(String part) {
        return part != null && part.startsWith("importer-");
    }

    /**
     * @param file a file of this run ({@code container/name@etag})
     * @return its figures once it is IMPORTED and every record is accepted by ODP or parked (what makes its ledger
     *         entry DELIVERED, docs/architecture.md §5.8); empty before, and for FAILED and SKIPPED files
     */
    Optional<FileDelivery> delivery(String file) {
        FileProgress f = files.get(file);
        if (dryRun || f == null || f.status != FileStatus.IMPORTED || !f.finished()) {
            return Optional.empty();
        }
        return Optional.of(new FileDelivery(id, file, f.acceptedCount(), f.refused.cardinality(), f.rejectedCount()));
    }

    /**
     * @return the file's figures the first time this is asked once it is delivered ({@link #delivery}); empty before
     *         and after
     */
    Optional<FileDelivery> firstDelivery(String file) {
        FileProgress f = files.get(file);
        if (f == null || f.deliveryTold) {
            return Optional.empty();
        }
        Optional<FileDelivery> delivery = delivery(file);
        f.deliveryTold = delivery.isPresent();
        return delivery;
    }

    /** @return the file a run event is about ({@code container/name@etag}), null for run-wide events */
    static String fileOf(RunEvent e) {
        if (e instanceof RunEvent.FileDone done) {
            return done.file();
        }
        if (e instanceof RunEvent.Accepted accepted) {
            return accepted.file();
        }
        return e instanceof RunEvent.Rejected rejected ? rejected.file() : null;
    }

    private static void mark(BitSet set, List<Long> indices) {
        if (indices != null) {
            indices.forEach(i -> set.set(Math.toIntExact(i)));
        }
    }

    String id() {
        return id;
    }

    String owner() {
        return owner;
    }

    Trigger trigger() {
        return trigger;
    }

    /**
     * @return whether the run is a sweep (SCHEDULE, MANUAL, CATCH_UP: holds the sweep lock, can be cancelled and be
     *         interrupted); a run whose STARTED carried no trigger counts as one, as it always did; a dry run is none
     *         (it holds no lock: {@link RunRegistry} ends it if its owner is gone)
     */
    boolean sweep() {
        return !dryRun && (trigger == null || trigger.sweep());
    }

    /** @return whether it is a dry run */
    boolean dryRun() {
        return dryRun;
    }

    /** @return when its last event was written (a dry run's sign of life) */
    Instant updated() {
        return updated;
    }

    Instant created() {
        return created;
    }

    boolean completed() {
        return completed != null;
    }

    boolean sweepFinished() {
        return sweepFinished;
    }

    /** @return true if the sweep ended with an error (the run ends ERROR) */
    boolean sweepFailed() {
        return sweepError != null;
    }

    boolean cancelRequested() {
        return cancelRequestedAt != null;
    }

    String cancelledBy() {
        return cancelledBy;
    }

    /** @return true if discovery stopped on a cancel request (the run ends CANCELLED once its files are done) */
    boolean discoveryCancelled() {
        return discoveryCancelled;
    }

    int fileCount() {
        return files.size();
    }

    /**
     * @return the blob versions ({@code container/name@etag}) the run published, as far as its events tell: a sweep
     *         writes a file's FILE_DISCOVERED once the file event is in the files topic, the importer its FILE_DONE
     */
    Set<String> fileKeys() {
        return files.keySet();
    }

    /** @return when the sweep was closed as interrupted (its replica stopped), else null */
    Instant interruptedAt() {
        return interruptedAt;
    }

    String trackerId() {
        return trackerId;
    }

    String prefix() {
        return prefix;
    }

    boolean force() {
        return force;
    }

    Instant scheduledFor() {
        return scheduledFor;
    }

    String requestedBy() {
        return requestedBy;
    }

    Instant modifiedFrom() {
        return modifiedFrom;
    }

    Instant modifiedTo() {
        return modifiedTo;
    }

    /** @return true when the sweep is over and every file is finished with all its records accepted or parked */
    boolean done() {
        if (created == null || !sweepFinished) {
            return false;
        }
        if (sweepError != null) {
            return true;
        }
        return files.size() >= filesPublished && files.values().stream().allMatch(FileProgress::finished);
    }

    /** @return the run's tie warnings, by container and second; null if none */
    List<RunSummary.Tie> ties() {
        return ties.isEmpty()
                ? null
                : ties.values().stream()
                        .sorted(Comparator.comparing(TieGroup::container).thenComparing(TieGroup::lastModified))
                        .map(RunSummary.Tie::of)
                        .toList();
    }

    RunSummary summary(boolean withFiles) {
        long emitted = 0;
        long accepted = 0;
        long rejected = 0;
        long duplicates = 0;
        int imported = 0;
        int failed = 0;
        int skipped = 0;
        for (FileProgress f : files.values()) {
            emitted += f.emitted;
            accepted += f.acceptedCount();
            rejected += f.rejectedCount();
            duplicates += f.duplicates;
            if (f.status == FileStatus.IMPORTED) {
                imported++;
            } else if (f.status == FileStatus.FAILED) {
                failed++;
            } else if (f.status == FileStatus.SKIPPED) {
                skipped++;
            }
        }
        RunStatus status;
        String error = sweepError;
        Instant ended = null;
        if (completed != null) {
            status = completed.status();
            error = completed.error();
            ended = completed.at();
        } else if (sweepError != null) {
            status = RunStatus.ERROR;
        } else {
            status = RunStatus.RUNNING;
        }
        String cancellation = null;
        if (cancelRequestedAt != null) {
            cancellation = "cancel requested by " + cancelledBy + " at " + cancelRequestedAt + ": "
                    + (dryRun()
                            ? "the dry run stops within its current file (checked every 1,000 records); nothing was "
                                    + "sent or recorded"
                            : !sweepFinished
                                    ? "discovery stops at the next file; files already discovered are imported"
                                    : discoveryCancelled
                                            ? "discovery stopped after " + filesPublished + " file(s); "
                                                    + (completed == null
                                                            ? "they are being imported"
                                                            : "they were imported")
                                            : "discovery had already finished; every discovered file is imported");
        }
        Instant end = ended != null ? ended : Instant.now();
        Double rate = null;
        if (status == RunStatus.RUNNING && created != null) {
            // records ODP accepted per second over the last 30 s (or since the start, if the run is younger)
            long now = System.currentTimeMillis();
            while (!recentAccepted.isEmpty() && recentAccepted.peek()[0] < now - RATE_WINDOW.toMillis()) {
                recentAccepted.poll();
            }
            long records = recentAccepted.stream().mapToLong(a -> a[1]).sum();
            double seconds = Math.max(1, Math.min(RATE_WINDOW.toMillis(), now - created.toEpochMilli())) / 1000.0;
            rate = Math.round(records / seconds * 10) / 10.0;
        }
        List<RunSummary.FileSummary> fileList =
                withFiles ? files.values().stream().map(FileProgress::summary).toList() : null;
        return new RunSummary(
                id,
                trigger,
                trackerId,
                status,
                force,
                prefix,
                created,
                updated,
                ended,
                created == null ? null : Duration.between(created, end).toMillis(),
                files.size(),
                imported,
                failed,
                skipped,
                emitted,
                accepted,
                rejected,
                duplicates,
                error,
                scheduledFor,
                cancellation,
                rate,
                ties(),
                fileList,
                requestedBy,
                reimport,
                modifiedFrom,
                modifiedTo,
                !dryRun && (force || reimport != null || modifiedFrom != null || modifiedTo != null)
                        ? RunSummary.OVERWRITE_WARNING
                        : null,
                dryRun ? Boolean.TRUE : null);
    }

    /** Progress of one file (blob version) inside the run. */
    private static final class FileProgress {
        final String file;
        String blobName;
        FileStatus status;
        long total;
        long emitted;
        long duplicates;
        FileFormat format;
        RuleRef rule;
        String error;
        FileReport report;
        String rejection;
        long rejectionIndex = Long.MAX_VALUE;
        final BitSet accepted = new BitSet();
        final BitSet rejected = new BitSet();
        /** The parked records ODP refused (the sink's REJECTED events); {@link #rejected} holds every parked one. */
        final BitSet refused = new BitSet();
        /** Whether {@link #firstDelivery} told it already. */
        boolean deliveryTold;

        FileProgress(String file) {
            this.file = file;
        }

        boolean finished() {
            if (status == null) {
                return false;
            }
            BitSet covered = (BitSet) accepted.clone();
            covered.or(rejected);
            return covered.cardinality() >= total;
        }

        long acceptedCount() {
            BitSet only = (BitSet) accepted.clone();
            only.andNot(rejected);
            return only.cardinality();
        }

        long rejectedCount() {
            return rejected.cardinality();
        }

        RunSummary.FileSummary summary() {
            boolean skipped = status == FileStatus.SKIPPED;
            return new RunSummary.FileSummary(
                    file,
                    blobName,
                    status == null ? FileStatus.PENDING : status,
                    total,
                    emitted,
                    acceptedCount(),
                    rejectedCount(),
                    duplicates,
                    skipped ? null : error,
                    rejection,
                    skipped ? error : null,
                    format == null ? null : format.toString(),
                    rule == null ? null : rule.toString(),
                    report);
        }
    }
}
