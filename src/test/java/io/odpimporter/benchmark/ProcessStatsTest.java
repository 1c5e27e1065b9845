package io.odpimporter.benchmark;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ProcessStatsTest {

    @Test
    void heapFiguresComeFromTheGcLogsPausesAndExitLine(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("gc.log");
        Files.write(
                log,
                List.of(
                        "[0.012s][info][gc] Using G1",
                        "[1.234s][info][gc] GC(0) Pause Young (Normal) (G1 Evacuation Pause) 24M->6M(256M) 3.1ms",
                        "[2.345s][info][gc] GC(1) Pause Young (Concurrent Start) (G1 Humongous Allocation) 150M->41M(256M) 5.0ms",
                        "[3.000s][info][gc] GC(2) Pause Full (G1 Compaction Pause) 2G->1024K(3G) 90.0ms",
                        "[3.500s][info][gc] GC(3) Pause Remark 3G->3G(3G) 9.0ms",
                        "[9.000s][info][gc,heap,exit]  garbage-first heap   total 262144K, used 52224K [0x0, 0x0)"));
        ProcessStats.Heap heap = ProcessStats.heap(log);
        assertThat(heap.gcs()).isEqualTo(3);
        assertThat(heap.peakMb()).isCloseTo(2048, within(0.01));
        assertThat(heap.liveMb()).isCloseTo(41, within(0.01));
        assertThat(heap.medianLiveMb()).isCloseTo(6, within(0.01)); // of 6, 41 and 1 MB: the middle one after sorting
    }

    @Test
    void aMissingLogGivesUnknownFigures(@TempDir Path dir) {
        assertThat(ProcessStats.heap(dir.resolve("none.log")).peakMb()).isEqualTo(-1);
    }

    @Test
    void thisProcessHasCpuTimeAndAPeakRss() {
        long pid = ProcessHandle.current().pid();
        assertThat(ProcessStats.cpuSeconds(pid)).isPositive();
        assertThat(ProcessStats.peakRssMb(pid)).isPositive();
        assertThat(ProcessStats.cpuSeconds(-1)).isEqualTo(-1);
    }

    @Test
    void percentilesAreNearestRank() {
        List<Long> values = List.of(5L, 1L, 4L, 2L, 3L, 10L, 6L, 7L, 8L, 9L);
        assertThat(WebhookLatencyPhase.percentile(values, 50)).isEqualTo(5);
        assertThat(WebhookLatencyPhase.percentile(values, 95)).isEqualTo(10);
        assertThat(WebhookLatencyPhase.percentile(values, 100)).isEqualTo(10);
    }
}
