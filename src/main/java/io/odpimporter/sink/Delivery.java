package io.odpimporter.sink;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.odpimporter.domain.StoreRecord;
import io.odpimporter.logging.RunMdc;
import io.odpimporter.metrics.PipelineMetrics;
import io.odpimporter.odp.OdpAnswer;
import io.odpimporter.pacing.AccountPacing;
import io.odpimporter.pacing.BatchSizes;
import io.odpimporter.pacing.Outcome;
import io.smallrye.mutiny.Uni;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Sends one batch to ODP until every record is accepted or parked, following {@link AnswerRules}: attempts pass the
 * {@link RetryGate}; a failed attempt (transient answer, configuration fault, timeout, connection error) is retried
 * with backoff, forever, each attempt sending only the records whose partition is still ours. Each attempt holds a
 * permit of the account's {@link AccountPacing} from its send to ODP's answer (docs/architecture.md §4.7): the first
 * one the {@link SinkBuffer} took, each retry a new one after its backoff and the gate (waiting for it without a
 * thread, the batch keeping its keys); none is held during a backoff. The answer's {@link Outcome} adjusts the
 * limit; an attempt not sent because its records' partitions were revoked gives its permit back as
 * {@link Outcome#IGNORED}, not as a drop. {@link BatchSizes} hears of each 413 of a batch as built and of each
 * accepted size, and a batch built larger than the size remembered since is sent in parts (docs/architecture.md
 * §4.5).
 */
final class Delivery {

    private static final Logger LOG = Logger.getLogger(BatchingSink.class);

    private final OdpCall odp;
    private final SinkRuntime runtime;
    private final RetryGate gate;
    private final AccountPacing pacing;
    private final SinkState state;
    private final CommitTracker commits;
    private final Recorder recorder;
    private final PipelineMetrics metrics;
    private final ObjectMapper mapper;
    /**
     * The request's method and full URL for a target, e.g. {@code POST https://api.zaius.com/v3/objects/x} or
     * {@code POST https://api.zaius.com/v3/events}.
     */
    private final Function<StoreRecord.Target, String> upsertRequest;
    /** The batch sizes ODP's host takes, per target. */
    private final BatchSizes.Host batchSizes;
    /** Completes when the schema lets the sink send (docs/architecture.md, "Schema"): at once unless it waits. */
    private final Supplier<Uni<Void>> schemaOpen;

    Delivery(
            OdpCall odp,
            SinkRuntime runtime,
            RetryGate gate,
            AccountPacing pacing,
            SinkState state,
            CommitTracker commits,
            Recorder recorder,
            PipelineMetrics metrics,
            ObjectMapper mapper,
            Function<StoreRecord.Target, String> upsertRequest,
            BatchSizes.Host batchSizes) {
        this(
                odp,
                runtime,
                gate,
                pacing,
                state,
                commits,
                recorder,
                metrics,
                mapper,
                upsertRequest,
                batchSizes,
                () -> Uni.createFrom().voidItem());
    }

    /** @param schemaOpen completes when the schema lets the sink send; every attempt waits for it first */
    Delivery(
            OdpCall odp,
            SinkRuntime runtime,
            RetryGate gate,
            AccountPacing pacing,
            SinkState state,
            CommitTracker commits,
            Recorder recorder,
            PipelineMetrics metrics,
            ObjectMapper mapper,
            Function<StoreRecord.Target, String> upsertRequest,
            BatchSizes.Host batchSizes,
            Supplier<Uni<Void>> schemaOpen) {
        this.schemaOpen = schemaOpen;
        this.odp = odp;
        this.runtime = runtime;
        this.gate = gate;
        this.pacing = pacing;
        this.state = state;
        this.commits = commits;
        this.recorder = recorder;
        this.metrics = metrics;
        this.mapper = mapper;
        this.upsertRequest = upsertRequest;
        this.batchSizes = batchSizes;
    }

    /**
     * Sends a batch until ODP accepts it; splits it on 400/413 and parks single refused records. A batch built before
     * a 413 lowered its target's size goes in parts of at most that size, one after the other. A batch holds one
     * target (objects of one type, or events).
     *
     * @param permit the first attempt's permit (the buffer took it when it sent the batch)
     */
    Uni<Void> deliver(List<Pending> candidates, AccountPacing.Permit permit) {
        int most = batchSizes.current(candidates.get(0).target());
        if (candidates.size() <= most) {
            return deliver(candidates, permit, true);
        }
        int parts = (candidates.size() + most - 1) / most;
        Uni<Void> sent = Uni.createFrom().voidItem();
        for (int i = 0; i < parts; i++) {
            List<Pending> part =
                    List.copyOf(candidates.subList(i * candidates.size() / parts, (i + 1) * candidates.size() / parts));
            AccountPacing.Permit first = i == 0 ? permit : null; // the later parts take permits of their own
            sent = sent.chain(() -> deliver(part, first, true));
        }
        return sent;
    }

    /**
     * @param permit the first attempt's permit, or null to take one
     * @param built  whether the sink built this batch (not a part of a split): only its 413 lowers the size
     */
    private Uni<Void> deliver(List<Pending> candidates, AccountPacing.Permit permit, boolean built) {
        return post(candidates, permit, built).chain(answer -> {
            AnswerRules.Verdict verdict = AnswerRules.verdict(answer, mapper);
            if (verdict instanceof AnswerRules.Accept accept) {
                batchSizes.accepted(
                        accept.records().get(0).target(), accept.records().size());
                return recorder.accepted(accept.records());
            }
            if (verdict instanceof AnswerRules.Park park) {
                Uni<Void> parked = Uni.createFrom().voidItem();
                for (AnswerRules.Refused refused : park.refused()) {
                    Pending p = refused.record();
                    try (RunMdc ignored = RunMdc.of(p.runId())) {
                        LOG.warnf(
                                "ODP refused record %d of %s (key %s): %s",
                                p.index(), p.file(), p.primaryKey(), refused.reason());
                    }
                    parked = parked.chain(() -> recorder.refused(p, refused.reason()));
                }
                return park.resend().isEmpty() ? parked : parked.chain(() -> deliver(park.resend(), null, built));
            }
            if (verdict instanceof AnswerRules.Split split) {
                return deliver(split.left(), null, false).chain(() -> deliver(split.right(), null, false));
            }
            return Uni.createFrom().voidItem(); // every record's partition was revoked
        });
    }

    /**
     * Posts the batch's current records until ODP answers ACCEPTED or INVALID; every attempt re-checks them.
     *
     * @param first the first attempt's permit, or null to take one
     * @param built whether the sink built this batch: its 413 lowers the target's batch size
     */
    private Uni<AnswerRules.Answer> post(List<Pending> batch, AccountPacing.Permit first, boolean built) {
        StoreRecord.Target target = batch.get(0).target();
        // this batch's part in the sink's state (retrying, paused) across its attempts
        SinkState.Batch attempts = state.batch();
        AtomicReference<AccountPacing.Permit> held = new AtomicReference<>(first);
        Uni<AnswerRules.Answer> attempt = Uni.createFrom()
                .deferred(() -> {
                    AccountPacing.Permit taken = held.getAndSet(null);
                    // a schema that does not match holds every batch before it is sent (docs/architecture.md,
                    // "Schema"); the first attempt keeps the buffer's permit meanwhile
                    Uni<Void> open = schemaOpen.get().emitOn(runtime.afterAnswers());
                    Uni<AccountPacing.Permit> permit = taken != null
                            ? open.chain(gate::passage).replaceWith(taken)
                            : open.chain(gate::passage).chain(pacing::permit);
                    return permit.chain(p -> send(batch, target, p, built));
                })
                .chain(answer -> switch (answer.kind()) {
                    case ACCEPTED, INVALID -> {
                        attempts.answered(answer.status());
                        yield Uni.createFrom().item(answer);
                    }
                    case CONFIGURATION -> {
                        String reason = OdpAnswer.reason(answer.status(), answer.body());
                        attempts.configurationFault(answer.status(), reason, target);
                        yield Uni.createFrom()
                                .failure(new RetryableOdpFailure(
                                        answer.status() == 413
                                                ? "ODP refuses a single record as too large: " + reason
                                                        + " (check the request size "
                                                        + "limit of ODP or of a proxy before it, and importer.file-import.max-text-length); "
                                                        + "the sink keeps the record and tries again"
                                                : "configuration fault: "
                                                        + OdpAnswer.configurationProblem(
                                                                answer.status(), upsertRequest.apply(target), target)
                                                        + " (" + reason + "); the sink "
                                                        + "keeps the records and tries again"));
                    }
                    case RETRY ->
                        Uni.createFrom()
                                .failure(new RetryableOdpFailure(OdpAnswer.reason(answer.status(), answer.body())));
                })
                .onFailure()
                .invoke(e -> {
                    metrics.odpRetry();
                    String reason = e instanceof RetryableOdpFailure ? e.getMessage() : e.toString();
                    attempts.failed(reason);
                    try (RunMdc ignored = RunMdc.ofAll(Pending.runIds(batch))) {
                        LOG.warnf("ODP did not accept a batch of %d records, retrying: %s", batch.size(), reason);
                    }
                });
        return runtime.retried(attempt).emitOn(runtime.afterAnswers());
    }

    /**
     * One attempt holding its permit: sends the batch's records still ours, gives the permit back on the answer. A 413
     * to a batch as built lowers its target's batch size first, so the batches the freed permit starts are built or
     * sent in parts at the new size.
     */
    private Uni<AnswerRules.Answer> send(
            List<Pending> batch, StoreRecord.Target target, AccountPacing.Permit permit, boolean built) {
        List<Pending> live = batch.stream().filter(commits::current).toList();
        if (live.size() < batch.size()) {
            LOG.infof(
                    "%d records of a batch belong to revoked stores partitions: left to their new owner",
                    batch.size() - live.size());
        }
        if (live.isEmpty()) {
            // not sent: no sign of ODP's capacity
            permit.release(Outcome.IGNORED);
            return Uni.createFrom().item(new AnswerRules.Answer(OdpAnswer.Kind.ACCEPTED, 0, null, live, null));
        }
        long sent = runtime.nanoTime();
        return Uni.createFrom()
                .deferred(() -> odp.send(target, RequestBody.of(live)))
                .onFailure()
                .invoke(e -> {
                    metrics.odpRequest(0, runtime.nanoTime() - sent, live.size());
                    permit.release(Outcome.ofFailure(e));
                })
                .map(reply -> AnswerRules.judged(reply, live, mapper))
                .invoke(answer -> {
                    metrics.odpRequest(answer.status(), runtime.nanoTime() - sent, live.size());
                    // the gate closes before the permit wakes other batches: they wait for Retry-After too
                    closeGate(answer);
                    if (built && answer.status() == 413 && live.size() > 1) {
                        try (RunMdc ignored = RunMdc.ofAll(Pending.runIds(live))) {
                            batchSizes.refused(target, live.size());
                        }
                    }
                    permit.release(Outcome.ofStatus(answer.status()));
                })
                // any other end (a failure judging the answer, a cancellation): the permit is not kept
                .onTermination()
                .invoke(() -> permit.release(Outcome.IGNORED));
    }

    /** A 429 or 503 with {@code Retry-After} holds the whole sink that long. */
    private void closeGate(AnswerRules.Answer answer) {
        gate.answered(answer.status(), answer.retryAfter()).ifPresent(wait -> {
            try (RunMdc ignored = RunMdc.ofAll(Pending.runIds(answer.sent()))) {
                LOG.warnf(
                        "ODP answered %d with Retry-After %s: the sink waits %d ms",
                        answer.status(), answer.retryAfter(), wait.toMillis());
            }
        });
    }

    /** A failure worth retrying; its message never holds the API key. */
    static final class RetryableOdpFailure extends RuntimeException {
        RetryableOdpFailure(String message) {
            super(message, null, false, false);
        }
    }
}
