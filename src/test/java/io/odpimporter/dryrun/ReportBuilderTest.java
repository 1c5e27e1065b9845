package io.odpimporter.dryrun;

import io.odpimporter.domain.FileReport;
import io.odpimporter.domain.ProblemKind;
import io.odpimporter.rules.InvalidRecordException;
import io.odpimporter.schema.RecordCheck;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ReportBuilderTest {

    @Test
    void countsEveryRecordAndKeepsTheFirstExamplesPerKindMostFrequentFirst() {
        ReportBuilder report = new ReportBuilder(2);
        report.accepted();
        for (int i = 1; i <= 3; i++) {
            report.refused(
                    "line " + (i + 1),
                    i,
                    List.of(new RecordCheck.Problem(ProblemKind.UNKNOWN_FIELD, "colour", "red", "no field colour")));
        }
        report.refused("line 5", 4, new InvalidRecordException(ProblemKind.UNPARSEABLE_NUMBER, "size", "not a number"));

        FileReport built = report.build(null);
        assertThat(built.read()).isEqualTo(5);
        assertThat(built.wouldBeAccepted()).isEqualTo(1);
        assertThat(built.invalid()).isEqualTo(4);
        assertThat(built.stoppedAt()).isNull();
        assertThat(built.problems())
                .extracting(FileReport.ProblemCount::kind)
                .containsExactly("unknown-field", "unparseable-number");
        FileReport.ProblemCount unknown = built.problems().get(0);
        assertThat(unknown.count()).isEqualTo(3);
        assertThat(unknown.examples()).extracting(FileReport.Example::position).containsExactly("line 2", "line 3");
    }

    @Test
    void aRecordWithTwoProblemsCountsOnceAsInvalid() {
        ReportBuilder report = new ReportBuilder(5);
        report.refused(
                "index 0",
                0,
                List.of(
                        new RecordCheck.Problem(ProblemKind.UNKNOWN_FIELD, "a", "1", "no a"),
                        new RecordCheck.Problem(ProblemKind.TYPE_MISMATCH, "b", "x", "not a number")));
        assertThat(report.invalid()).isEqualTo(1);
        assertThat(report.build(0L).problems()).hasSize(2);
        assertThat(report.build(0L).stoppedAt()).isZero();
    }

    @Test
    void aWholeFileProblemIsCountedPerRecordAndShownOnce() {
        ReportBuilder report = new ReportBuilder(5);
        RecordCheck.Problem unknown = new RecordCheck.Problem(
                ProblemKind.UNKNOWN_OBJECT, null, null, "the object orders does not exist in ODP");
        report.refusedOnce("line 2 (byte 10)", 0, unknown);
        report.refusedOnce("line 3 (byte 20)", 1, unknown);
        report.refusedOnce("line 4 (byte 30)", 2, unknown);
        FileReport built = report.build(null);
        assertThat(built.read()).isEqualTo(3);
        assertThat(built.wouldBeAccepted()).isZero();
        assertThat(built.problems()).singleElement().satisfies(p -> {
            assertThat(p.kind()).isEqualTo("unknown-object");
            assertThat(p.count()).isEqualTo(3);
            assertThat(p.examples())
                    .singleElement()
                    .extracting(FileReport.Example::position)
                    .isEqualTo("line 2 (byte 10)");
        });
    }
}
