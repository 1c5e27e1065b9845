package io.odpimporter.dryrun;

import io.odpimporter.domain.BlobVersion;
import io.odpimporter.domain.FileReport;
import io.odpimporter.domain.ProblemKind;
import io.odpimporter.importer.ErrorBudgetGate;
import io.odpimporter.importer.read.SourceRecord;
import io.odpimporter.rules.InvalidRecordException;
import io.odpimporter.rules.Payload;
import io.odpimporter.rules.Rule;
import io.odpimporter.schema.RecordCheck;

import java.util.List;
import java.util.Optional;

/**
 * Judges one file's records as a real import would treat them, and as ODP would (docs/architecture.md, "Dry run"): a
 * row the reader could not frame and a record the rule's transform refuses would be parked; a mapped record is checked
 * against the target's live schema ({@link RecordCheck}); when the object does not exist every record would be refused
 * ({@code unknown-object}, said once per file with the count). A rule's error budget is judged as a real run judges
 * it, on the records it would park: a file it would stop is read up to that point, and the verdict says so. Not
 * thread-safe: one per file.
 */
final class FileJudge {

    private final Rule rule;
    private final BlobVersion version;
    private final LiveSchemas.Answer schema;
    private final ReportBuilder report;
    /** The rule's error budget as a real run judges it (only the records it would park count), null without one. */
    private final ErrorBudgetGate budget;
    /** What a real run would do about the file's budget: why it would stop or fail it, else null. */
    private String budgetVerdict;

    private Long stoppedAt;

    /**
     * @param schema the target object's live schema (not failed: a file whose schema could not be read is not read)
     */
    FileJudge(Rule rule, BlobVersion version, LiveSchemas.Answer schema, int examples) {
        this.rule = rule;
        this.version = version;
        this.schema = schema;
        this.report = new ReportBuilder(examples);
        this.budget = rule.budget().enabled() ? new ErrorBudgetGate(rule.budget(), examples) : null;
    }

    /**
     * @return false when a real run would stop the file here (over its rule's error budget while streaming): the
     *         dry run stops reading it too
     */
    boolean judge(SourceRecord element, String position) {
        Payload payload;
        try {
            if (element.problem() != null) {
                throw new InvalidRecordException(element.problem());
            }
            payload = rule.transform().transform(element.value(), version, element.index());
            if (budget != null) {
                budget.accepted();
            }
        } catch (InvalidRecordException e) {
            report.refused(position, element.index(), e);
            if (budget != null) {
                budget.refused(position, element.index(), e);
            }
            return withinBudget(element, position);
        }
        judgeMapped(element, position, payload);
        return withinBudget(element, position);
    }

    /** @return false, with the verdict, when a real run streaming the file would stop it after this record */
    private boolean withinBudget(SourceRecord element, String position) {
        if (budget == null || rule.budget().validateFirst() || !budget.overWhileStreaming()) {
            return true;
        }
        budgetVerdict = budget.stoppedAfter(position);
        stoppedAt = element.index();
        return false;
    }

    /**
     * @return what a real run would do about the whole file's budget once it is read (validated first: FAILED with
     *         nothing sent; streamed: FAILED at its end), or why it would stop it; empty within budget
     */
    Optional<String> budgetVerdict() {
        if (budgetVerdict == null && budget != null && budget.overAtEnd()) {
            budgetVerdict = rule.budget().validateFirst() ? budget.overWhenValidated() : budget.overAtItsEnd();
        }
        return Optional.ofNullable(budgetVerdict);
    }

    private void judgeMapped(SourceRecord element, String position, Payload payload) {
        if (schema.unknown()) {
            report.refusedOnce(
                    position,
                    element.index(),
                    new RecordCheck.Problem(
                            ProblemKind.UNKNOWN_OBJECT,
                            null,
                            null,
                            "the object " + rule.schema().object() + " does not exist in ODP (GET /v3/schema/objects/"
                                    + rule.schema().object() + " answered 404): every record of the file would be "
                                    + "refused"));
            return;
        }
        List<RecordCheck.Problem> problems = RecordCheck.check(rule.schema().kind(), payload.fields(), schema.schema());
        if (problems.isEmpty()) {
            report.accepted();
        } else {
            report.refused(position, element.index(), problems);
        }
    }

    /** @return records judged so far */
    long read() {
        return report.read();
    }

    FileReport build() {
        return report.build(stoppedAt);
    }
}
