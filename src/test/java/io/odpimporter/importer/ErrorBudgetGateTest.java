package io.odpimporter.importer;

import io.odpimporter.domain.FileFormat;
import io.odpimporter.domain.FileReport;
import io.odpimporter.importer.read.SourceRecord;
import io.odpimporter.rules.ErrorBudget;
import io.odpimporter.rules.InvalidRecordException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The error budget's judgement of one file (docs/configuration.md, "Error budget"): the minimum before a streaming
 * judgement, strictly over the ratio, the whole file at its end, exactly at the ratio, a resume's counts, the messages
 * and the report.
 */
class ErrorBudgetGateTest {

    private static final FileFormat CSV = FileFormat.parse("csv");

    /** Feeds {@code valid} accepted then {@code invalid} refused records (CSV lines after a header). */
    private static ErrorBudgetGate feed(ErrorBudgetGate gate, int valid, int invalid) {
        long next = gate.read();
        for (int i = 0; i < valid; i++) {
            gate.accepted();
            next++;
        }
        for (int i = 0; i < invalid; i++) {
            gate.refused(CSV, row(next++), new InvalidRecordException("primary key order_id is blank"));
        }
        return gate;
    }

    private static SourceRecord row(long index) {
        return SourceRecord.of(index, index + 2, index * 10, 9, null);
    }

    private static ErrorBudgetGate gate(double ratio, long min) {
        return new ErrorBudgetGate(new ErrorBudget(ratio, min, false), 3);
    }

    @Test
    void nothingIsJudgedBeforeTheMinimumWhileStreaming() {
        ErrorBudgetGate gate = feed(gate(0.1, 10), 0, 9);

        assertThat(gate.overWhileStreaming()).isFalse();
        feed(gate, 0, 1);
        assertThat(gate.overWhileStreaming()).isTrue();
    }

    @Test
    void overMeansStrictlyMoreThanTheRatio() {
        ErrorBudgetGate atRatio = feed(gate(0.1, 10), 9, 1);
        ErrorBudgetGate over = feed(gate(0.1, 10), 8, 2);

        assertThat(atRatio.overWhileStreaming()).isFalse();
        assertThat(atRatio.overAtEnd()).isFalse();
        assertThat(over.overWhileStreaming()).isTrue();
    }

    @Test
    void exactlyAtARatioThatIsNotExactInBinaryPasses() {
        // 0.29 × 100 is 28.999999999999996 in double arithmetic: 29 invalid of 100 is exactly at 29 %
        ErrorBudgetGate gate = feed(gate(0.29, 100), 71, 29);

        assertThat(gate.overWhileStreaming()).isFalse();
        feed(gate, 0, 1);
        assertThat(gate.overWhileStreaming()).isTrue();
    }

    @Test
    void aFileShorterThanTheMinimumIsJudgedWholeAtItsEnd() {
        ErrorBudgetGate gate = feed(gate(0.01, 100), 3, 1);

        assertThat(gate.overWhileStreaming()).isFalse();
        assertThat(gate.overAtEnd()).isTrue();
        assertThat(gate.overAtItsEnd())
                .isEqualTo("read to its end: 1 of 4 records invalid (25.0 %), over the rule's budget of 1 %; its 3 "
                        + "valid records were imported");
    }

    @Test
    void anEmptyFileIsNeverOver() {
        assertThat(gate(0, 1).overAtEnd()).isFalse();
    }

    @Test
    void aZeroRatioStopsAtTheFirstInvalidRecordOnceTheMinimumIsRead() {
        ErrorBudgetGate gate = feed(gate(0, 1), 5, 0);

        assertThat(gate.overWhileStreaming()).isFalse();
        feed(gate, 0, 1);
        assertThat(gate.overWhileStreaming()).isTrue();
    }

    @Test
    void withoutABudgetNothingIsEverOver() {
        ErrorBudgetGate gate = feed(new ErrorBudgetGate(ErrorBudget.OFF, 3), 0, 500);

        assertThat(gate.overWhileStreaming()).isFalse();
        assertThat(gate.overAtEnd()).isFalse();
    }

    @Test
    void aResumeCountsTheRecordsBeforeTheProgressMark() {
        // 100 read before the mark, 9 of them parked: one more invalid record tips 10 % over
        ErrorBudgetGate gate = gate(0.1, 10).resumedAfter(100, 9);
        feed(gate, 0, 1);
        assertThat(gate.overWhileStreaming()).isFalse();
        feed(gate, 0, 1);

        assertThat(gate.overWhileStreaming()).isTrue();
        FileReport report = gate.report(101L);
        assertThat(report.read()).isEqualTo(102);
        assertThat(report.invalid()).isEqualTo(11);
        assertThat(report.problems().get(0).count()).isEqualTo(2);
    }

    @Test
    void theStopSaysWhereHowManyAndWhatWasImported() {
        ErrorBudgetGate gate = feed(gate(0.01, 100), 199, 31);

        assertThat(gate.overWhileStreaming()).isTrue();
        assertThat(gate.stoppedAt(CSV, SourceRecord.of(229, 230, 2290, 9, null)))
                .isEqualTo("stopped after line 230: 31 of 230 records invalid (13.5 %), over the rule's budget of 1 %; "
                        + "the 199 valid records up to it were imported");
        assertThat(gate.stoppedAt(FileFormat.JSON_ARRAY, SourceRecord.of(229, 230, 2290, 9, null)))
                .startsWith("stopped after index 229: ");
        assertThat(gate.overWhenValidated())
                .isEqualTo("validated before import: 31 of 230 records invalid (13.5 %), over the rule's budget of "
                        + "1 %; nothing was sent");
    }

    @Test
    void theReportCountsTheFileWithTheFirstExamplesAndTheStop() {
        ErrorBudgetGate gate = feed(gate(0.1, 10), 6, 4);

        FileReport report = gate.report(9L);

        assertThat(report.read()).isEqualTo(10);
        assertThat(report.wouldBeAccepted()).isEqualTo(6);
        assertThat(report.stoppedAt()).isEqualTo(9L);
        assertThat(report.problems()).hasSize(1);
        FileReport.ProblemCount problems = report.problems().get(0);
        assertThat(problems.count()).isEqualTo(4);
        assertThat(problems.examples()).hasSize(3);
        assertThat(problems.examples().get(0).position()).isEqualTo("line 8 (byte 60)");
        assertThat(problems.examples().get(0).index()).isEqualTo(6);
        assertThat(problems.examples().get(0).reason()).isEqualTo("primary key order_id is blank");
    }
}
