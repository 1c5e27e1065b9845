package io.odpimporter.logging;

import io.quarkus.logging.LoggingFilter;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logmanager.ExtLogRecord;

import java.util.HashMap;
import java.util.Map;
import java.util.logging.Filter;
import java.util.logging.LogRecord;

/**
 * Takes every secret out of a log record before a handler writes it ({@link Redactor}): the formatted message, its
 * parameters, the MDC and NDC values, and the messages of the exception's cause chain. It lets every record
 * through (it only rewrites). Installed on every handler by {@code application.properties}
 * ({@code quarkus.log.console.filter}, {@code quarkus.log.file.filter}, syslog and socket too, the JSON console
 * included: it is the same handler) and on the run-log handler ({@link RunLogs}), so no line reaches a log, at
 * any level and from any library, with a configured secret in it. Quarkus creates it when it sets up logging, from
 * the runtime configuration; lines logged earlier wait in Quarkus's delayed handler and pass through it too.
 */
@LoggingFilter(name = RedactingFilter.NAME)
public final class RedactingFilter implements Filter {

    /** The name {@code quarkus.log.*.filter} refers to. */
    public static final String NAME = "redact-secrets";

    private final Redactor redactor;

    /** The secrets of the application's configuration ({@link SecretValues}). */
    public RedactingFilter() {
        this(SecretValues.redactorOf(ConfigProvider.getConfig()));
    }

    public RedactingFilter(Redactor redactor) {
        this.redactor = redactor;
    }

    @Override
    public boolean isLoggable(LogRecord record) {
        try {
            rewrite(record);
        } catch (RuntimeException e) {
            // a parameter's toString() failed: the line cannot be checked, so only its origin is written (the
            // exception's own message might hold what it failed on)
            record.setParameters(null);
            record.setMessage("(log line withheld: it could not be checked for secrets: "
                    + e.getClass().getName() + ")");
            record.setThrown(null);
        }
        return true;
    }

    private void rewrite(LogRecord record) {
        Object[] parameters = record.getParameters();
        Object[] redactedParameters = redact(parameters);
        if (record instanceof ExtLogRecord ext) {
            String formatted = ext.getFormattedMessage();
            String redacted = redactor.redact(formatted);
            if (redactedParameters != parameters || (redacted != null && !redacted.equals(formatted))) {
                // the formatted line without secrets, written as is (no format, no resource bundle look-up)
                ext.setMessage(redacted, ExtLogRecord.FormatStyle.NO_FORMAT);
                ext.setResourceBundle(null);
                ext.setParameters(redactedParameters);
            }
            redactMdc(ext);
        } else {
            String message = record.getMessage();
            String redacted = redactor.redact(message);
            if (redacted != null && !redacted.equals(message)) {
                record.setMessage(redacted);
            }
            if (redactedParameters != parameters) {
                record.setParameters(redactedParameters);
            }
        }
        Throwable thrown = record.getThrown();
        Throwable redactedThrown = redactor.redact(thrown);
        if (redactedThrown != thrown) {
            record.setThrown(redactedThrown);
        }
    }

    /** @return {@code parameters} itself if none holds a secret, else a copy with those as redacted text */
    private Object[] redact(Object[] parameters) {
        if (parameters == null) {
            return null;
        }
        Object[] copy = null;
        for (int i = 0; i < parameters.length; i++) {
            Object parameter = parameters[i];
            if (parameter == null || parameter instanceof Number || parameter instanceof Boolean) {
                continue;
            }
            String text = String.valueOf(parameter);
            String redacted = redactor.redact(text);
            if (!redacted.equals(text)) {
                if (copy == null) {
                    copy = parameters.clone();
                }
                copy[i] = redacted;
            }
        }
        return copy == null ? parameters : copy;
    }

    private void redactMdc(ExtLogRecord record) {
        Map<String, String> mdc = record.getMdcCopy();
        Map<String, String> redacted = null;
        for (Map.Entry<String, String> entry : mdc.entrySet()) {
            String value = redactor.redact(entry.getValue());
            if (value != null && !value.equals(entry.getValue())) {
                if (redacted == null) {
                    redacted = new HashMap<>(mdc);
                }
                redacted.put(entry.getKey(), value);
            }
        }
        if (redacted != null) {
            record.setMdc(redacted);
        }
        String ndc = record.getNdc();
        String redactedNdc = redactor.redact(ndc);
        if (redactedNdc != null && !redactedNdc.equals(ndc)) {
            record.setNdc(redactedNdc);
        }
    }
}
