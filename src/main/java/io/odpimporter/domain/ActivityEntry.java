package io.odpimporter.domain;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;
import java.util.Locale;
import java.util.Map;

/**
 * One entry of the activity log (the successor of OCP's notifier): value of the activity topic, key = {@code id}.
 *
 * @param schemaVersion {@link #SCHEMA_VERSION}
 * @param id            stable for one occurrence (e.g. {@code run-end/<runId>}), so an entry written twice is
 *                      listed once
 * @param at            when it happened
 * @param level         INFO, SUCCESS, WARN or ERROR
 * @param activity      what kind: {@code import} (run ends), {@code file} (a file parked as bad),
 *                      {@code configuration} (ODP refuses the key or object type)
 * @param title         one line, e.g. {@code Offline Store Import complete}
 * @param summary       one or two sentences with the figures
 * @param details       name to value: run id, blob, position, reason, counts
 * @param runId         the run it belongs to, or null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ActivityEntry(
        int schemaVersion,
        String id,
        Instant at,
        Level level,
        String activity,
        String title,
        String summary,
        Map<String, Object> details,
        String runId) {

    public static final int SCHEMA_VERSION = 1;

    /** Levels, lowest first; notifications go out for entries at or above the configured one. */
    public enum Level {
        INFO,
        SUCCESS,
        WARN,
        ERROR;

        /** @return the level named {@code text} in any case; throws {@link IllegalArgumentException} otherwise */
        public static Level parse(String text) {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        }
    }
}
