package io.odpimporter.importer;

import io.odpimporter.domain.FileFormat;
import io.odpimporter.domain.FileReport;

/**
 * How reading a file ended: {@code error} (FAILED at {@code errorOffset}), {@code skipped} (the version is gone), or
 * neither (IMPORTED).
 *
 * @param total       records read (the index after the last one)
 * @param rejected    records parked
 * @param error       why the file failed, else null
 * @param marked      whether a progress mark was written
 * @param skipped     why the version was skipped, else null
 * @param duplicates  records repeating an earlier record's primary key
 * @param errorOffset FAILED: the byte offset (uncompressed) it could not be read past; else -1
 * @param format      the format the file was read as, null if it was not opened
 * @param report      FAILED by its rule's error budget: the file's report ({@link ErrorBudgetGate}); else null
 */
record Outcome(
        long total,
        long rejected,
        String error,
        boolean marked,
        String skipped,
        long duplicates,
        long errorOffset,
        FileFormat format,
        FileReport report) {

    static Outcome imported(long total, long rejected, boolean marked, long duplicates, FileFormat format) {
        return new Outcome(total, rejected, null, marked, null, duplicates, -1, format, null);
    }

    static Outcome failed(
            long total, long rejected, String error, boolean marked, long duplicates, long offset, FileFormat format) {
        return new Outcome(total, rejected, error, marked, null, duplicates, offset, format, null);
    }

    /** @return FAILED by the rule's error budget, with the file's report (docs/configuration.md, "Error budget") */
    static Outcome overBudget(
            long total,
            long rejected,
            String error,
            boolean marked,
            long duplicates,
            long offset,
            FileFormat format,
            FileReport report) {
        return new Outcome(total, rejected, error, marked, null, duplicates, offset, format, report);
    }

    static Outcome skipped(
            long total, long rejected, String skipped, boolean marked, long duplicates, FileFormat format) {
        return new Outcome(total, rejected, null, marked, skipped, duplicates, -1, format, null);
    }

    /** @return records emitted to the stores topic */
    long emitted() {
        return total - rejected;
    }
}
