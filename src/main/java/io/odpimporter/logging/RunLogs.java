package io.odpimporter.logging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.odpimporter.config.ImporterConfig;
import io.odpimporter.domain.RunLogLine;
import io.odpimporter.kafka.Channels;
import io.odpimporter.kafka.KafkaClients;
import io.odpimporter.kafka.KafkaWriter;
import io.odpimporter.kafka.Payloads;
import io.odpimporter.kafka.TopicView;
import io.odpimporter.metrics.PipelineMetrics;
import io.odpimporter.state.InstanceId;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

/**
 * Per-run logs, like {@code ocp app logs --jobId}: every replica's log lines about a run (those with the run in
 * their MDC, at or above {@code importer.run-logs.level}) are written to the run-logs topic, key = run id, at most
 * {@code importer.run-logs.max-lines-per-run} per run and replica: its first lines as they come, its last ones when
 * the run ends (every replica hears of it from the runs topic: {@link #runEnded}), between them a line saying how
 * many that replica left out ({@link RunLogCap}). The topic is shared by replicas and keeps lines for
 * {@code importer.topics.retention}; {@link #read} reads one run's lines back from its partition.
 *
 * <p>Writing never blocks the line's thread: lines go through a SmallRye channel that drops what Kafka does not take
 * (while Kafka is down), counted by {@code odp_importer_run_log_lines_dropped_total{reason="overflow"}}. The
 * service's own log (console) always has every line. Lines pass {@link RedactingFilter} first, as on every other
 * handler: no secret is stored in the topic.
 */
@ApplicationScoped
public class RunLogs {

    /** Log lines of this category and below are considered (the service's own code). */
    static final String CATEGORY = "io.odpimporter";

    /** Lines logged this long before a run's start or after its end are still looked at (clocks of replicas). */
    private static final Duration MARGIN = Duration.ofMinutes(2);

    private final ImporterConfig config;
    private final Map<String, Object> kafka;
    private final Emitter<Record<String, String>> emitter;
    private final ObjectMapper mapper;
    private final Payloads payloads;
    private final InstanceId instance;
    private final PipelineMetrics metrics;
    private volatile RunLogHandler handler;

    public RunLogs(
            ImporterConfig config,
            @Identifier("default-kafka-broker") Map<String, Object> kafka,
            @Channel(Channels.RUN_LOGS) @OnOverflow(OnOverflow.Strategy.DROP) Emitter<Record<String, String>> emitter,
            ObjectMapper mapper,
            Payloads payloads,
            InstanceId instance,
            PipelineMetrics metrics) {
        this.config = config;
        this.kafka = kafka;
        this.emitter = emitter;
        this.mapper = mapper;
        this.payloads = payloads;
        this.instance = instance;
        this.metrics = metrics;
    }

    void onStart(@Observes StartupEvent event) {
        if (config.runLogs().enabled()) {
            handler = new RunLogHandler(
                    RunLogLine.Level.parse(config.runLogs().level()),
                    config.runLogs().maxLinesPerRun(),
                    instance.get(),
                    this::write,
                    () -> metrics.runLogLineDropped("cap"));
            // the same redaction as the console and file handlers: a run's lines are stored in Kafka
            handler.setFilter(new RedactingFilter());
            Logger.getLogger(CATEGORY).addHandler(handler);
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        RunLogHandler installed = handler;
        if (installed != null) {
            Logger.getLogger(CATEGORY).removeHandler(installed);
            handler = null;
            installed.flushAll(); // best effort: the channel may already be closing (then counted as "error")
        }
    }

    /**
     * A run ended (called on every replica when it folds the run's first COMPLETED event, after the replica that
     * wrote it logged the run's last line): this replica's held-back last lines of the run are written now.
     */
    public void runEnded(String runId) {
        RunLogHandler installed = handler;
        if (installed != null) {
            installed.runEnded(runId);
        }
    }

    /** Writes the lines runs logged after their end (held back like their last lines), once per reconcile pass. */
    @Scheduled(
            every = "${importer.runs.reconcile-every}",
            delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void flushEnded() {
        RunLogHandler installed = handler;
        if (installed != null) {
            installed.flushEnded();
        }
    }

    private void write(RunLogLine line) {
        try {
            if (!emitter.hasRequests()) {
                metrics.runLogLineDropped("overflow");
                return;
            }
            emitter.send(Message.of(Record.of(line.runId(), mapper.writeValueAsString(line))));
        } catch (JsonProcessingException | RuntimeException e) {
            // the channel is gone (shutting down) or cannot take it: the line is still in the service's own log
            metrics.runLogLineDropped("error");
        }
    }

    /**
     * Reads one run's lines from its partition of the run-logs topic, from shortly before {@code from} to shortly
     * after {@code until} (or the topic's end).
     *
     * @param runId   the run
     * @param from    the run's start (lines before it minus a margin are not looked at), or null for the beginning
     * @param until   the run's end, or null if it is still running
     * @param minimum lowest level listed
     * @param limit   at most this many lines: the newest ones
     * @return the lines, oldest first (by time, then by replica and its line counter)
     * @throws TopicView.ViewNotReadyException if Kafka cannot be read (10 s to find the topic, 30 s to read)
     */
    public List<RunLogLine> read(String runId, Instant from, Instant until, RunLogLine.Level minimum, int limit) {
        String topic = config.topics().runLogs();
        List<RunLogLine> lines = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(KafkaClients.readerConfig(kafka))) {
            int partitions =
                    consumer.partitionsFor(topic, Duration.ofSeconds(10)).size();
            if (partitions == 0) {
                throw new TopicView.ViewNotReadyException("Topic " + topic + " has no partitions (not created?)");
            }
            TopicPartition partition = new TopicPartition(topic, KafkaWriter.partitionOf(runId, partitions));
            KafkaClients.readPartition(
                    consumer,
                    partition,
                    from == null ? 0 : from.minus(MARGIN).toEpochMilli(),
                    until == null ? Long.MAX_VALUE : until.plus(MARGIN).toEpochMilli(),
                    Duration.ofSeconds(30),
                    record -> {
                        if (runId.equals(record.key()) && record.value() != null) {
                            try {
                                RunLogLine line =
                                        payloads.read(record.value(), RunLogLine.class, RunLogLine.SCHEMA_VERSION);
                                if (RunLogLine.Level.parse(line.level()).compareTo(minimum) >= 0) {
                                    lines.add(line);
                                }
                            } catch (Payloads.UnreadablePayloadException | IllegalArgumentException e) {
                                // a line of a newer version or a foreign record: not listed
                            }
                        }
                    });
        } catch (KafkaException e) {
            throw new TopicView.ViewNotReadyException("Cannot read " + topic + ": " + e.getMessage());
        }
        lines.sort(Comparator.comparing(RunLogLine::at)
                .thenComparing(RunLogLine::instance)
                .thenComparingLong(RunLogLine::seq));
        return lines.size() <= limit ? lines : List.copyOf(lines.subList(lines.size() - limit, lines.size()));
    }
}
