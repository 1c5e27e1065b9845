package io.odpimporter.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.odpimporter.domain.FileStatus;
import io.odpimporter.domain.LedgerEntry;
import io.odpimporter.domain.Trigger;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.Locale;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * The pipeline's Prometheus meters, all named {@code odp.importer.*} (exported as {@code odp_importer_*} at
 * {@code /q/metrics}; counters end in {@code _total}, timers in {@code _seconds}). Per replica; sum them over
 * replicas. The meters:
 * <ul>
 *   <li>{@code odp.importer.blobs.discovered{source=schedule|manual|catch_up|event_grid|replay}}: file-discovered
 *       events published, by the run's trigger;</li>
 *   <li>{@code odp.importer.files{outcome=imported|failed|skipped}}: files read to their end (or not);</li>
 *   <li>{@code odp.importer.records.emitted}: records written to the stores topic;</li>
 *   <li>{@code odp.importer.records.accepted}: records ODP answered 2xx for;</li>
 *   <li>{@code odp.importer.records.rejected{stage=importer|odp}}: records parked on the dead-letter topic, by the
 *       importer (invalid) or because ODP refused them;</li>
 *   <li>{@code odp.importer.odp.requests{status_class=2xx|4xx|5xx|error}} (timer with histogram buckets): ODP
 *       requests and their latency, {@code error} for no HTTP answer;</li>
 *   <li>{@code odp.importer.sink.batch.size} (records): records per ODP request;</li>
 *   <li>{@code odp.importer.sink.batch.limit{host,object_type}} (records): the most records a batch of the object
 *       type holds now: {@code batch-size}, less after a 413 until it grows back (docs/architecture.md §4.5);</li>
 *   <li>{@code odp.importer.odp.retries}: failed ODP attempts that will be retried;</li>
 *   <li>{@code odp.importer.sink.state{state=flowing|retrying|paused}}: 1 for the sink's current state (paused: a
 *       configuration fault, such as a refused API key);</li>
 *   <li>{@code odp.importer.event.grid.upload.to.odp} (timer with histogram buckets): for files imported through
 *       the Event Grid webhook, the time from the upload (the event's eventTime; else the blob's Last-Modified)
 *       to ODP accepting a batch of its records;</li>
 *   <li>{@code odp.importer.run.log.lines.dropped{reason=cap|overflow|error}}: log lines of runs not kept in the
 *       run's log ({@code GET .../runs/{id}/logs});</li>
 *   <li>{@code odp.importer.after.import.actions{action=tag|move|delete,outcome=done|retried|failed}}: attempts of
 *       after-import actions (docs/operations.md, "After the import"): done, failed and retried with backoff, or
 *       failed for good (a permanent refusal, or the blob changed after its import).</li>
 * </ul>
 * Consumer lag per topic is Kafka's own client metric, renamed
 * {@code odp.importer.kafka.consumer.records.lag.max{topic}} (see {@link KafkaLagNames}).
 */
@ApplicationScoped
public class PipelineMetrics {

    /** States of the sink, exported as {@code odp.importer.sink.state}. */
    public enum SinkState {
        FLOWING,
        RETRYING,
        PAUSED
    }

    private final MeterRegistry registry;
    private final Counter emitted;
    private final Counter accepted;
    private final DistributionSummary batchSize;
    private final Timer uploadToOdp;

    public PipelineMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.emitted = Counter.builder("odp.importer.records.emitted")
                .description("Records written to the stores topic")
                .register(registry);
        this.accepted = Counter.builder("odp.importer.records.accepted")
                .description("Records ODP answered 2xx for")
                .register(registry);
        this.batchSize = DistributionSummary.builder("odp.importer.sink.batch.size")
                .baseUnit("records")
                .description("Records per ODP request")
                .publishPercentileHistogram()
                .minimumExpectedValue(1.0)
                .maximumExpectedValue(500.0)
                .register(registry);
        this.uploadToOdp = Timer.builder("odp.importer.event.grid.upload.to.odp")
                .description("Event Grid imports: time from the upload (event time) to ODP accepting a batch of "
                        + "its records")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(100))
                .maximumExpectedValue(Duration.ofMinutes(10))
                .register(registry);
        for (String stage : new String[] {"importer", "odp"}) {
            rejected(stage);
        }
    }

    /** Registers the sink-state gauges; {@code state} is read at each scrape. */
    public void sinkState(Supplier<SinkState> state) {
        for (SinkState s : SinkState.values()) {
            Gauge.builder("odp.importer.sink.state", () -> state.get() == s ? 1 : 0)
                    .description("1 for the sink's current state")
                    .tag("state", s.name().toLowerCase(Locale.ROOT))
                    .register(registry);
        }
    }

    /**
     * Registers the gauge of one (ODP host, object type)'s batch size; {@code records} is read at each scrape.
     *
     * @param host       the ODP host, e.g. {@code api.zaius.com}
     * @param objectType the ODP object type, or {@code events} for the events target
     */
    public void batchLimit(String host, String objectType, IntSupplier records) {
        Gauge.builder("odp.importer.sink.batch.limit", records::getAsInt)
                .description("The most records a batch of the object type holds now (lowered after a 413)")
                .baseUnit("records")
                .tag("host", host)
                .tag("object_type", objectType)
                .register(registry);
    }

    /**
     * Registers an ODP account's pacing gauges (docs/architecture.md §4.7), read at each scrape.
     *
     * @param host     the ODP host: the tag {@code host} (never the API key)
     * @param limit    requests allowed in flight now
     * @param inFlight requests in flight now
     */
    public void sinkLimit(String host, IntSupplier limit, IntSupplier inFlight) {
        Gauge.builder("odp.importer.sink.limit", limit::getAsInt)
                .description("ODP requests allowed in flight now (the adaptive limit of the account)")
                .tag("host", host)
                .register(registry);
        Gauge.builder("odp.importer.sink.in.flight", inFlight::getAsInt)
                .description("ODP requests in flight now for the account")
                .tag("host", host)
                .register(registry);
        for (String reason : new String[] {"429", "503", "timeout"}) {
            sinkLimitDecreases(host, reason);
        }
    }

    /** @param reason {@code 429}, {@code 503} or {@code timeout} */
    public void sinkLimitDecreased(String host, String reason) {
        sinkLimitDecreases(host, reason).increment();
    }

    private Counter sinkLimitDecreases(String host, String reason) {
        return Counter.builder("odp.importer.sink.limit.decreases")
                .description("Decreases of the adaptive limit on ODP requests in flight, by reason")
                .tag("host", host)
                .tag("reason", reason)
                .register(registry);
    }

    /** @param trigger the discovering run's trigger: the tag {@code source}, lower case (e.g. {@code catch_up}) */
    public void blobDiscovered(Trigger trigger) {
        Counter.builder("odp.importer.blobs.discovered")
                .description("File-discovered events published")
                .tag("source", trigger.name().toLowerCase(Locale.ROOT))
                .register(registry)
                .increment();
    }

    /**
     * @param action tag, move or delete
     * @param state  the attempt's outcome: DONE, PENDING (failed, retried) or FAILED (for good)
     */
    public void afterImport(String action, LedgerEntry.ActionState state) {
        Counter.builder("odp.importer.after.import.actions")
                .description("After-import action attempts, by action and outcome")
                .tag("action", action)
                .tag(
                        "outcome",
                        state == LedgerEntry.ActionState.PENDING
                                ? "retried"
                                : state.name().toLowerCase(Locale.ROOT))
                .register(registry)
                .increment();
    }

    /** @param outcome IMPORTED, FAILED or SKIPPED */
    public void fileFinished(FileStatus outcome) {
        Counter.builder("odp.importer.files")
                .description("Files read, by outcome")
                .tag("outcome", outcome.name().toLowerCase(Locale.ROOT))
                .register(registry)
                .increment();
    }

    public void recordEmitted() {
        emitted.increment();
    }

    public void recordsAccepted(int count) {
        accepted.increment(count);
    }

    /** @param stage {@code importer} (invalid record) or {@code odp} (refused by ODP) */
    public void recordRejected(String stage) {
        rejected(stage).increment();
    }

    private Counter rejected(String stage) {
        return Counter.builder("odp.importer.records.rejected")
                .description("Records parked on the dead-letter topic")
                .tag("stage", stage)
                .register(registry);
    }

    /**
     * One ODP request.
     *
     * @param status HTTP status, or 0 if there was no answer (connection error, timeout)
     * @param nanos  time from sending to the answer
     * @param records records in the request
     */
    public void odpRequest(int status, long nanos, int records) {
        String statusClass = status <= 0 ? "error" : (status / 100) + "xx";
        Timer.builder("odp.importer.odp.requests")
                .description("ODP requests and their latency")
                .tag("status_class", statusClass)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(5))
                .maximumExpectedValue(Duration.ofSeconds(60))
                .register(registry)
                .record(Duration.ofNanos(nanos));
        batchSize.record(records);
    }

    /**
     * A log line of a run not kept in the run's log.
     *
     * @param reason {@code cap} (the run reached {@code importer.run-logs.max-lines-per-run} on this replica),
     *               {@code overflow} (Kafka did not take lines fast enough, e.g. while it is down) or {@code error}
     */
    public void runLogLineDropped(String reason) {
        Counter.builder("odp.importer.run.log.lines.dropped")
                .description("Log lines of runs not kept in the run's log (they are still in the service's own log)")
                .tag("reason", reason)
                .register(registry)
                .increment();
    }

    public void odpRetry() {
        Counter.builder("odp.importer.odp.retries")
                .description("Failed ODP attempts that are retried")
                .register(registry)
                .increment();
    }

    /** @param lastModifiedMillis the upload's time: the event's eventTime or the blob's Last-Modified (epoch milliseconds) */
    public void uploadToOdp(long lastModifiedMillis) {
        long millis = System.currentTimeMillis() - lastModifiedMillis;
        if (millis >= 0) {
            uploadToOdp.record(Duration.ofMillis(millis));
        }
    }
}
