package io.odpimporter.sink;

import io.odpimporter.domain.RunEvent;
import io.odpimporter.logging.RunMdc;
import io.odpimporter.metrics.PipelineMetrics;
import io.smallrye.mutiny.Uni;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Finishes records: writes what became of them to Kafka (ACCEPTED and REJECTED run events, dead letters), retried
 * until Kafka acknowledges (Kafka being down pauses the sink; it never drops records), then lets the commit rule
 * acknowledge them ({@link CommitTracker#finished}).
 */
final class Recorder {

    private static final Logger LOG = Logger.getLogger(BatchingSink.class);

    private final SinkWrites writes;
    private final SinkRuntime runtime;
    private final SinkBuffer buffer;
    private final CommitTracker commits;
    private final PipelineMetrics metrics;

    Recorder(
            SinkWrites writes, SinkRuntime runtime, SinkBuffer buffer, CommitTracker commits, PipelineMetrics metrics) {
        this.writes = writes;
        this.runtime = runtime;
        this.buffer = buffer;
        this.commits = commits;
        this.metrics = metrics;
    }

    /**
     * ODP accepted the batch: the caller goes on (its keys and request slot are freed), while the acceptance is
     * recorded in the run events and the records are acknowledged in the background; until then they count against
     * the buffer capacity.
     */
    Uni<Void> accepted(List<Pending> batch) {
        buffer.recording(batch.size());
        record(batch).subscribe().with(ignored -> buffer.recorded(batch.size()), failure -> {
            // record() retries forever; only a shutdown gets here
            try (RunMdc ignored = RunMdc.ofAll(Pending.runIds(batch))) {
                LOG.errorf("Acceptance of %d records not recorded: %s", batch.size(), failure.toString());
            }
            buffer.recorded(batch.size());
        });
        return Uni.createFrom().voidItem();
    }

    /** Records the acceptance in the run events, then acknowledges the records (they may be committed). */
    private Uni<Void> record(List<Pending> batch) {
        return retried(
                        () -> CompletableFuture.allOf(SinkEvents.accepted(batch).stream()
                                .map(writes::publish)
                                .toArray(CompletableFuture[]::new)),
                        "record accepted records in the runs topic")
                .chain(() -> commits.finishedAll(batch))
                .invoke(() -> {
                    metrics.recordsAccepted(batch.size());
                    // once per file of the batch (its records share the upload time)
                    batch.stream()
                            .filter(p -> p.uploadedAtMillis() >= 0)
                            .collect(Collectors.toMap(Pending::file, Pending::uploadedAtMillis, (a, b) -> a))
                            .values()
                            .forEach(metrics::uploadToOdp);
                });
    }

    /** Parks a record ODP refused with ODP's reason, counts it REJECTED in its run, then acknowledges it. */
    Uni<Void> refused(Pending p, String reason) {
        return retried(
                        () -> {
                            CompletableFuture<?> parked = writes.park(p.primaryKey(), SinkEvents.refused(p, reason));
                            RunEvent rejected = SinkEvents.rejected(p, reason);
                            CompletableFuture<?> counted = rejected == null
                                    ? CompletableFuture.completedFuture(null)
                                    : writes.publish(rejected);
                            return CompletableFuture.allOf(parked, counted);
                        },
                        "park a record ODP refused")
                .chain(() -> commits.finishedAll(List.of(p)))
                .invoke(() -> metrics.recordRejected("odp"));
    }

    /**
     * Parks a stores-topic record the sink cannot read, then counts it finished in its poll.
     *
     * @param topic     the record's topic, partition and offset, for the log
     */
    Uni<Void> unreadable(
            String topic, int partition, long offset, String key, byte[] value, String reason, PolledPartition part) {
        LOG.errorf("Parking unreadable store record at %s-%d@%d: %s", topic, partition, offset, reason);
        return retried(() -> writes.park(key, SinkEvents.unreadable(reason, value)), "park an unreadable store record")
                .chain(() -> commits.finished(part));
    }

    /**
     * Runs a Kafka write until it is acknowledged: each retry sends again (the supplier is called per attempt).
     */
    private Uni<Void> retried(Supplier<CompletableFuture<?>> write, String what) {
        return runtime.retried(Uni.createFrom()
                        .deferred(() -> Uni.createFrom().completionStage(write.get()))
                        .onFailure()
                        .invoke(e -> LOG.warnf("Could not %s, retrying: %s", what, e.toString())))
                .replaceWithVoid();
    }
}
