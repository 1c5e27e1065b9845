package io.odpimporter.logging;

import io.odpimporter.domain.RunLogLine;
import org.jboss.logging.MDC;
import org.jboss.logmanager.ExtLogRecord;
import org.jboss.logmanager.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class RunLogHandlerTest {

    private final List<RunLogLine> out = new ArrayList<>();
    private final AtomicInteger overCap = new AtomicInteger();

    @AfterEach
    void clearMdc() {
        MDC.clear();
    }

    private RunLogHandler handler(RunLogLine.Level minimum, int cap) {
        return new RunLogHandler(minimum, cap, "replica-1", out::add, overCap::incrementAndGet);
    }

    private static ExtLogRecord record(java.util.logging.Level level, String format, Object... params) {
        ExtLogRecord record =
                new ExtLogRecord(level, format, ExtLogRecord.FormatStyle.PRINTF, RunLogHandlerTest.class.getName());
        record.setParameters(params);
        record.setLoggerName("io.odpimporter.importer.FileImporter");
        return record;
    }

    @Test
    void aLineWithARunBecomesARunLogLineWithItsBlobLevelAndFormattedMessage() {
        try (RunMdc ignored = RunMdc.of("run-1")) {
            MDC.put(MdcKeys.BLOB, "a/b.json");
            handler(RunLogLine.Level.INFO, 10).publish(record(Level.WARN, "record %d parked: %s", 3, "no id"));
        }
        assertThat(out).singleElement().satisfies(line -> {
            assertThat(line.runId()).isEqualTo("run-1");
            assertThat(line.level()).isEqualTo("WARN");
            assertThat(line.message()).isEqualTo("record 3 parked: no id");
            assertThat(line.blob()).isEqualTo("a/b.json");
            assertThat(line.logger()).isEqualTo("FileImporter");
            assertThat(line.instance()).isEqualTo("replica-1");
            assertThat(line.at()).isNotNull();
        });
    }

    @Test
    void linesWithoutARunOrBelowTheLevelAreIgnored() {
        RunLogHandler handler = handler(RunLogLine.Level.INFO, 10);
        handler.publish(record(Level.ERROR, "no run"));
        try (RunMdc ignored = RunMdc.of("run-1")) {
            handler.publish(record(Level.DEBUG, "too fine"));
            handler.publish(record(Level.INFO, "kept"));
        }
        assertThat(out).extracting(RunLogLine::message).containsExactly("kept");
    }

    @Test
    void aBatchLineGoesToEachOfItsRuns() {
        try (RunMdc ignored = RunMdc.ofAll(List.of("run-b", "run-a", "run-b"))) {
            handler(RunLogLine.Level.INFO, 10).publish(record(Level.WARN, "ODP did not accept a batch"));
        }
        assertThat(out).extracting(RunLogLine::runId).containsExactlyInAnyOrder("run-a", "run-b");
        assertThat(MDC.get(MdcKeys.RUN_IDS)).isNull();
    }

    @Test
    void overTheCapTheFirstLinesAndTheNoticeAreHandedOverAndTheLastLinesWhenTheRunEnds() {
        RunLogHandler handler = handler(RunLogLine.Level.INFO, 20); // head 16, tail 2
        try (RunMdc ignored = RunMdc.of("run-1")) {
            for (int i = 0; i < 25; i++) {
                handler.publish(record(Level.INFO, "line %d", i));
            }
        }
        try (RunMdc ignored = RunMdc.of("run-2")) {
            handler.publish(record(Level.INFO, "another run"));
        }
        assertThat(out)
                .extracting(RunLogLine::message)
                .hasSize(18)
                .startsWith("line 0", "line 1")
                .endsWith("another run");
        assertThat(out.get(16).message()).startsWith("The log of run run-1 reached 16 lines on replica-1");
        // lines 16..22 left out, 23 and 24 held back
        assertThat(overCap).hasValue(7);

        out.clear();
        handler.runEnded("run-1");
        assertThat(out)
                .extracting(RunLogLine::message)
                .hasSize(3)
                .endsWith("line 23", "line 24")
                .first()
                .asString()
                .startsWith("… 7 line(s) of run run-1 left out here on replica-1");
        out.clear();
        handler.runEnded("run-2");
        handler.flushEnded();
        handler.flushAll();
        assertThat(out).isEmpty();
    }

    @Test
    void aLineLoggedWhileHeldBackLinesAreHandedOverIsIgnored() {
        List<RunLogLine> kept = new ArrayList<>();
        RunLogHandler[] self = new RunLogHandler[1];
        self[0] = new RunLogHandler(
                RunLogLine.Level.INFO,
                1,
                "replica-1",
                line -> {
                    kept.add(line);
                    try (RunMdc ignored = RunMdc.of("run-1")) {
                        self[0].publish(record(Level.WARN, "logged while handing over")); // e.g. by the Kafka client
                    }
                },
                () -> {});
        try (RunMdc ignored = RunMdc.of("run-1")) {
            self[0].publish(record(Level.INFO, "first"));
        }
        self[0].runEnded("run-1");
        self[0].flushAll(); // a line taken while "first" was handed over would be written here
        assertThat(kept).extracting(RunLogLine::message).hasSize(2).endsWith("first");
    }

    @Test
    void aLineLoggedWhileALineIsHandedOverIsIgnoredAndAFailingOutputNeverThrows() {
        List<RunLogLine> kept = new ArrayList<>();
        RunLogHandler[] self = new RunLogHandler[1];
        self[0] = new RunLogHandler(
                RunLogLine.Level.INFO,
                10,
                "replica-1",
                line -> {
                    kept.add(line);
                    self[0].publish(record(Level.WARN, "logged while handing over")); // e.g. by the Kafka client
                    throw new IllegalStateException("channel closed");
                },
                () -> {});
        try (RunMdc ignored = RunMdc.of("run-1")) {
            self[0].publish(record(Level.INFO, "first"));
        }
        assertThat(kept).extracting(RunLogLine::message).containsExactly("first");
    }

    @Test
    void aNestedScopeRestoresTheOuterRun() {
        try (RunMdc outer = RunMdc.of("run-outer")) {
            try (RunMdc inner = RunMdc.of("run-inner")) {
                assertThat(MDC.get(MdcKeys.RUN_ID)).isEqualTo("run-inner");
            }
            assertThat(MDC.get(MdcKeys.RUN_ID)).isEqualTo("run-outer");
        }
        assertThat(MDC.get(MdcKeys.RUN_ID)).isNull();
    }
}
