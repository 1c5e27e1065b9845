package io.odpimporter.runs;

import io.odpimporter.domain.RunEvent;
import io.odpimporter.domain.TieGroup;

import java.time.Duration;
import java.time.Instant;
import java.util.BitSet;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * One run, folded from its run events in any order. Counts are of distinct record indices per file, so a
 * redelivered batch or a resumed file never inflates them. Not thread-safe: {@link RunRegistry} guards it.
 */
final class Run {

    static final String RUNNING = "RUNNING";
    static final String COMPLETE = "COMPLETE";
    static final String ERROR = "ERROR";
    static final String CANCELLED = "CANCELLED";

    private final String id;
    private String trigger;
    private String trackerId;
    private String owner;
    private String prefix;
    private boolean force;
    private Instant created;
    private Instant scheduledFor;
    private Instant updated;
    private boolean sweepFinished;
    private long filesPublished;
    private String sweepError;
    private RunEvent completed;
    private Instant cancelRequestedAt;
    private String cancelledBy;
    private boolean discoveryCancelled;
    /** When the sweep was closed because its replica stopped (a catch-up sweep continues it), else null. */
    private Instant interruptedAt;
    private final Map<String, FileProgress> files = new LinkedHashMap<>();
    /** Tie groups by {@code container@second}: the latest state of each. */
    private final Map<String, TieGroup> ties = new TreeMap<>();
    /** ACCEPTED events of the last {@link #RATE_WINDOW}: when, and how many records (for the live rate). */
    private final java.util.ArrayDeque<long[]> recentAccepted = new java.util.ArrayDeque<>();
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
        if (e.type() == RunEvent.Type.COMPLETED && completed != null) {
            return false;
        }
        if (updated == null || e.at().isAfter(updated)) {
            updated = e.at();
        }
        switch (e.type()) {
            case STARTED -> {
                trigger = e.trigger();
                trackerId = e.trackerId();
                owner = e.owner();
                prefix = e.prefix();
                force = e.force();
                created = e.at();
                scheduledFor = e.scheduledFor();
            }
            case FILE_DISCOVERED -> file(e).blobName = e.blobName();
            case SWEEP_FINISHED -> {
                sweepFinished = true;
                filesPublished = e.total();
                sweepError = e.error();
                discoveryCancelled = CANCELLED.equals(e.status());
                interruptedAt = RunEvent.INTERRUPTED.equals(e.status()) ? e.at() : null;
            }
            case CANCEL_REQUESTED -> {
                cancelRequestedAt = e.at();
                cancelledBy = e.owner();
            }
            case FILE_DONE -> {
                FileProgress f = file(e);
                f.blobName = e.blobName();
                f.status = e.status();
                f.total = e.total();
                f.emitted = e.emitted();
                f.duplicates = e.duplicates();
                f.error = e.error();
                mark(f.rejected, e.indices());
            }
            case ACCEPTED -> {
                mark(file(e).accepted, e.indices());
                if (e.indices() != null && e.at().isAfter(Instant.now().minus(RATE_WINDOW))) {
                    recentAccepted.add(new long[] {e.at().toEpochMilli(), e.indices().size()});
                }
            }
            case REJECTED -> {
                FileProgress f = file(e);
                mark(f.rejected, e.indices());
                long first = e.indices() == null || e.indices().isEmpty() ? Long.MAX_VALUE
                        : java.util.Collections.min(e.indices());
                if (f.rejection == null || first < f.rejectionIndex) {
                    f.rejection = e.error();
                    f.rejectionIndex = first;
                }
            }
            case TIE -> {
                TieGroup known = ties.get(e.file());
                if (e.tie() != null && (known == null || e.tie().files() >= known.files())) {
                    ties.put(e.file(), e.tie());
                }
            }
            case COMPLETED -> {
                completed = e;
                return true;
            }
        }
        return false;
    }

    private FileProgress file(RunEvent e) {
        return files.computeIfAbsent(e.file(), FileProgress::new);
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

    String trigger() {
        return trigger;
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
        return ties.isEmpty() ? null : ties.values().stream()
                .sorted(Comparator.comparing(TieGroup::container).thenComparing(TieGroup::lastModified))
                .map(RunSummary.Tie::of).toList();
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
            if ("IMPORTED".equals(f.status)) {
                imported++;
            } else if ("FAILED".equals(f.status)) {
                failed++;
            } else if ("SKIPPED".equals(f.status)) {
                skipped++;
            }
        }
        String status;
        String error = sweepError;
        Instant ended = null;
        if (completed != null) {
            status = completed.status();
            error = completed.error();
            ended = completed.at();
        } else if (sweepError != null) {
            status = ERROR;
        } else {
            status = RUNNING;
        }
        String cancellation = null;
        if (cancelRequestedAt != null) {
            cancellation = "cancel requested by " + cancelledBy + " at " + cancelRequestedAt + ": "
                    + (!sweepFinished ? "discovery stops at the next file; files already discovered are imported"
                    : discoveryCancelled ? "discovery stopped after " + filesPublished + " file(s); "
                    + (completed == null ? "they are being imported" : "they were imported")
                    : "discovery had already finished; every discovered file is imported");
        }
        Instant end = ended != null ? ended : Instant.now();
        Double rate = null;
        if (RUNNING.equals(status) && created != null) {
            // records ODP accepted per second over the last 30 s (or since the start, if the run is younger)
            long now = System.currentTimeMillis();
            while (!recentAccepted.isEmpty() && recentAccepted.peek()[0] < now - RATE_WINDOW.toMillis()) {
                recentAccepted.poll();
            }
            long records = recentAccepted.stream().mapToLong(a -> a[1]).sum();
            double seconds = Math.max(1, Math.min(RATE_WINDOW.toMillis(), now - created.toEpochMilli())) / 1000.0;
            rate = Math.round(records / seconds * 10) / 10.0;
        }
        List<RunSummary.FileSummary> fileList = withFiles
                ? files.values().stream().map(FileProgress::summary).toList()
                : null;
        return new RunSummary(id, trigger, trackerId, status, force, prefix, created, updated, ended,
                created == null ? null : Duration.between(created, end).toMillis(), files.size(), imported, failed,
                skipped, emitted, accepted, rejected, duplicates, error, scheduledFor, cancellation, rate, ties(),
                fileList);
    }

    /** Progress of one file (blob version) inside the run. */
    private static final class FileProgress {
        final String file;
        String blobName;
        String status;
        long total;
        long emitted;
        long duplicates;
        String error;
        String rejection;
        long rejectionIndex = Long.MAX_VALUE;
        final BitSet accepted = new BitSet();
        final BitSet rejected = new BitSet();

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
            boolean skipped = "SKIPPED".equals(status);
            return new RunSummary.FileSummary(file, blobName, status == null ? "PENDING" : status, total, emitted,
                    acceptedCount(), rejectedCount(), duplicates, skipped ? null : error, rejection,
                    skipped ? error : null);
        }
    }
}
