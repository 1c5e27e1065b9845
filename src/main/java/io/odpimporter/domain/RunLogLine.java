package io.odpimporter.domain;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;
import java.util.Locale;

/**
 * One log line of a run, as {@code GET /jobs/offline_store_import/runs/{id}/logs} lists it: value of the run-logs
 * topic, key = {@code runId}.
 *
 * @param schemaVersion {@link #SCHEMA_VERSION}
 * @param runId         the run the line is about
 * @param at            when it was logged
 * @param level         DEBUG, INFO, WARN or ERROR
 * @param message       the line as the service logged it (an exception's class and message appended), at most
 *                      {@value #MAX_MESSAGE_CHARS} characters
 * @param blob          the blob a file import's line is about, or null
 * @param logger        the logging class, without the package (e.g. {@code FileImporter})
 * @param instance      the replica that logged it
 * @param seq           the replica's line counter: orders lines logged in the same millisecond
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RunLogLine(
        int schemaVersion,
        String runId,
        Instant at,
        String level,
        String message,
        String blob,
        String logger,
        String instance,
        long seq) {

    public static final int SCHEMA_VERSION = 1;

    /** Longest message kept; longer ones are cut and end with an ellipsis. */
    public static final int MAX_MESSAGE_CHARS = 8192;

    /** Levels a line can have, lowest first. */
    public enum Level {
        DEBUG,
        INFO,
        WARN,
        ERROR;

        /** @return the level of a {@code java.util.logging} level (FATAL counts as ERROR, TRACE as DEBUG) */
        public static Level of(java.util.logging.Level level) {
            int value = level.intValue();
            if (value >= org.jboss.logmanager.Level.ERROR.intValue()) {
                return ERROR;
            }
            if (value >= org.jboss.logmanager.Level.WARN.intValue()) {
                return WARN;
            }
            if (value >= org.jboss.logmanager.Level.INFO.intValue()) {
                return INFO;
            }
            return DEBUG;
        }

        /** @return the level named {@code text} in any case; throws {@link IllegalArgumentException} otherwise */
        public static Level parse(String text) {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        }
    }
}
