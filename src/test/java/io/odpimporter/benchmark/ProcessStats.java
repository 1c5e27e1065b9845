package io.odpimporter.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the benchmark reads about a process from Linux's /proc and from a JVM's GC log.
 */
final class ProcessStats {

    /** Clock ticks per second of /proc/[pid]/stat's utime and stime (USER_HZ, 100 on Linux). */
    private static final double TICKS_PER_SECOND = 100.0;

    private static final Pattern PAUSE = Pattern.compile("(\\d+)([KMG])->(\\d+)([KMG])\\((\\d+)([KMG])\\)");
    private static final Pattern EXIT_USED = Pattern.compile("heap\\s+total\\s+(\\d+)K, used (\\d+)K");

    private ProcessStats() {}

    /** @return CPU seconds (user + system) the process used so far, -1 if it is gone or {@code pid} is < 0 */
    static double cpuSeconds(long pid) {
        if (pid < 0) {
            return -1;
        }
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // fields after the command name in parentheses (which may hold spaces): state is field 3
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** @return the process's peak resident memory in MiB ({@code VmHWM}), -1 if unknown */
    static double peakRssMb(long pid) {
        try {
            return Files.readAllLines(Path.of("/proc", Long.toString(pid), "status")).stream()
                            .filter(l -> l.startsWith("VmHWM:"))
                            .mapToLong(l -> Long.parseLong(l.replaceAll("\\D", "")))
                            .findFirst()
                            .orElse(-1)
                    / 1024.0;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /**
     * Heap figures from a GC log written with {@code -Xlog:gc,gc+heap+exit:file=...}.
     *
     * @param peakMb largest heap occupancy seen: before a collection, or at exit (MiB)
     * @param liveMb largest occupancy right after a collection (MiB): with G1, a young collection leaves the old
     *               generation's garbage in place until a mixed one, so this is an upper bound of what stayed
     *               reachable
     * @param medianLiveMb the median occupancy right after a collection (MiB): the heap's usual level
     * @param gcs    collections logged
     * @param fullGcs full collections among them
     */
    record Heap(double peakMb, double liveMb, double medianLiveMb, int gcs, int fullGcs) {}

    static Heap heap(Path gcLog) {
        double peak = 0;
        double live = 0;
        List<Double> after = new ArrayList<>();
        int gcs = 0;
        int fullGcs = 0;
        List<String> lines;
        try {
            lines = Files.readAllLines(gcLog);
        } catch (IOException e) {
            return new Heap(-1, -1, -1, 0, 0);
        }
        for (String line : lines) {
            Matcher pause = PAUSE.matcher(line);
            // collections only: a Remark or Cleanup pause frees nothing, its "before->after" is not a collection's
            if ((line.contains("Pause Young") || line.contains("Pause Full")) && pause.find()) {
                peak = Math.max(peak, mb(pause.group(1), pause.group(2)));
                live = Math.max(live, mb(pause.group(3), pause.group(4)));
                after.add(mb(pause.group(3), pause.group(4)));
                gcs++;
                fullGcs += line.contains("Pause Full") ? 1 : 0;
            }
            Matcher exit = EXIT_USED.matcher(line);
            if (exit.find()) {
                peak = Math.max(peak, Long.parseLong(exit.group(2)) / 1024.0);
            }
        }
        Collections.sort(after);
        return new Heap(peak, live, after.isEmpty() ? -1 : after.get(after.size() / 2), gcs, fullGcs);
    }

    private static double mb(String value, String unit) {
        double v = Double.parseDouble(value);
        return switch (unit) {
            case "K" -> v / 1024;
            case "G" -> v * 1024;
            default -> v;
        };
    }
}
