package io.odpimporter.logging;

import io.odpimporter.domain.RunLogLine;
import org.jboss.logging.MDC;
import org.jboss.logmanager.ExtLogRecord;
import org.jboss.logmanager.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.LogRecord;

import static org.assertj.core.api.Assertions.assertThat;

class RedactingFilterTest {

    static final String SECRET = "webhook-s3cret-value";
    private final RedactingFilter filter =
            new RedactingFilter(new Redactor(List.of(SECRET, "user-passw0rd"), List.of()));

    @AfterEach
    void clearMdc() {
        MDC.clear();
    }

    private static ExtLogRecord record(String format, Object... params) {
        ExtLogRecord record = new ExtLogRecord(
                Level.ERROR, format, ExtLogRecord.FormatStyle.PRINTF, RedactingFilterTest.class.getName());
        record.setParameters(params);
        return record;
    }

    @Test
    void theFormattedMessageAndItsParametersAreRedactedAndTheLineKept() {
        ExtLogRecord record =
                record("HTTP Request to %s failed, error id: %s", "/events/blob-created?secret=" + SECRET, 42);
        assertThat(filter.isLoggable(record)).isTrue();
        assertThat(record.getFormattedMessage())
                .isEqualTo("HTTP Request to /events/blob-created?secret=<redacted> failed, error id: 42");
        assertThat(record.getParameters()).containsExactly("/events/blob-created?secret=<redacted>", 42);
    }

    @Test
    void aSecretInAParameterObjectsToStringIsRedacted() {
        ExtLogRecord record = record("UserInfoMap: %s", Map.of("operator", "user-passw0rd"));
        filter.isLoggable(record);
        assertThat(record.getFormattedMessage()).isEqualTo("UserInfoMap: {operator=<redacted>}");
        assertThat(record.getParameters()).containsExactly("{operator=<redacted>}");
    }

    @Test
    void aLineWithoutSecretsIsLeftAlone() {
        ExtLogRecord record = record("Sweep found %d blobs", 3);
        Object[] params = record.getParameters();
        filter.isLoggable(record);
        assertThat(record.getFormatStyle()).isEqualTo(ExtLogRecord.FormatStyle.PRINTF);
        assertThat(record.getParameters()).isSameAs(params);
        assertThat(record.getFormattedMessage()).isEqualTo("Sweep found 3 blobs");
    }

    @Test
    void mdcAndNdcValuesAreRedacted() {
        MDC.put(MdcKeys.RUN_ID, "run-1");
        MDC.put("url", "/hook?token=abc&x=" + SECRET);
        ExtLogRecord record = record("plain line");
        record.setNdc("ndc " + SECRET);
        filter.isLoggable(record);
        assertThat(record.getMdc(MdcKeys.RUN_ID)).isEqualTo("run-1");
        assertThat(record.getMdc("url")).isEqualTo("/hook?token=<redacted>&x=<redacted>");
        assertThat(record.getNdc()).isEqualTo("ndc <redacted>");
    }

    @Test
    void everyExceptionMessageInTheCauseChainIsRedacted() {
        ExtLogRecord record = record("failed");
        record.setThrown(new IllegalStateException("outer", new IOException("inner " + SECRET)));
        filter.isLoggable(record);
        assertThat(record.getThrown())
                .isInstanceOf(Redactor.RedactedException.class)
                .hasMessage("java.lang.IllegalStateException: outer");
        assertThat(record.getThrown().getCause()).hasMessage("java.io.IOException: inner <redacted>");
    }

    @Test
    void aPlainJulRecordIsRedactedToo() {
        LogRecord record = new LogRecord(Level.INFO, "key " + SECRET + " {0}");
        record.setParameters(new Object[] {SECRET});
        filter.isLoggable(record);
        assertThat(record.getMessage()).isEqualTo("key <redacted> {0}");
        assertThat(record.getParameters()).containsExactly("<redacted>");
    }

    @Test
    void aParameterWhoseToStringFailsWithholdsTheLineButKeepsIt() {
        Object broken = new Object() {
            @Override
            public String toString() {
                throw new IllegalStateException("boom " + SECRET);
            }
        };
        ExtLogRecord record = record("value %s", broken);
        assertThat(filter.isLoggable(record)).isTrue();
        assertThat(record.getFormattedMessage()).contains("withheld").doesNotContain(SECRET);
    }

    @Test
    void theRunLogHandlerStoresRedactedLines() {
        List<RunLogLine> out = new ArrayList<>();
        RunLogHandler handler = new RunLogHandler(RunLogLine.Level.INFO, 10, "replica-1", out::add, () -> {});
        handler.setFilter(filter);
        try (RunMdc ignored = RunMdc.of("run-1")) {
            ExtLogRecord record = record("Notified %s", "https://chat/x?token=" + SECRET);
            record.setLoggerName("io.odpimporter.activity.ActivityNotifier");
            record.setThrown(new IOException("refused " + SECRET));
            handler.publish(record);
        }
        assertThat(out)
                .singleElement()
                .satisfies(line -> assertThat(line.message())
                        .isEqualTo(
                                "Notified https://chat/x?token=<redacted> (java.io.IOException: refused <redacted>)"));
    }
}
