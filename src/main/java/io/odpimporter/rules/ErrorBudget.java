package io.odpimporter.rules;

/**
 * A rule's error budget (docs/configuration.md, "Error budget"): the share of a file's records that may be invalid
 * before the file is stopped (streaming) or failed whole ({@code validate-first}).
 *
 * @param maxInvalidRatio the largest share of invalid records, 0..1; null: no budget (the default)
 * @param minRecords      records read before the ratio is judged while streaming
 * @param validateFirst   whether a file is validated whole before any record is sent
 */
public record ErrorBudget(Double maxInvalidRatio, long minRecords, boolean validateFirst) {

    /** No budget: every valid record is imported, whatever the share of invalid ones. */
    public static final ErrorBudget OFF = new ErrorBudget(null, 100, false);

    /** @return whether the rule has a budget */
    public boolean enabled() {
        return maxInvalidRatio != null;
    }
}
