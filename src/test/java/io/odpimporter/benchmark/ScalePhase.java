package io.odpimporter.benchmark;

import io.odpimporter.crash.ServiceProcess;

import java.util.Locale;
import java.util.Map;

/** The two-instance measurement: two services in one consumer group share one import ({@link #run}). */
final class ScalePhase {

    private final Rig rig;
    private final Findings findings;

    ScalePhase(Rig rig, Findings findings) {
        this.rig = rig;
        this.findings = findings;
    }

    /**
     * Two service processes in one consumer group on the same topics import {@code data} after one REST trigger:
     * counts what the stand-in received, what each instance sent (its {@code odp_importer_records_accepted_total})
     * and which instance swept ({@code odp_importer_blobs_discovered_total}).
     */
    void run(Dataset data, int latency) throws Exception {
        String topics = rig.newTopics();
        rig.resetStandIn();
        rig.standIn.latency(latency);
        ServiceProcess a = rig.service("service-scale-a", topics, "bench-a", rig.options.serviceXmx());
        ServiceProcess b = rig.service("service-scale-b", topics, "bench-b", rig.options.serviceXmx());
        try {
            long t0 = System.currentTimeMillis();
            String runId = Rig.trigger(a, data.prefix(), "scale");
            rig.awaitDelivered(data.tag(), data.records());
            Rig.awaitRunEnd(a, runId);
            StandIn.Count count = rig.standIn.count(data.tag());
            String status =
                    a.api().get("/jobs/offline_store_import/runs/" + runId).path("status");
            double seconds = (count.lastAt() - t0) / 1e3;
            String line = String.format(
                    Locale.ROOT,
                    "Two instances (one consumer group, files-partitions 1, "
                            + "stores-partitions 3, ODP latency %d ms): %,d records in %.1f s (%,.0f records/s), "
                            + "missing %,d, run %s; instance A: accepted %s, files imported %s, blobs discovered %s; "
                            + "instance B: accepted %s, files imported %s, blobs discovered %s.",
                    latency,
                    data.records(),
                    seconds,
                    data.records() / seconds,
                    data.records() - count.distinct(),
                    status,
                    metric(a, "odp_importer_records_accepted_total"),
                    metric(a, "odp_importer_files_total{outcome=\"imported\"}"),
                    metric(a, "odp_importer_blobs_discovered_total{source=\"manual\"}"),
                    metric(b, "odp_importer_records_accepted_total"),
                    metric(b, "odp_importer_files_total{outcome=\"imported\"}"),
                    metric(b, "odp_importer_blobs_discovered_total{source=\"manual\"}"));
            findings.note(line);
            if (count.distinct() != data.records() || !"COMPLETE".equals(status)) {
                findings.results.add(new Result(
                        "two instances",
                        data.format(),
                        null,
                        "service x2",
                        data.records(),
                        data.blobs(),
                        rig.bytesOf(data),
                        latency,
                        rig.options.serviceXmx(),
                        seconds,
                        -1,
                        -1,
                        -1,
                        -1,
                        count.requests(),
                        data.records() - count.distinct(),
                        Map.of(),
                        "run " + status,
                        null));
            }
        } finally {
            a.stop();
            b.stop();
            rig.deleteTopics(topics);
        }
    }

    /** @return a counter's value from the instance's /q/metrics, "0" if absent */
    private static String metric(ServiceProcess service, String series) {
        for (String line : service.management().get("/q/metrics").asString().split("\n")) {
            if (line.startsWith(series + " ")) {
                return String.format(Locale.ROOT, "%,.0f", Double.parseDouble(line.substring(series.length() + 1)));
            }
        }
        return "0";
    }
}
