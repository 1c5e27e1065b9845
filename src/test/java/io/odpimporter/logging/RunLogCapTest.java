package io.odpimporter.logging;

import io.odpimporter.domain.RunLogLine;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** The cap of a run's log on one replica: first lines, last lines, and how many were left out between them. */
class RunLogCapTest {

    private static final Instant T0 = Instant.parse("2026-12-04T12:00:00Z");

    private final List<RunLogLine> written = new ArrayList<>();
    private int leftOut;

    private void log(RunLogCap cap, String runId, int lines, int from) {
        for (int i = from; i < from + lines; i++) {
            RunLogCap.Outcome outcome =
                    cap.add(runId, T0.plusMillis(i), RunLogLine.Level.INFO, "line " + i, null, "FileImporter");
            written.addAll(outcome.write());
            leftOut += outcome.leftOne() ? 1 : 0;
        }
    }

    /** @return the lines as the reader lists them: by time, then replica, then line counter */
    private List<String> read() {
        return written.stream()
                .sorted(Comparator.comparing(RunLogLine::at)
                        .thenComparing(RunLogLine::instance)
                        .thenComparingLong(RunLogLine::seq))
                .map(RunLogLine::message)
                .toList();
    }

    @Test
    void aTenthOfTheCapIsTheTailAndTheHeadLeavesRoomForTheNoticeAndTheMarker() {
        RunLogCap hundred = new RunLogCap(100, "replica-1");
        assertThat(hundred.tailLines()).isEqualTo(10);
        assertThat(hundred.headLines()).isEqualTo(88);
        RunLogCap one = new RunLogCap(1, "replica-1");
        assertThat(one.tailLines()).isEqualTo(1);
        assertThat(one.headLines()).isZero();
    }

    @Test
    void aRunUnderItsHeadIsWrittenAsItComesAndNothingIsHeldBack() {
        RunLogCap cap = new RunLogCap(100, "replica-1");
        log(cap, "run-1", 88, 0);
        assertThat(written).hasSize(88);
        assertThat(cap.runEnded("run-1")).isEmpty();
        assertThat(leftOut).isZero();
    }

    @Test
    void aRunOverItsCapKeepsItsFirstAndLastLinesAndSaysExactlyHowManyWereLeftOutBetween() {
        RunLogCap cap = new RunLogCap(100, "replica-1");
        log(cap, "run-1", 250, 0);
        // while the run goes on: its head and the notice
        assertThat(written).hasSize(89);
        assertThat(written.get(88).level()).isEqualTo("WARN");
        assertThat(written.get(88).message())
                .startsWith("The log of run run-1 reached 88 lines on replica-1 "
                        + "(importer.run-logs.max-lines-per-run=100): from here on only its last 10 line(s) are kept");

        written.addAll(cap.runEnded("run-1"));

        List<String> log = read();
        assertThat(log).hasSize(100);
        assertThat(log.subList(0, 88))
                .containsExactlyElementsOf(
                        IntStream.range(0, 88).mapToObj(i -> "line " + i).toList());
        assertThat(log.get(88)).startsWith("The log of run run-1 reached 88 lines");
        // 250 lines: 88 in the head, 10 in the tail, 152 left out
        assertThat(log.get(89)).isEqualTo(marker("run-1", 152, "replica-1", 100));
        assertThat(log.subList(90, 100))
                .containsExactlyElementsOf(
                        IntStream.range(240, 250).mapToObj(i -> "line " + i).toList());
        assertThat(leftOut).isEqualTo(152);
        assertThat(written).extracting(RunLogLine::seq).doesNotHaveDuplicates();
    }

    @Test
    void theMarkerTakesThePlaceOfTheLastLeftOutLine() {
        RunLogCap cap = new RunLogCap(100, "replica-1");
        log(cap, "run-1", 120, 0);
        List<RunLogLine> flushed = cap.runEnded("run-1");
        RunLogLine marker = flushed.get(0);
        assertThat(marker.message()).startsWith("… 22 line(s) of run run-1 left out");
        assertThat(marker.at()).isEqualTo(T0.plusMillis(109)); // line 109 was the last left out
        assertThat(flushed.get(1).message()).isEqualTo("line 110");
        assertThat(marker.seq())
                .isLessThan(flushed.get(1).seq())
                .isGreaterThan(written.get(88).seq());
    }

    @Test
    void aRunThatFillsItsTailExactlyHasNoMarker() {
        RunLogCap cap = new RunLogCap(100, "replica-1");
        log(cap, "run-1", 98, 0);
        List<RunLogLine> flushed = cap.runEnded("run-1");
        assertThat(flushed).extracting(RunLogLine::message).hasSize(10).first().isEqualTo("line 88");
        assertThat(leftOut).isZero();
    }

    @Test
    void linesLoggedAfterTheEndAreHeldBackAndWrittenByTheEndedFlushWithTheirOwnCount() {
        RunLogCap cap = new RunLogCap(100, "replica-1");
        log(cap, "run-1", 150, 0);
        written.addAll(cap.runEnded("run-1"));
        log(cap, "run-open", 120, 1000); // a run that has not ended: its tail stays held back
        int before = written.size();
        log(cap, "run-1", 13, 200);
        assertThat(written).hasSize(before); // no new head, no second notice

        List<RunLogLine> late = cap.flushEnded();
        assertThat(late).extracting(RunLogLine::runId).containsOnly("run-1");
        assertThat(late)
                .extracting(RunLogLine::message)
                .hasSize(11)
                .endsWith("line 212")
                .first()
                .asString()
                .startsWith("… 3 line(s) of run run-1 left out here");
        assertThat(cap.flushEnded()).isEmpty();
        assertThat(cap.flushAll())
                .extracting(RunLogLine::runId)
                .containsOnly("run-open")
                .hasSize(11);
    }

    @Test
    void eachReplicaCapsItsOwnLinesAndSaysHowManyOfItsOwnItLeftOut() {
        RunLogCap a = new RunLogCap(100, "replica-a");
        RunLogCap b = new RunLogCap(100, "replica-b");
        log(a, "run-1", 130, 0);
        log(b, "run-1", 99, 10_000);
        written.addAll(a.runEnded("run-1"));
        written.addAll(b.runEnded("run-1"));
        assertThat(written).filteredOn(l -> l.instance().equals("replica-a")).hasSize(100);
        assertThat(written).filteredOn(l -> l.instance().equals("replica-b")).hasSize(100);
        assertThat(written)
                .extracting(RunLogLine::message)
                .filteredOn(m -> m.startsWith("…"))
                .containsExactlyInAnyOrder(marker("run-1", 32, "replica-a", 100), marker("run-1", 1, "replica-b", 100));
    }

    /** @return the line saying how many lines a replica left out of a run capped at {@code max} */
    private static String marker(String runId, int leftOut, String replica, int max) {
        RunLogCap cap = new RunLogCap(max, replica);
        return "… " + leftOut + " line(s) of run " + runId + " left out here on " + replica
                + " (importer.run-logs.max-lines-per-run=" + max + " keeps a run's first " + cap.headLines()
                + " and last " + cap.tailLines() + " line(s) per replica; all are in the service's own log) …";
    }

    @Test
    void theLeastRecentlyLoggedRunIsFlushedWhenForgotten() {
        RunLogCap cap = new RunLogCap(3, "replica-1"); // head 0: every line is held back
        log(cap, "run-0", 2, 0);
        written.clear();
        for (int i = 1; i <= RunLogCap.TRACKED_RUNS; i++) {
            cap.add("run-" + i, T0, RunLogLine.Level.INFO, "x", null, null)
                    .write()
                    .forEach(written::add);
        }
        assertThat(written)
                .filteredOn(l -> l.runId().equals("run-0"))
                .extracting(RunLogLine::message)
                .containsExactly(marker("run-0", 1, "replica-1", 3), "line 1");
    }
}
