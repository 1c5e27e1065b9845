package io.odpimporter.runs;

import io.odpimporter.config.ImporterConfig;
import io.odpimporter.kafka.Channels;
import io.odpimporter.kafka.KafkaWriter;
import io.odpimporter.kafka.Payloads;
import io.odpimporter.kafka.RunEvent;
import io.odpimporter.kafka.TopicView;
import io.odpimporter.state.InstanceId;
import jakarta.inject.Singleton;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runs, aggregated from the run events every component writes to the runs topic. Every replica reads the
 * whole topic, so every replica shows the same runs, and they survive restarts. The replica that started a run
 * (its owner) writes its COMPLETED event once every record of every file was accepted by ODP or parked, and
 * logs {@code Offline Store Import complete, imported N offline stores}.
 */
@Singleton
public class RunRegistry extends TopicView {

    private static final Logger LOG = Logger.getLogger(RunRegistry.class);

    private final Map<String, Run> runs = new HashMap<>();
    private final Set<String> completing = ConcurrentHashMap.newKeySet();
    private final KafkaWriter writer;
    private final Payloads payloads;
    private final String topic;
    private final InstanceId instance;

    public RunRegistry(Admin admin, ImporterConfig config, KafkaWriter writer, Payloads payloads,
                       InstanceId instance) {
        super(admin, config.topics().runs());
        this.writer = writer;
        this.payloads = payloads;
        this.topic = config.topics().runs();
        this.instance = instance;
    }

    @Incoming(Channels.RUNS_VIEW)
    void onRecord(ConsumerRecord<String, String> record) {
        try {
            if (record.value() != null) {
                RunEvent event = payloads.read(record.value(), RunEvent.class, RunEvent.SCHEMA_VERSION);
                Run run;
                synchronized (this) {
                    run = runs.computeIfAbsent(event.runId(), Run::new);
                    run.apply(event);
                }
                completeIfDone(run);
            }
        } catch (Payloads.UnreadablePayloadException e) {
            LOG.warnf("Ignoring unreadable run event %s: %s", record.key(), e.getMessage());
        } finally {
            applied(record);
        }
    }

    /** Writes a run event; completes when Kafka acknowledged it. */
    public CompletableFuture<RecordMetadata> publish(RunEvent event) {
        return writer.send(topic, event.key(), event);
    }

    private void completeIfDone(Run run) {
        RunSummary summary;
        synchronized (this) {
            if (run.completed() || !instance.get().equals(run.owner()) || !run.done()) {
                return;
            }
            summary = run.summary(false);
        }
        if (!completing.add(run.id())) {
            return;
        }
        String status = summary.status().equals(Run.ERROR) ? Run.ERROR : Run.COMPLETE;
        publish(RunEvent.completed(run.id(), status, summary.accepted(), summary.error()))
                .whenComplete((md, error) -> {
                    if (error != null) {
                        completing.remove(run.id());
                        LOG.errorf("Could not record the end of run %s: %s", run.id(), error.getMessage());
                    } else if (Run.ERROR.equals(status)) {
                        LOG.errorf("Offline Store Import failed (run %s): %s", run.id(), summary.error());
                    } else {
                        LOG.infof("Offline Store Import complete, imported %d offline stores (run %s: %d files, "
                                        + "%d records emitted, %d accepted by ODP, %d rejected)",
                                summary.accepted(), run.id(), summary.files(), summary.recordsEmitted(),
                                summary.accepted(), summary.rejected());
                    }
                });
    }

    /** @return runs, newest first */
    public synchronized List<RunSummary> list() {
        List<RunSummary> result = new ArrayList<>();
        runs.values().stream().filter(r -> r.created() != null)
                .sorted(Comparator.comparing(Run::created).reversed().thenComparing(Run::id))
                .forEach(r -> result.add(r.summary(false)));
        return result;
    }

    /** @return one run with its files */
    public synchronized Optional<RunSummary> get(String runId) {
        Run run = runs.get(runId);
        return run == null || run.created() == null ? Optional.empty() : Optional.of(run.summary(true));
    }
}
