package io.odpimporter.sink;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.odpimporter.activity.ActivityLog;
import io.odpimporter.config.ImporterConfig;
import io.odpimporter.domain.DeadLetter;
import io.odpimporter.domain.RecordHeaders;
import io.odpimporter.domain.RunEvent;
import io.odpimporter.domain.StoreRecord;
import io.odpimporter.health.OdpWellness;
import io.odpimporter.kafka.Channels;
import io.odpimporter.kafka.KafkaWriter;
import io.odpimporter.kafka.Payloads;
import io.odpimporter.logging.RunMdc;
import io.odpimporter.metrics.PipelineMetrics;
import io.odpimporter.odp.OdpUpserts;
import io.odpimporter.odp.OdpUrls;
import io.odpimporter.pacing.AccountPacing;
import io.odpimporter.pacing.BatchSizes;
import io.odpimporter.pacing.PacingRegistry;
import io.odpimporter.runs.RunRegistry;
import io.odpimporter.schema.SchemaBootstrap;
import io.odpimporter.schema.SchemaHold;
import io.smallrye.health.api.Wellness;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordBatchMetadata;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * The batching sink: takes store records from the stores topic and sends them to ODP (objects upserted into their
 * object type, or events) in batches of at most {@code importer.sink.batch-size} of one target, sent when a batch is
 * full or {@code linger} after its first record. This bean wires the sink's parts to the stores channel and the
 * service:
 * <ul>
 *   <li>{@link SinkBuffer}: the buffer and the per-key order gate for objects (never two requests in flight with the
 *       same primary key, so a key's records reach ODP in offset order; events have none);</li>
 *   <li>{@link AccountPacing}: the adaptive limit on requests in flight, shared by every sink of the ODP account
 *       (docs/architecture.md §4.7); the buffer's capacity follows it;</li>
 *   <li>{@link Delivery}, {@link AnswerRules}, {@link RetryGate}: the ODP dialog (what each answer means, retries
 *       with backoff forever, {@code Retry-After}, {@code max-request-rate}), {@link RequestBody} the request;</li>
 *   <li>{@link CommitTracker}: the commit rule (offset n+1 only when everything up to n is in ODP or parked) and
 *       partition ownership; {@link Recorder} the run events and dead letters before the acknowledgement;</li>
 *   <li>{@link SinkState}: flowing, retrying or paused, for health, metrics and {@code /status};</li>
 *   <li>{@link BatchSizes}: the batch size ODP takes per target, remembered after a 413.</li>
 * </ul>
 * ODP's answers: <a href="https://docs.developers.optimizely.com/optimizely-data-platform/reference/upsert-objects">
 * upsert objects</a>.
 */
@ApplicationScoped
public class BatchingSink {

    private static final Logger LOG = Logger.getLogger(BatchingSink.class);

    private final OdpWellness wellness;
    private final CommitTracker commits = new CommitTracker();
    private final SinkState state;
    private final SinkBuffer buffer;
    private final Recorder recorder;
    private final Delivery delivery;
    private final BatchSizes.Host batchSizes;
    private final AccountPacing pacing;
    /** Holds the whole sink while a target's ODP schema does not match (docs/architecture.md, "Schema"). */
    private final SchemaHold schemaHold;

    public BatchingSink(
            OdpUpserts odp,
            ImporterConfig config,
            ObjectMapper mapper,
            KafkaWriter writer,
            RunRegistry runs,
            Vertx vertx,
            @Wellness OdpWellness wellness,
            PipelineMetrics metrics,
            ActivityLog activity,
            PacingRegistry pacings,
            SchemaBootstrap schema) {
        this.wellness = wellness;
        this.schemaHold = schema.hold();
        ImporterConfig.Sink sink = config.sink();
        SinkRuntime runtime = new VertxSinkRuntime(vertx, sink.retryInitialBackoff(), sink.retryMaxBackoff());
        Function<StoreRecord.Target, String> upsertRequest =
                target -> "POST " + OdpUrls.of(config.odp().resolvedBaseUrl(), target);
        this.state = new SinkState(new FaultReports(activity, wellness, upsertRequest), Instant::now);
        metrics.sinkState(() -> schemaHold.pause().isPresent() ? PipelineMetrics.SinkState.PAUSED : state.state());
        this.pacing =
                pacings.account(config.odp().resolvedBaseUrl(), config.odp().apiKey());
        // the account's host form (host and port): one name for the ODP host in /status and the metrics
        this.batchSizes = new BatchSizes(sink.batchSize(), sink.batchSizeRegrow(), runtime::nanoTime, metrics)
                .host(pacing.host());
        batchSizes.current(
                StoreRecord.Target.objects(config.odp().objectType())); // its gauge and /status show it from the start
        this.buffer = new SinkBuffer(
                sink.batchSize(),
                batchSizes::current,
                sink.linger(),
                pacing,
                sink.bufferCapacity(),
                runtime,
                this::send);
        String deadLetterTopic = config.topics().deadLetter();
        StoreRecord.Target usual = StoreRecord.Target.objects(config.odp().objectType());
        this.recorder = new Recorder(
                new SinkWrites() {
                    @Override
                    public CompletableFuture<?> publish(RunEvent event) {
                        return runs.publish(event);
                    }

                    @Override
                    public CompletableFuture<?> park(String key, DeadLetter deadLetter) {
                        return writer.park(deadLetterTopic, key, SinkEvents.asWritten(deadLetter, usual));
                    }
                },
                runtime,
                buffer,
                commits,
                metrics);
        OdpCall call = odp::send;
        this.delivery = new Delivery(
                call,
                runtime,
                new RetryGate(runtime, sink.maxRequestRate(), sink.retryAfterCap()),
                pacing,
                state,
                commits,
                recorder,
                metrics,
                mapper,
                upsertRequest,
                batchSizes,
                schemaHold::whenOpen);
    }

    /**
     * What the sink is doing, for people (the operator page).
     *
     * @param state  flowing, retrying (ODP failing, backing off) or paused (a configuration fault is retried)
     * @param reason why it retries or is paused (ODP's last answer), null while flowing
     * @param since  when the configuration fault began (paused only), else null
     */
    public record Status(PipelineMetrics.SinkState state, String reason, Instant since) {}

    /** @return the sink's state and why: paused while a target's schema does not match, else as ODP answers */
    public Status status() {
        return schemaHold
                .pause()
                .map(p -> new Status(PipelineMetrics.SinkState.PAUSED, p.reason(), p.since()))
                .orElseGet(() -> state.status(wellness.fault()));
    }

    /**
     * @return the most records a batch of each target holds now (less than batch-size after a 413), by object type
     *         (events: {@code events})
     */
    public Map<String, BatchSizes.Limit> batchSizes() {
        return batchSizes.limits();
    }

    /** @return the pacing of the sink's ODP account now: its limit, last change and decreases */
    public AccountPacing.Snapshot pacing() {
        return pacing.snapshot();
    }

    /**
     * Takes one poll of the stores topic (connector property {@code batch=true}) into batches for ODP. The poll's
     * last record of a partition is acknowledged once all the poll's records of that partition are finished
     * ({@link CommitTracker}).
     *
     * @param poll the records of one {@code poll()}, of one or more stores partitions, in offset order per partition
     * @return completes when the poll's records are buffered (later while the buffer is full: back-pressure on the
     *         topic)
     */
    @Incoming(Channels.STORES)
    public Uni<Void> onPoll(KafkaRecordBatch<String, byte[]> poll) {
        ConsumerRecords<String, byte[]> records = consumerRecords(poll);
        List<PolledPartition> parts = new ArrayList<>(records.partitions().size());
        List<Pending> admitted = new ArrayList<>(records.count());
        List<Uni<Void>> parked = new ArrayList<>();
        RecordHeaders.StoreReader file = new RecordHeaders.StoreReader();
        // the consumer's own records, a partition at a time: no copy of their headers, no per-record look-up
        for (TopicPartition tp : records.partitions()) {
            KafkaRecord<?, ?> last = poll.getLatestOffsetRecords().get(tp);
            PolledPartition part = commits.polled(tp.partition(), last == null ? null : last::ack);
            parts.add(part);
            if (!part.owned()) {
                // polled before its partition was revoked: the partition's new owner sends it
                continue;
            }
            for (ConsumerRecord<String, byte[]> record : records.records(tp)) {
                part.admitOne();
                StoreValue store;
                try {
                    store = StoreValue.read(record.value());
                } catch (Payloads.UnreadablePayloadException e) {
                    parked.add(unreadable(record, part, e.getMessage()));
                    continue;
                }
                RecordHeaders.Store said = file.read(record.headers());
                if (said.badRecordIndex()) {
                    parked.add(unreadable(record, part, "bad " + RecordHeaders.RECORD_INDEX + " header"));
                    continue;
                }
                admitted.add(new Pending(
                        String.valueOf(record.key()),
                        store.target(),
                        store.fieldsJson(),
                        said.runId(),
                        said.version(),
                        said.recordIndex(),
                        tp.partition(),
                        record.offset(),
                        said.uploadedAtMillis(),
                        part));
            }
        }
        parked.forEach(u -> u.subscribe()
                .with(ignored -> {}, e -> LOG.errorf("Unreadable store record not parked: %s", e.toString())));
        Uni<Void> room = buffer.add(admitted, commits::owns);
        // every record is counted: a partition whose records are all finished already is acknowledged now
        parts.forEach(part -> commits.finished(part)
                .subscribe()
                .with(
                        ignored -> {},
                        e -> LOG.errorf(
                                "Stores partition %d: acknowledging a poll failed (its records are sent again after a restart): %s",
                                part.hasLast() ? part.partition() : -1, e.toString())));
        return room;
    }

    /** @return the poll's records as the Kafka consumer returned them (the connector's metadata of the batch) */
    @SuppressWarnings("unchecked")
    private static ConsumerRecords<String, byte[]> consumerRecords(KafkaRecordBatch<String, byte[]> poll) {
        return poll.getMetadata(IncomingKafkaRecordBatchMetadata.class)
                .map(m -> (ConsumerRecords<String, byte[]>) m.getRecords())
                .orElseThrow(() -> new IllegalStateException(
                        "the stores channel must be consumed in batches (mp.messaging.incoming.stores.batch=true)"));
    }

    private Uni<Void> unreadable(ConsumerRecord<String, byte[]> record, PolledPartition part, String reason) {
        return recorder.unreadable(
                record.topic(),
                record.partition(),
                record.offset(),
                String.valueOf(record.key()),
                record.value(),
                reason,
                part);
    }

    /** Starts a batch's delivery holding its first permit; its keys are free again once it is delivered. */
    private void send(List<Pending> batch, AccountPacing.Permit permit) {
        delivery.deliver(batch, permit).subscribe().with(ignored -> buffer.done(batch), failure -> {
            // deliver() retries forever and parks what ODP refuses; only a shutdown gets here
            try (RunMdc ignored = RunMdc.ofAll(Pending.runIds(batch))) {
                LOG.errorf("Batch of %d records not delivered: %s", batch.size(), failure.toString());
            }
            buffer.done(batch);
        });
    }

    /** The consumer got these stores partitions. */
    void assigned(Collection<Integer> partitions) {
        commits.assigned(partitions);
    }

    /**
     * The consumer lost these stores partitions: their buffered records are dropped and their in-flight retries
     * stop (unacknowledged, so uncommitted), so they cannot overwrite a newer value sent by the new owner.
     */
    void revoked(Collection<Integer> partitions) {
        buffer.revoked(partitions, () -> commits.revoked(partitions));
    }
}
