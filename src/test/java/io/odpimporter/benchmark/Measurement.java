package io.odpimporter.benchmark;

import io.odpimporter.crash.ServiceProcess;
import org.awaitility.core.ConditionTimeoutException;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.awaitility.Awaitility.await;

/**
 * One row of the table: an importer ({@link Importer}) imports a dataset in a JVM of its own, after a warm-up
 * (if any) at 0 ms, at the measured latency and, for the 429 run, under the stand-in's rate limit. Measured: from
 * the import's start (the REST trigger, or the stand-alone importer's {@code START} line) to the stand-in's last
 * accepted object, the CPU seconds of every process over that span, peak RSS and heap, requests and missing records.
 */
final class Measurement {

    /** The 429 run's figures are measured after this long from its trigger (the limit's settling time). */
    static final Duration SETTLE = Duration.ofSeconds(30);

    private final Rig rig;
    /** Imported by each importer before it is measured (null: measured cold). */
    private final Dataset warmUp;

    Measurement(Rig rig, Dataset warmUp) {
        this.rig = rig;
        this.warmUp = warmUp;
    }

    /**
     * One measurement: the warm-up (if any) at 0 ms and without the 429 mode, then the measured import at
     * {@code latency}, under {@code limit} if not null.
     */
    Result measure(Importer importer, Dataset data, int latency, String xmx, Options.RateLimit limit) throws Exception {
        rig.resetStandIn();
        rig.standIn.noRateLimit();
        rig.standIn.latency(warmUp == null ? latency : 0);
        String id = id(importer, data, latency, limit);
        Rig.say(String.format(
                Locale.ROOT,
                "%s: %,d records, ODP latency %d ms, -Xmx%s%s",
                importer.label,
                data.records(),
                latency,
                xmx,
                limit == null
                        ? ""
                        : String.format(
                                Locale.ROOT,
                                ", 429 above %s requests/s (burst %d)",
                                limit.perSecond(),
                                limit.burst())));
        try {
            return importer.service()
                    ? measureService(id, importer, data, latency, xmx, limit)
                    : measureStandalone(id, importer, data, latency, xmx);
        } finally {
            rig.standIn.noRateLimit();
        }
    }

    /** @return the name of a run's files in {@code target/benchmark}: its log, GC log and JFR recording */
    static String id(Importer importer, Dataset data, int latency, Options.RateLimit limit) {
        return String.format(
                Locale.ROOT,
                "%s-%s-%dms%s",
                importer.option,
                data.prefix().replace("/", ""),
                latency,
                limit == null ? "" : "-429");
    }

    /** Sets the measured run's latency and 429 mode (after the warm-up, which runs at 0 ms). */
    private void measuredConditions(int latency, Options.RateLimit limit) throws IOException, InterruptedException {
        rig.standIn.latency(latency);
        if (limit != null) {
            rig.standIn.rateLimit(limit.perSecond(), limit.burst());
        }
    }

    private Result measureStandalone(String id, Importer importer, Dataset data, int latency, String xmx)
            throws Exception {
        List<String> command = new ArrayList<>(
                List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(rig.jvm(id, xmx, false));
        command.addAll(List.of(
                "-cp",
                System.getProperty("java.class.path"),
                "-Djava.util.logging.manager=org.jboss.logmanager.LogManager",
                "-Dbench.connection-string=" + rig.azurite,
                "-Dbench.container=" + Rig.CONTAINER,
                "-Dbench.prefix=" + data.prefix(),
                "-Dbench.odp-url=" + rig.standIn.baseUrl(),
                "-Dbench.api-key=" + Rig.API_KEY,
                "-Dbench.max-in-flight=" + rig.options.maxInFlight(),
                "-Dbench.warm-up-prefix=" + (warmUp == null ? "" : warmUp.prefix()),
                (importer == Importer.ORIGINAL ? OriginalImporter.class : DirectImporter.class).getName()));
        Path log = Rig.OUT.resolve(id + ".log");
        Map<String, Double> before = rig.cpuNow(-1);
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        if (warmUp != null) {
            // the warm-up ran at 0 ms; the measured import starts when told (a line on its standard input), at the
            // measured latency; the other processes' CPU is counted from there
            await("the warm-up of " + id)
                    .atMost(rig.options.timeout())
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> !process.isAlive() || Files.readString(log).contains(ImporterSettings.WARM));
            measuredConditions(latency, null);
            before = rig.cpuNow(-1);
            try (OutputStream go = process.getOutputStream()) {
                go.write('\n');
            } catch (IOException e) {
                // it exited: reported below
            }
        }
        boolean exited = process.waitFor(rig.options.timeout().toMinutes(), TimeUnit.MINUTES);
        if (!exited) {
            process.destroyForcibly().waitFor();
        }
        Map<String, Double> cpu = minus(rig.cpuNow(-1), before);
        try {
            // the stand-in's listener may count the last request a moment after the importer got its answer
            await().atMost(Duration.ofSeconds(5))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> rig.standIn.count(data.tag()).distinct() >= data.records());
        } catch (ConditionTimeoutException e) {
            // reported as missing below
        }
        String output = Files.readString(log);
        Matcher start = Pattern.compile("START (\\d+) cpuSeconds=([\\d.-]+)").matcher(output);
        Matcher done = Pattern.compile("DONE records=(\\d+) requests=(\\d+) peakRssKb=(-?\\d+) cpuSeconds=([\\d.-]+)")
                .matcher(output);
        StandIn.Count count = rig.standIn.count(data.tag());
        String error = !exited
                ? "did not finish within " + rig.options.timeout().toMinutes() + " min"
                : process.exitValue() != 0 || !done.find() ? "exit " + process.exitValue() + ": see " + log : null;
        boolean started = start.find();
        double seconds = error == null && started ? (count.lastAt() - Long.parseLong(start.group(1))) / 1e3 : -1;
        if (error == null && started) {
            // the measured import's CPU: the warm-up's (and the JVM's start, when there is one) left out
            cpu.put(
                    "importer",
                    Double.parseDouble(done.group(4)) - (warmUp == null ? 0 : Double.parseDouble(start.group(2))));
        }
        return row(
                id,
                data.scenario(),
                importer,
                data,
                latency,
                xmx,
                seconds,
                error == null ? Long.parseLong(done.group(3)) / 1024.0 : -1,
                count,
                cpu,
                error,
                null);
    }

    private Result measureService(
            String id, Importer importer, Dataset data, int latency, String xmx, Options.RateLimit limit)
            throws Exception {
        String topics = rig.newTopics();
        ServiceProcess service = rig.service(id, topics, rig.instance(), xmx, importer);
        String error = null;
        double seconds = -1;
        Map<String, Double> cpu;
        double rss;
        StandIn.Count count;
        Result.Settled settled = null;
        try {
            if (warmUp != null) {
                // a long-running service has imported before: the measured run finds its JIT warm
                String warmRun = Rig.trigger(service, warmUp.prefix(), id + "-warm-up");
                rig.awaitDelivered(warmUp.tag(), warmUp.records());
                Rig.awaitRunEnd(service, warmRun);
            }
            measuredConditions(latency, limit);
            Map<String, Double> before = rig.cpuNow(service.pid());
            long t0 = System.currentTimeMillis();
            String runId = Rig.trigger(service, data.prefix(), id);
            StandIn.Count settledFrom = null;
            StandIn.Limited limitedFrom = new StandIn.Limited(0, 0);
            long settledAt = t0;
            try {
                if (limit != null && !delivered(data, SETTLE)) {
                    settledAt = System.currentTimeMillis();
                    settledFrom = rig.standIn.count(data.tag());
                    limitedFrom = rig.standIn.limited();
                }
                rig.awaitDelivered(data.tag(), data.records());
                Rig.awaitRunEnd(service, runId);
            } catch (ConditionTimeoutException e) {
                error = "did not finish: " + e.getMessage();
            }
            cpu = minus(rig.cpuNow(service.pid()), before);
            rss = ProcessStats.peakRssMb(service.pid());
            count = rig.standIn.count(data.tag());
            if (limit != null) {
                StandIn.Limited limited = rig.standIn.limited();
                settled = new Result.Settled(
                        limit.perSecond(),
                        (settledAt - t0) / 1e3,
                        (count.lastAt() - settledAt) / 1e3,
                        count.distinct() - (settledFrom == null ? 0 : settledFrom.distinct()),
                        limited.admitted() - limitedFrom.admitted(),
                        limited.refused() - limitedFrom.refused());
            }
            String status = service.api()
                    .get("/jobs/offline_store_import/runs/" + runId)
                    .path("status");
            if (error == null && !"COMPLETE".equals(status)) {
                error = "run " + runId + " ended " + status;
            }
            seconds = (count.lastAt() - t0) / 1e3;
        } finally {
            service.stop();
            rig.deleteTopics(topics);
        }
        return row(
                id,
                limit == null
                        ? data.scenario()
                        : String.format(
                                Locale.ROOT,
                                "%s; 429 above %s requests/s",
                                data.scenario(),
                                Targets.number(limit.perSecond())),
                importer,
                data,
                latency,
                xmx,
                error == null ? seconds : -1,
                rss,
                count,
                cpu,
                error,
                settled);
    }

    /** @return the row of run {@code id}, with its heap figures from the run's GC log */
    private Result row(
            String id,
            String scenario,
            Importer importer,
            Dataset data,
            int latency,
            String xmx,
            double seconds,
            double peakRssMb,
            StandIn.Count count,
            Map<String, Double> cpu,
            String error,
            Result.Settled settled) {
        ProcessStats.Heap heap = ProcessStats.heap(Rig.OUT.resolve(id + "-gc.log"));
        return new Result(
                scenario,
                data.format(),
                importer,
                importer.label,
                data.records(),
                data.blobs(),
                rig.bytesOf(data),
                latency,
                xmx,
                seconds,
                peakRssMb,
                heap.peakMb(),
                heap.liveMb(),
                heap.medianLiveMb(),
                count.requests(),
                data.records() - count.distinct(),
                cpu,
                error,
                settled);
    }

    /** @return whether every record of {@code data} reached the stand-in within {@code atMost} */
    private boolean delivered(Dataset data, Duration atMost) {
        try {
            await().atMost(atMost)
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> rig.standIn.count(data.tag()).distinct() >= data.records());
            return true;
        } catch (ConditionTimeoutException e) {
            return false;
        }
    }

    private static Map<String, Double> minus(Map<String, Double> after, Map<String, Double> before) {
        Map<String, Double> d = new LinkedHashMap<>();
        after.forEach((k, v) -> d.put(k, v < 0 || before.getOrDefault(k, -1.0) < 0 ? -1 : v - before.get(k)));
        return d;
    }
}
