package io.odpimporter.logging;

import io.odpimporter.domain.RunLogLine;
import org.jboss.logmanager.ExtHandler;
import org.jboss.logmanager.ExtLogRecord;

import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

/**
 * A log handler (on the {@code io.odpimporter} category) that turns the service's own log lines about a run into
 * {@link RunLogLine}s: a line belongs to the run in its {@link MdcKeys#RUN_ID} field, or to each run listed in
 * {@link MdcKeys#RUN_IDS} (a batch of several runs' records). Lines below the configured level, of other
 * categories or without a run are ignored.
 *
 * <p>Never blocks and never throws: {@code out} must not block (it hands the line to a channel that drops what it
 * cannot take), and a line logged while a line is being handed over on the same thread is ignored (no recursion).
 * At most {@code maxLinesPerRun} lines per run are handed over, its first and its last ones ({@link RunLogCap}): the
 * last ones when the run ends ({@link #runEnded}); each line left out in between is counted by {@code overCap}.
 */
public final class RunLogHandler extends ExtHandler {

    private final RunLogLine.Level minimum;
    private final Consumer<RunLogLine> out;
    private final Runnable overCap;
    private final ThreadLocal<Boolean> handing = ThreadLocal.withInitial(() -> false);
    private final RunLogCap cap;

    /**
     * @param minimum        lowest level kept
     * @param maxLinesPerRun lines handed over per run at most, its first and last ones ({@link RunLogCap})
     * @param instance       this replica's id, written on every line
     * @param out            takes each line; must not block
     * @param overCap        called for every line left out because its run reached the cap
     */
    public RunLogHandler(
            RunLogLine.Level minimum, int maxLinesPerRun, String instance, Consumer<RunLogLine> out, Runnable overCap) {
        this.minimum = minimum;
        this.out = out;
        this.overCap = overCap;
        this.cap = new RunLogCap(maxLinesPerRun, instance);
    }

    /** The run ended (every replica hears of it): its held-back last lines are handed over now. */
    public void runEnded(String runId) {
        List<RunLogLine> lines;
        synchronized (cap) {
            lines = cap.runEnded(runId);
        }
        handAll(lines);
    }

    /** Hands over the lines runs logged after their end (held back like their last lines). */
    public void flushEnded() {
        List<RunLogLine> lines;
        synchronized (cap) {
            lines = cap.flushEnded();
        }
        handAll(lines);
    }

    /** Hands over every held-back line (this replica stops). */
    public void flushAll() {
        List<RunLogLine> lines;
        synchronized (cap) {
            lines = cap.flushAll();
        }
        handAll(lines);
    }

    private void handAll(List<RunLogLine> lines) {
        if (lines.isEmpty()) {
            return;
        }
        boolean nested = handing.get();
        handing.set(true);
        try {
            for (RunLogLine line : lines) {
                try {
                    out.accept(line);
                } catch (RuntimeException e) {
                    reportError("Run log line not kept", e, 0);
                }
            }
        } finally {
            handing.set(nested);
        }
    }

    @Override
    protected void doPublish(ExtLogRecord record) {
        if (handing.get()) {
            return;
        }
        RunLogLine.Level level = RunLogLine.Level.of(record.getLevel());
        if (level.compareTo(minimum) < 0) {
            return;
        }
        String runId = record.getMdc(MdcKeys.RUN_ID);
        String runIds = record.getMdc(MdcKeys.RUN_IDS);
        if ((runId == null || runId.isEmpty()) && (runIds == null || runIds.isEmpty())) {
            return;
        }
        handing.set(true);
        try {
            String message = message(record);
            String blob = record.getMdc(MdcKeys.BLOB);
            String logger = shortName(record.getLoggerName());
            Instant at = record.getInstant();
            if (runId != null && !runId.isEmpty()) {
                hand(runId, at, level, message, blob, logger);
            } else {
                for (String one : runIds.split(",")) {
                    if (!one.isBlank()) {
                        hand(one.trim(), at, level, message, blob, logger);
                    }
                }
            }
        } catch (RuntimeException e) {
            reportError("Run log line not kept", e, 0);
        } finally {
            handing.set(false);
        }
    }

    private void hand(String runId, Instant at, RunLogLine.Level level, String message, String blob, String logger) {
        RunLogCap.Outcome outcome;
        synchronized (cap) {
            outcome = cap.add(runId, at, level, message, blob, logger);
        }
        if (outcome.leftOne()) {
            overCap.run();
        }
        for (RunLogLine line : outcome.write()) {
            out.accept(line);
        }
    }

    private static String message(ExtLogRecord record) {
        String message = record.getFormattedMessage();
        if (message == null) {
            message = "";
        }
        Throwable thrown = record.getThrown();
        if (thrown != null) {
            message = message + " (" + thrown + ")";
        }
        return message.length() <= RunLogLine.MAX_MESSAGE_CHARS
                ? message
                : message.substring(0, RunLogLine.MAX_MESSAGE_CHARS - 1) + "…";
    }

    private static String shortName(String logger) {
        if (logger == null) {
            return null;
        }
        int dot = logger.lastIndexOf('.');
        return dot < 0 ? logger : logger.substring(dot + 1);
    }
}
