package io.odpimporter.runs;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.odpimporter.domain.FileReport;
import io.odpimporter.domain.FileStatus;
import io.odpimporter.domain.RunStatus;
import io.odpimporter.domain.TieGroup;
import io.odpimporter.domain.Trigger;

import java.time.Instant;
import java.util.List;

/**
 * A run as the REST API shows it.
 *
 * @param id             run id
 * @param trigger        SCHEDULE, MANUAL, CATCH_UP (continues an interrupted sweep), EVENT_GRID or REPLAY
 * @param trackerId      caller-supplied id, or null
 * @param status         RUNNING, COMPLETE, CANCELLED (discovery stopped on request, its files done) or ERROR
 * @param force          whether blob versions already in the ledger were re-imported
 * @param prefix         blob name prefix swept
 * @param created        start
 * @param updated        last event
 * @param ended          end, null while RUNNING
 * @param durationMillis milliseconds from start to end (or to now while RUNNING)
 * @param files          files discovered
 * @param filesImported  files whose every record reached the stores topic or was parked
 * @param filesFailed    files that could not be read to the end (see their error)
 * @param filesSkipped   files found already imported by the ledger
 * @param recordsEmitted records emitted to the stores topic (distinct)
 * @param accepted       distinct records accepted by ODP (2xx)
 * @param rejected       distinct records parked (invalid, or refused by ODP)
 * @param duplicateIds   records whose primary key an earlier record of the same file had (see FileSummary)
 * @param error          why the run failed, or null
 * @param scheduledFor   SCHEDULE runs: the cron moment the sweep was for; else null
 * @param cancellation   after {@code POST .../runs/{id}/cancel}: who asked, when, and what it stopped; else null
 * @param recordsPerSecond RUNNING runs: records ODP accepted per second over the last 30 s; else null
 * @param ties           warnings: files of one Last-Modified second that share primary keys, whose upload order
 *                       could not be told (one per second, see {@link Tie}); null if none
 * @param fileList       the files, only in {@code GET .../runs/{id}}
 * @param requestedBy    who asked for the run (the operator's name: manual, forced and backfill runs, their
 *                       catch-ups, re-imports); null for the schedule, the webhook and runs started before this was
 *                       recorded
 * @param reimport       a re-import run ({@code POST /files/reimport}): the version it imports again,
 *                       {@code container/name@etag}; else null
 * @param modifiedFrom   a backfill: only blobs last modified at or after this were imported; else null
 * @param modifiedTo     a backfill: only blobs last modified before this were imported; else null
 * @param warning        forced runs, backfills and re-imports: {@link #OVERWRITE_WARNING}; else null
 * @param dryRun         {@code true} for a dry run (nothing sent, recorded or moved; docs/architecture.md, "Dry
 *                       run"); null (absent) for every other run
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RunSummary(
        String id,
        Trigger trigger,
        String trackerId,
        RunStatus status,
        boolean force,
        String prefix,
        Instant created,
        Instant updated,
        Instant ended,
        Long durationMillis,
        int files,
        int filesImported,
        int filesFailed,
        int filesSkipped,
        long recordsEmitted,
        long accepted,
        long rejected,
        long duplicateIds,
        String error,
        Instant scheduledFor,
        String cancellation,
        Double recordsPerSecond,
        List<Tie> ties,
        @JsonProperty("fileDetails") List<FileSummary> fileList,
        String requestedBy,
        String reimport,
        Instant modifiedFrom,
        Instant modifiedTo,
        String warning,
        Boolean dryRun) {

    /** A run that is not a dry run. */
    public RunSummary(
            String id,
            Trigger trigger,
            String trackerId,
            RunStatus status,
            boolean force,
            String prefix,
            Instant created,
            Instant updated,
            Instant ended,
            Long durationMillis,
            int files,
            int filesImported,
            int filesFailed,
            int filesSkipped,
            long recordsEmitted,
            long accepted,
            long rejected,
            long duplicateIds,
            String error,
            Instant scheduledFor,
            String cancellation,
            Double recordsPerSecond,
            List<Tie> ties,
            List<FileSummary> fileList,
            String requestedBy,
            String reimport,
            Instant modifiedFrom,
            Instant modifiedTo,
            String warning) {
        this(
                id,
                trigger,
                trackerId,
                status,
                force,
                prefix,
                created,
                updated,
                ended,
                durationMillis,
                files,
                filesImported,
                filesFailed,
                filesSkipped,
                recordsEmitted,
                accepted,
                rejected,
                duplicateIds,
                error,
                scheduledFor,
                cancellation,
                recordsPerSecond,
                ties,
                fileList,
                requestedBy,
                reimport,
                modifiedFrom,
                modifiedTo,
                warning,
                null);
    }

    /** @return whether the run is a dry run */
    public boolean isDryRun() {
        return Boolean.TRUE.equals(dryRun);
    }

    /** A run without who asked, a re-imported version, a backfill range or a warning. */
    public RunSummary(
            String id,
            Trigger trigger,
            String trackerId,
            RunStatus status,
            boolean force,
            String prefix,
            Instant created,
            Instant updated,
            Instant ended,
            Long durationMillis,
            int files,
            int filesImported,
            int filesFailed,
            int filesSkipped,
            long recordsEmitted,
            long accepted,
            long rejected,
            long duplicateIds,
            String error,
            Instant scheduledFor,
            String cancellation,
            Double recordsPerSecond,
            List<Tie> ties,
            List<FileSummary> fileList) {
        this(
                id,
                trigger,
                trackerId,
                status,
                force,
                prefix,
                created,
                updated,
                ended,
                durationMillis,
                files,
                filesImported,
                filesFailed,
                filesSkipped,
                recordsEmitted,
                accepted,
                rejected,
                duplicateIds,
                error,
                scheduledFor,
                cancellation,
                recordsPerSecond,
                ties,
                fileList,
                null,
                null,
                null,
                null,
                null,
                null);
    }

    /**
     * The warning of a forced run, a backfill and a re-import, in the trigger's answer and on the run
     * (docs/operations.md, "Backfill").
     */
    public static final String OVERWRITE_WARNING = "Forced or re-imported older files can overwrite newer values in "
            + "ODP: for primary keys they share with files imported later, ODP keeps the values imported last";

    /** @return whether the run is a backfill (a Last-Modified range) */
    public boolean backfill() {
        return modifiedFrom != null || modifiedTo != null;
    }

    /**
     * Files of the run with the same Last-Modified second (1 s resolution, and no version ids to order them) that
     * share primary keys: which was uploaded last cannot be told, so for the shared keys ODP keeps the values of the
     * file imported last (files of one second are imported by name).
     *
     * @param container    the container
     * @param lastModified the second they share
     * @param files        how many files
     * @param blobNames    the first 5 of them, in import order
     * @param last         the one imported last: ODP keeps its values for the shared keys
     * @param complete     false if the check was cut short ({@code importer.file-import.max-tie-keys}, or the
     *                     second was forgotten): then these are all the files of that second, sharing keys or not
     * @param message      the warning, as logged
     */
    public record Tie(
            String container,
            Instant lastModified,
            int files,
            List<String> blobNames,
            String last,
            boolean complete,
            String message) {

        /** @return the warning for a tie group */
        public static Tie of(TieGroup group) {
            String names = String.join(", ", group.blobNames())
                    + (group.files() > group.blobNames().size()
                            ? " and " + (group.files() - group.blobNames().size()) + " more"
                            : "");
            String message = group.complete()
                    ? group.files() + " files last modified in the same second (" + group.lastModified() + ") share "
                            + "primary keys: " + names + ". Their upload order within that second cannot be told "
                            + "(Last-Modified has 1-second resolution, and they have no version ids), so for the shared keys "
                            + "ODP keeps the values of " + group.last() + ", imported last (by name)"
                    : group.files() + " file(s) last modified in the same second (" + group.lastModified() + ") could "
                            + "not be fully checked for shared primary keys (more keys than "
                            + "importer.file-import.max-tie-keys, or the second was forgotten): " + names
                            + ". If they share "
                            + "keys, ODP keeps the values of " + group.last() + ", imported last (by name)";
            return new Tie(
                    group.container(),
                    group.lastModified(),
                    group.files(),
                    group.blobNames(),
                    group.last(),
                    group.complete(),
                    message);
        }
    }

    /**
     * One file of a run.
     *
     * @param file     {@code container/name@etag}
     * @param blobName blob name
     * @param status   PENDING, IMPORTED, FAILED or SKIPPED
     * @param records  records read from the file
     * @param emitted  records emitted to the stores topic
     * @param accepted records accepted by ODP
     * @param rejected records parked
     * @param duplicateIds records whose primary key an earlier record of this file already had: all were sent, in
     *                 file order, so the last one wins as an upsert would. Counted in one pass over the file: after
     *                 a resume, pairs straddling the resume point are not counted; beyond
     *                 {@code importer.file-import.max-tracked-ids} distinct ids, counting stops (logged)
     * @param error    why it failed, or null
     * @param rejection the first parked record's position and reason (all of them: the dead-letter topic), or null
     * @param note     why a SKIPPED file was skipped (already imported, deleted, replaced by a newer version), or null
     * @param format   the format the file was read as ({@code json}, {@code jsonl}, {@code csv}, each with {@code .gz}
     *                 when compressed), or null (not read yet, skipped, or imported before formats were recorded)
     * @param rule     the rule the file was imported with ({@code name@fingerprint}), or null (the default rule of an
     *                 empty configuration, not read yet, no rule matched, or imported before rules were recorded)
     * @param report   what ODP would make of the file's records (a dry run's file, or a file its rule's error budget
     *                 stopped or failed), or null
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record FileSummary(
            String file,
            String blobName,
            FileStatus status,
            long records,
            long emitted,
            long accepted,
            long rejected,
            long duplicateIds,
            String error,
            String rejection,
            String note,
            String format,
            String rule,
            FileReport report) {

        /** A file without a report. */
        public FileSummary(
                String file,
                String blobName,
                FileStatus status,
                long records,
                long emitted,
                long accepted,
                long rejected,
                long duplicateIds,
                String error,
                String rejection,
                String note,
                String format,
                String rule) {
            this(
                    file,
                    blobName,
                    status,
                    records,
                    emitted,
                    accepted,
                    rejected,
                    duplicateIds,
                    error,
                    rejection,
                    note,
                    format,
                    rule,
                    null);
        }

        /** A file without a rule (the default rule, or before rules were recorded). */
        public FileSummary(
                String file,
                String blobName,
                FileStatus status,
                long records,
                long emitted,
                long accepted,
                long rejected,
                long duplicateIds,
                String error,
                String rejection,
                String note,
                String format) {
            this(
                    file,
                    blobName,
                    status,
                    records,
                    emitted,
                    accepted,
                    rejected,
                    duplicateIds,
                    error,
                    rejection,
                    note,
                    format,
                    null);
        }
    }
}
