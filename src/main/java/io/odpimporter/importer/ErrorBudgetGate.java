package io.odpimporter.importer;

import io.odpimporter.domain.FileFormat;
import io.odpimporter.domain.FileReport;
import io.odpimporter.dryrun.ReportBuilder;
import io.odpimporter.importer.read.SourceRecord;
import io.odpimporter.rules.ErrorBudget;
import io.odpimporter.rules.InvalidRecordException;

import java.math.BigDecimal;
import java.util.Locale;

/**
 * One file's error budget (docs/configuration.md, "Error budget"; docs/architecture.md, "The error budget"): counts
 * the records read and the invalid ones (parked as INVALID_RECORD: unreadable, or refused by the rule's transform),
 * builds the file's report as they come, and judges the share of invalid records against the rule's
 * {@code max-invalid-ratio}. Over budget means strictly more than the ratio: a file exactly at it passes.
 *
 * <ul>
 *   <li>While a file streams, the share is judged after every record once {@code max-invalid-min-records} were read
 *       ({@link #overWhileStreaming()}), so a bad start of a long file does not stop it on its first records.
 *   <li>At a file's end, and for a file validated whole ({@code validate-first}), the share of the whole file is judged
 *       whatever its length ({@link #overAtEnd()}), as ODP's own CSV import judges a file: a file shorter than the
 *       minimum but over the ratio fails too.
 * </ul>
 *
 * Without a budget nothing is ever over. The dry run judges its files with it too (docs/architecture.md, "Dry run").
 * Not thread-safe: one per file and read.
 */
public final class ErrorBudgetGate {

    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    private final ErrorBudget budget;
    private final ReportBuilder report;

    /**
     * @param budget   the rule's budget
     * @param examples examples the report keeps per kind of problem ({@code importer.dry-run.examples})
     */
    public ErrorBudgetGate(ErrorBudget budget, int examples) {
        this.budget = budget;
        this.report = new ReportBuilder(examples);
    }

    /**
     * @param read    records before the progress mark the file resumes from (its next record index)
     * @param invalid of them, records parked (the mark's count)
     * @return this gate, counting them
     */
    ErrorBudgetGate resumedAfter(long read, long invalid) {
        if (read > 0) {
            report.resumed(read, invalid);
        }
        return this;
    }

    /** A record that was sent (or, validating first, would be). */
    public void accepted() {
        report.accepted();
    }

    /** A record that was parked (or, validating first, would be) because it could not be read or transformed. */
    void refused(FileFormat format, SourceRecord element, InvalidRecordException e) {
        refused(position(format, element) + " (byte " + element.byteOffset() + ")", element.index(), e);
    }

    /** A record that was parked (or would be), at a position as dead letters show it. */
    public void refused(String position, long index, InvalidRecordException e) {
        report.refused(position, index, e);
    }

    /** @return whether the file must stop now: at least the minimum read, and more than the ratio invalid */
    public boolean overWhileStreaming() {
        return budget.enabled() && report.read() >= budget.minRecords() && over();
    }

    /** @return whether the whole file, read to its end, is over budget (whatever its length) */
    public boolean overAtEnd() {
        return budget.enabled() && report.read() > 0 && over();
    }

    /** @return the error of a file stopped after {@code element} (the record that tipped it), the valid records up to
     *         it delivered */
    String stoppedAt(FileFormat format, SourceRecord element) {
        return stoppedAfter(position(format, element));
    }

    /** @return the error of a file stopped after the record at {@code position}, the valid records up to it sent */
    public String stoppedAfter(String position) {
        return "stopped after " + position + ": " + share() + "; the " + valid()
                + " valid records up to it were imported";
    }

    /** @return the error of a file read to its end (shorter than the minimum) over budget, its valid records sent */
    public String overAtItsEnd() {
        return "read to its end: " + share() + "; its " + valid() + " valid records were imported";
    }

    /** @return the error of a file validated whole ({@code validate-first}) over budget: nothing was sent */
    public String overWhenValidated() {
        return "validated before import: " + share() + "; nothing was sent";
    }

    /** @return a line for the log of a file validated whole within its budget */
    String withinWhenValidated() {
        return "validated before import: " + report.invalid() + " of " + report.read() + " records invalid, within "
                + "the rule's budget of " + percent(BigDecimal.valueOf(budget.maxInvalidRatio()));
    }

    /**
     * @param stoppedAt the record index the file stopped at, null if it was read whole
     * @return the file's report so far
     */
    FileReport report(Long stoppedAt) {
        return report.build(stoppedAt);
    }

    /** @return records read so far (with those before a progress mark) */
    long read() {
        return report.read();
    }

    /** @return invalid records so far (with those before a progress mark) */
    long invalid() {
        return report.invalid();
    }

    /** @return whether invalid / read is strictly over the ratio, in exact decimal arithmetic */
    private boolean over() {
        BigDecimal allowed = BigDecimal.valueOf(budget.maxInvalidRatio()).multiply(BigDecimal.valueOf(report.read()));
        return BigDecimal.valueOf(report.invalid()).compareTo(allowed) > 0;
    }

    /** @return e.g. {@code 31 of 230 records invalid (13.5 %), over the rule's budget of 1 %} */
    private String share() {
        double percent = 100.0 * report.invalid() / report.read();
        return report.invalid() + " of " + report.read() + " records invalid ("
                + String.format(Locale.ROOT, "%.1f %%", percent) + "), over the rule's budget of "
                + percent(BigDecimal.valueOf(budget.maxInvalidRatio()));
    }

    private long valid() {
        return report.read() - report.invalid();
    }

    private static String percent(BigDecimal ratio) {
        return ratio.multiply(HUNDRED).stripTrailingZeros().toPlainString() + " %";
    }

    /**
     * @return a record's position for people: its line for line-based formats (CSV, JSON Lines), its index in a JSON
     *         array (or when the line is unknown)
     */
    static String position(FileFormat format, SourceRecord element) {
        boolean lines = format.kind() != FileFormat.Kind.JSON_ARRAY && element.line() >= 0;
        return lines ? "line " + element.line() : "index " + element.index();
    }
}
