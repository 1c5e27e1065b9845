package io.odpimporter.domain;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/**
 * What ODP would make of one file's records (docs/architecture.md, "Dry run"): a dry run's report per file, and the
 * validation report of a file failed by its rule's error budget. Carried by a FILE_DONE run event (optional, absent by
 * default). Built by {@code dryrun.ReportBuilder}.
 *
 * @param read            records read
 * @param wouldBeAccepted records that pass the mapping and the live schema
 * @param problems        problems by kind, most frequent first
 * @param stoppedAt       optional: the record index at which the file was stopped (over its error budget); absent
 *                        when it was read whole
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FileReport(long read, long wouldBeAccepted, List<ProblemCount> problems, Long stoppedAt) {

    public FileReport {
        problems = problems == null ? List.of() : List.copyOf(problems);
    }

    /** @return records that would be refused or parked */
    public long invalid() {
        return read - wouldBeAccepted;
    }

    /**
     * One kind of problem of a file.
     *
     * @param kind     {@link ProblemKind#wireName()}
     * @param count    records with it
     * @param examples the first few (at most {@code importer.dry-run.examples})
     */
    public record ProblemCount(String kind, long count, List<Example> examples) {
        public ProblemCount {
            examples = examples == null ? List.of() : List.copyOf(examples);
        }
    }

    /**
     * One record with a problem.
     *
     * @param position where it is, for people: {@code line 12}, {@code row 12}, {@code index 3}, with the byte offset
     * @param index    the record index (0-based)
     * @param field    the ODP field (or column) concerned, null if none
     * @param value    the value, shortened to 80 characters; null if none
     * @param reason   why
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Example(String position, long index, String field, String value, String reason) {}
}
