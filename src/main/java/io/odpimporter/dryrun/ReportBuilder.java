package io.odpimporter.dryrun;

import io.odpimporter.domain.FileReport;
import io.odpimporter.domain.ProblemKind;
import io.odpimporter.rules.InvalidRecordException;
import io.odpimporter.schema.RecordCheck;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Builds one file's {@link FileReport} as its records are read (docs/architecture.md, "Dry run"): counts every
 * record, and per problem kind the records with it and the first {@code examples} of them. A record with several
 * problems counts once as invalid and once under each of its kinds. Not thread-safe: one per file.
 */
public final class ReportBuilder {

    private final int examples;
    private final Map<ProblemKind, Long> counts = new EnumMap<>(ProblemKind.class);
    private final Map<ProblemKind, List<FileReport.Example>> shown = new EnumMap<>(ProblemKind.class);
    private long read;
    private long accepted;

    /** @param examples how many examples are kept per kind */
    public ReportBuilder(int examples) {
        this.examples = examples;
    }

    /**
     * Records read before a progress mark the file resumes from (the error budget's report,
     * docs/configuration.md "Error budget"): counted in {@code read} and as invalid, without kinds or examples (those
     * cover the records read since the mark).
     *
     * @param read    records before the mark
     * @param invalid of them, records parked
     */
    public void resumed(long read, long invalid) {
        this.read += read;
        this.accepted += read - invalid;
    }

    /** A record that would be accepted. */
    public void accepted() {
        read++;
        accepted++;
    }

    /**
     * A record that would be refused.
     *
     * @param position where it is, for people ({@code line 12 (byte 345)}, {@code index 3})
     * @param index    its record index
     * @param problems its problems (at least one)
     */
    public void refused(String position, long index, List<RecordCheck.Problem> problems) {
        read++;
        for (RecordCheck.Problem problem : problems) {
            counts.merge(problem.kind(), 1L, Long::sum);
            List<FileReport.Example> kept = shown.computeIfAbsent(problem.kind(), k -> new ArrayList<>());
            if (kept.size() < examples) {
                kept.add(new FileReport.Example(position, index, problem.field(), problem.value(), problem.reason()));
            }
        }
    }

    /**
     * A record refused for a reason of the whole file (its target object does not exist in ODP): counted under the
     * problem's kind like any other, but only the first record of the kind is kept as its example, so the file's
     * report says it once with the count.
     */
    public void refusedOnce(String position, long index, RecordCheck.Problem problem) {
        read++;
        counts.merge(problem.kind(), 1L, Long::sum);
        List<FileReport.Example> kept = shown.computeIfAbsent(problem.kind(), k -> new ArrayList<>());
        if (kept.isEmpty() && examples > 0) {
            kept.add(new FileReport.Example(position, index, problem.field(), problem.value(), problem.reason()));
        }
    }

    /** A record the rule's mapping refused: one problem of the exception's kind. */
    public void refused(String position, long index, InvalidRecordException e) {
        refused(position, index, List.of(new RecordCheck.Problem(e.kind(), e.field(), null, e.getMessage())));
    }

    /** @return records read so far */
    public long read() {
        return read;
    }

    /** @return records with a problem so far */
    public long invalid() {
        return read - accepted;
    }

    /**
     * @param stoppedAt the record index the file was stopped at (over its error budget), null if read whole
     * @return the report so far
     */
    public FileReport build(Long stoppedAt) {
        List<FileReport.ProblemCount> problems = new ArrayList<>();
        counts.forEach(
                (kind, count) -> problems.add(new FileReport.ProblemCount(kind.wireName(), count, shown.get(kind))));
        problems.sort(Comparator.comparingLong(FileReport.ProblemCount::count).reversed());
        return new FileReport(read, accepted, problems, stoppedAt);
    }
}
