package io.odpimporter.logging;

import io.odpimporter.domain.RunLogLine;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The cap of a run's log on one replica ({@code importer.run-logs.max-lines-per-run}, N): it keeps a run's first
 * and last lines and says how many it left out in between. Each replica caps the lines it logs itself; a run whose
 * lines come from several replicas has each replica's first and last lines, and each replica says how many of its
 * own it left out.
 *
 * <ul>
 *   <li>the <b>head</b>: the first {@link #headLines()} lines (N − K − 2) are written as they come;</li>
 *   <li>the line after the head brings a <b>notice</b> (WARN) that the cap is reached and only the last lines are
 *       kept from here on;</li>
 *   <li>the <b>tail</b>: later lines are held back, the newest {@link #tailLines()} (K, a tenth of N, at least 1);
 *       each older one pushed out of it is <b>left out</b> (counted);</li>
 *   <li>when the run ends ({@link #runEnded}), the held-back lines are written: first, if any were left out, a
 *       <b>marker</b> (WARN, placed where the last left-out line was: its time and line counter) saying exactly how
 *       many; then the tail. So a run's log holds at most N lines per replica, its last line among them.</li>
 * </ul>
 * Lines a run logs after its end are held back the same way and written by {@link #flushEnded} (at most K + 1 at a
 * time); {@link #flushAll} writes every held-back line (the replica stops). Held-back lines are lost if the replica
 * dies; every line is always in the service's own log. Not thread-safe: {@link RunLogHandler} holds its lock.
 */
final class RunLogCap {

    /** Runs whose lines are remembered; the least recently logged one is flushed and forgotten beyond it. */
    static final int TRACKED_RUNS = 10_000;

    /** What one line led to: lines to write now, and whether a held-back line was left out. */
    record Outcome(List<RunLogLine> write, boolean leftOne) {}

    /** One run's lines on this replica. */
    private static final class RunLines {
        int written;
        boolean capped;
        boolean ended;
        final ArrayDeque<RunLogLine> tail = new ArrayDeque<>();
        long leftOut;
        RunLogLine lastLeftOut;
    }

    private final int maxLines;
    private final int tail;
    private final int head;
    private final String instance;
    private final Map<String, RunLines> runs = new LinkedHashMap<>(64, 0.75f, true);
    private long seq;

    /**
     * @param maxLines lines of a run written per replica at most (N, at least 1; below 12 the notice, the marker
     *                 and one line of the tail are still written)
     * @param instance this replica's id, written on every line
     */
    RunLogCap(int maxLines, String instance) {
        this.maxLines = maxLines;
        this.tail = Math.max(1, maxLines / 10);
        this.head = Math.max(0, maxLines - tail - 2);
        this.instance = instance;
    }

    /** @return the first lines of a run written as they come (N − K − 2) */
    int headLines() {
        return head;
    }

    /** @return the last lines of a run kept once its head is full (K) */
    int tailLines() {
        return tail;
    }

    /** Takes one line of a run: written now (head, or the notice with the line held back), or held back. */
    Outcome add(String runId, Instant at, RunLogLine.Level level, String message, String blob, String logger) {
        List<RunLogLine> write = new ArrayList<>(2);
        RunLines lines = runs.get(runId);
        if (lines == null) {
            lines = new RunLines();
            runs.put(runId, lines);
            if (runs.size() > TRACKED_RUNS) {
                Iterator<Map.Entry<String, RunLines>> eldest = runs.entrySet().iterator();
                Map.Entry<String, RunLines> forgotten = eldest.next();
                eldest.remove();
                drain(forgotten.getKey(), forgotten.getValue(), write);
            }
        }
        if (lines.written < head) {
            lines.written++;
            write.add(line(runId, at, level, message, blob, logger, ++seq));
            return new Outcome(write, false);
        }
        if (!lines.capped) {
            lines.capped = true;
            write.add(line(
                    runId,
                    at,
                    RunLogLine.Level.WARN,
                    "The log of run " + runId + " reached " + head
                            + " lines on " + instance + " (importer.run-logs.max-lines-per-run=" + maxLines
                            + "): from here on"
                            + " only its last " + tail
                            + " line(s) are kept, written when the run ends after a line saying how"
                            + " many were left out; every line is in the service's own log",
                    null,
                    "RunLogs",
                    ++seq));
        }
        lines.tail.addLast(line(runId, at, level, message, blob, logger, ++seq));
        if (lines.tail.size() <= tail) {
            return new Outcome(write, false);
        }
        lines.lastLeftOut = lines.tail.removeFirst();
        lines.leftOut++;
        return new Outcome(write, true);
    }

    /** The run ended: its held-back lines, to write now (the marker first if lines were left out). */
    List<RunLogLine> runEnded(String runId) {
        RunLines lines = runs.get(runId);
        List<RunLogLine> write = new ArrayList<>();
        if (lines != null) {
            lines.ended = true;
            drain(runId, lines, write);
        }
        return write;
    }

    /** @return the lines held back for runs that ended (logged after their end), to write now */
    List<RunLogLine> flushEnded() {
        List<RunLogLine> write = new ArrayList<>();
        runs.forEach((runId, lines) -> {
            if (lines.ended) {
                drain(runId, lines, write);
            }
        });
        return write;
    }

    /** @return every held-back line of every run, to write now (the replica stops) */
    List<RunLogLine> flushAll() {
        List<RunLogLine> write = new ArrayList<>();
        runs.forEach((runId, lines) -> drain(runId, lines, write));
        return write;
    }

    private void drain(String runId, RunLines lines, List<RunLogLine> write) {
        if (lines.leftOut > 0) {
            RunLogLine last = lines.lastLeftOut;
            write.add(new RunLogLine(
                    RunLogLine.SCHEMA_VERSION,
                    runId,
                    last.at(),
                    RunLogLine.Level.WARN.name(),
                    "… " + lines.leftOut + " line(s) of run " + runId + " left out here on " + instance
                            + " (importer.run-logs.max-lines-per-run=" + maxLines + " keeps a run's first " + head
                            + " and last " + tail + " line(s) per replica; all are in the service's own log) …",
                    null,
                    "RunLogs",
                    instance,
                    last.seq()));
        }
        write.addAll(lines.tail);
        lines.tail.clear();
        lines.leftOut = 0;
        lines.lastLeftOut = null;
    }

    private RunLogLine line(
            String runId, Instant at, RunLogLine.Level level, String message, String blob, String logger, long number) {
        return new RunLogLine(
                RunLogLine.SCHEMA_VERSION, runId, at, level.name(), message, blob, logger, instance, number);
    }
}
