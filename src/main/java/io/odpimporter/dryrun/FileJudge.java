package io.odpimporter.dryrun;

import io.odpimporter.domain.BlobVersion;
import io.odpimporter.domain.FileReport;
import io.odpimporter.domain.ProblemKind;
import io.odpimporter.importer.read.SourceRecord;
import io.odpimporter.rules.InvalidRecordException;
import io.odpimporter.rules.Payload;
import io.odpimporter.rules.Rule;
import io.odpimporter.schema.RecordCheck;

import java.util.List;

/**
 * Judges one file's records as a real import would treat them, and as ODP would (docs/architecture.md, "Dry run"): a
 * row the reader could not frame and a record the rule's transform refuses would be parked; a mapped record is checked
 * against the target's live schema ({@link RecordCheck}); when the object does not exist every record would be refused
 * ({@code unknown-object}, said once per file with the count). Not thread-safe: one per file.
 */
final class FileJudge {

    private final Rule rule;
    private final BlobVersion version;
    private final LiveSchemas.Answer schema;
    private final ReportBuilder report;

    /**
     * @param schema the target object's live schema (not failed: a file whose schema could not be read is not read)
     */
    FileJudge(Rule rule, BlobVersion version, LiveSchemas.Answer schema, int examples) {
        this.rule = rule;
        this.version = version;
        this.schema = schema;
        this.report = new ReportBuilder(examples);
    }

    void judge(SourceRecord element, String position) {
        Payload payload;
        try {
            if (element.problem() != null) {
                throw new InvalidRecordException(element.problem());
            }
            payload = rule.transform().transform(element.value(), version, element.index());
        } catch (InvalidRecordException e) {
            report.refused(position, element.index(), e);
            return;
        }
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
        return report.build(null);
    }
}
