package io.odpimporter.logging;

import org.jboss.logging.MDC;

import java.util.Collection;
import java.util.TreeSet;

/**
 * Puts a run (or several) into the logging MDC for a block and restores what was there before:
 * {@code try (RunMdc ignored = RunMdc.of(runId)) { LOG.infof(...); }}. Lines logged inside carry the run id as a
 * structured field and are kept in the run's log ({@link RunLogHandler}).
 */
public final class RunMdc implements AutoCloseable {

    private final String key;
    private final Object previous;

    private RunMdc(String key, String value) {
        this.key = key;
        this.previous = MDC.get(key);
        if (value != null && !value.isEmpty()) {
            MDC.put(key, value);
        }
    }

    /** @return a scope in which lines belong to run {@code runId} (none if null) */
    public static RunMdc of(String runId) {
        return new RunMdc(MdcKeys.RUN_ID, runId);
    }

    /** @return a scope in which lines belong to each of {@code runIds} (a batch of several runs' records) */
    public static RunMdc ofAll(Collection<String> runIds) {
        TreeSet<String> runs = new TreeSet<>();
        runIds.stream().filter(r -> r != null && !r.isEmpty()).forEach(runs::add);
        return runs.size() == 1 ? of(runs.first()) : new RunMdc(MdcKeys.RUN_IDS, String.join(",", runs));
    }

    @Override
    public void close() {
        if (previous == null) {
            MDC.remove(key);
        } else {
            MDC.put(key, previous);
        }
    }
}
