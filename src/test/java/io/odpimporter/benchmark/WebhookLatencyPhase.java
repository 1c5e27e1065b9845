package io.odpimporter.benchmark;

import com.azure.core.util.BinaryData;
import io.odpimporter.crash.ServiceProcess;
import io.odpimporter.testing.EventGrid;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The Event Grid measurement: upload-to-ODP latency of small blobs announced by BlobCreated ({@link #run}). */
final class WebhookLatencyPhase {

    private final Rig rig;
    private final Findings findings;

    WebhookLatencyPhase(Rig rig, Findings findings) {
        this.rig = rig;
        this.findings = findings;
    }

    /**
     * Upload-to-ODP latency through the Event Grid webhook, with the service's default linger (500 ms): one
     * upload of 10 stores at a time, its BlobCreated delivery posted as Event Grid would, timed until the stand-in
     * accepted the blob's last record (the stand-in's clock, same host).
     */
    void run(int warmup, int measured) throws Exception {
        String topics = rig.newTopics();
        String id = "service-webhook";
        ServiceProcess service = rig.service(id, topics, rig.instance(), rig.options.serviceXmx());
        rig.resetStandIn();
        rig.standIn.latency(0);
        List<Long> fromPost = new ArrayList<>();
        List<Long> fromUpload = new ArrayList<>();
        try {
            for (int n = 0; n < warmup + measured; n++) {
                String tag = "WB" + n;
                String name = "webhook-" + topics + "/" + n + ".json";
                StringBuilder body = new StringBuilder("[");
                for (int i = 0; i < 10; i++) {
                    body.append(i == 0 ? "" : ",")
                            .append("{\"id\":\"")
                            .append(tag)
                            .append('-')
                            .append(String.format("%07d", i))
                            .append("\",\"name\":\"Pop-up ")
                            .append(i)
                            .append("\",\"location\":\"Strøget ")
                            .append(i)
                            .append(", København, DK\"}");
                }
                long uploadStart = System.currentTimeMillis();
                var blob = rig.container.getBlobClient(name);
                blob.upload(BinaryData.fromString(body.append(']').toString()), true);
                String delivery = EventGrid.array(List.of(EventGrid.event(EventGrid.Blob.of(blob))));
                long posted = System.currentTimeMillis();
                int status = service.api()
                        .contentType("application/json")
                        .body(delivery)
                        .queryParam("secret", Rig.WEBHOOK_SECRET)
                        .post("/events/blob-created")
                        .statusCode();
                if (status != 200) {
                    throw new IllegalStateException("the webhook answered " + status);
                }
                rig.awaitDelivered(tag, 10);
                long at = rig.standIn.count(tag).lastAt();
                if (n >= warmup) {
                    fromPost.add(at - posted);
                    fromUpload.add(at - uploadStart);
                }
            }
        } finally {
            service.stop();
            rig.deleteTopics(topics);
        }
        String line = String.format(
                Locale.ROOT,
                "Event Grid upload-to-ODP latency (%d uploads of 10 stores after %d "
                        + "warm-up, one at a time, linger 500 ms): from the BlobCreated delivery p50 %d ms, p95 %d ms, "
                        + "max %d ms; from the upload's start p50 %d ms, p95 %d ms (target p95 <= linger + 500 ms = "
                        + "1000 ms: %s).",
                measured,
                warmup,
                percentile(fromPost, 50),
                percentile(fromPost, 95),
                percentile(fromPost, 100),
                percentile(fromUpload, 50),
                percentile(fromUpload, 95),
                percentile(fromPost, 95) <= 1000 ? "met" : "NOT met");
        findings.note(line);
    }

    static long percentile(List<Long> values, int p) {
        List<Long> sorted = values.stream().sorted().toList();
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }
}
