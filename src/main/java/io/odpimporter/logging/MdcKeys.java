package io.odpimporter.logging;

/**
 * Keys of the structured fields (logging MDC) on the pipeline's log lines: in the {@code prod} profile's JSON logs
 * they appear under {@code mdc}, e.g. {@code "mdc":{"runId":"run-20261129T060000Z-1a2b3c4d","blob":"a/b.json"}}.
 * Lines with a run are also kept per run ({@link RunLogHandler}).
 */
public final class MdcKeys {
    /** The run a log line belongs to (sweeps and file imports). */
    public static final String RUN_ID = "runId";
    /**
     * The runs a log line belongs to, comma-separated, when it is about several (a batch holding records of several
     * runs); a line has either this or {@link #RUN_ID}.
     */
    public static final String RUN_IDS = "runIds";
    /** The blob a file import's log line is about. */
    public static final String BLOB = "blob";

    private MdcKeys() {}
}
