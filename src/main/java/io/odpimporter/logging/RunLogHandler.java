package io.odpimporter.logging;

import org.jboss.logmanager.ExtHandler;
import org.jboss.logmanager.ExtLogRecord;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * A log handler (on the {@code io.odpimporter} category) that turns the service's own log lines about a run into
 * {@link RunLogLine}s: a line belongs to the run in its {@link MdcKeys#RUN_ID} field, or to each run listed in
 * {@link MdcKeys#RUN_IDS} (a batch of several runs' records). Lines below the configured level, of other
 * categories or without a run are ignored.
 *
 * <p>Never blocks and never throws: {@code out} must not block (it hands the line to a channel that drops what it
 * cannot take), and a line logged while a line is being handed over on the same thread is ignored (no recursion).
 * At most {@code maxLinesPerRun} lines per run are handed over; the line that reaches the cap is replaced by one
 * saying so, later ones are only counted by {@code dropped}.
 */
public final class RunLogHandler extends ExtHandler {

    /** Runs whose line counts are remembered; the least recently logged ones are forgotten beyond it. */
    static final int TRACKED_RUNS = 10_000;

    private final RunLogLine.Level minimum;
    private final int maxLinesPerRun;
    private final String instance;
    private final Consumer<RunLogLine> out;
    private final Runnable overCap;
    private final AtomicLong seq = new AtomicLong();
    private final ThreadLocal<Boolean> handing = ThreadLocal.withInitial(() -> false);
    private final Map<String, int[]> linesPerRun = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, int[]> eldest) {
            return size() > TRACKED_RUNS;
        }
    };

    /**
     * @param minimum        lowest level kept
     * @param maxLinesPerRun lines handed over per run at most (the last one says the cap was reached)
     * @param instance       this replica's id, written on every line
     * @param out            takes each line; must not block
     * @param overCap        called for every line left out because its run reached the cap
     */
    public RunLogHandler(RunLogLine.Level minimum, int maxLinesPerRun, String instance, Consumer<RunLogLine> out,
                         Runnable overCap) {
        this.minimum = minimum;
        this.maxLinesPerRun = maxLinesPerRun;
        this.instance = instance;
        this.out = out;
        this.overCap = overCap;
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
        int count;
        synchronized (linesPerRun) {
            int[] lines = linesPerRun.computeIfAbsent(runId, k -> new int[1]);
            count = ++lines[0];
        }
        if (count > maxLinesPerRun) {
            overCap.run();
            return;
        }
        if (count == maxLinesPerRun) {
            level = RunLogLine.Level.WARN;
            message = "The log of run " + runId + " reached its cap of " + maxLinesPerRun + " lines on " + instance
                    + " (importer.run-logs.max-lines-per-run): later lines of this run are only in the service's "
                    + "own log";
            blob = null;
        }
        out.accept(new RunLogLine(RunLogLine.SCHEMA_VERSION, runId, at, level.name(), message, blob, logger,
                instance, seq.incrementAndGet()));
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
        return message.length() <= RunLogLine.MAX_MESSAGE_CHARS ? message
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
