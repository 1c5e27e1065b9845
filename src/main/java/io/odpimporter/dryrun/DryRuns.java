package io.odpimporter.dryrun;

import com.azure.storage.blob.BlobContainerClient;
import io.odpimporter.config.ImporterConfig;
import io.odpimporter.discovery.NewVersions;
import io.odpimporter.discovery.SweepRequest;
import io.odpimporter.domain.RunEvent;
import io.odpimporter.importer.FileRecords;
import io.odpimporter.kafka.KafkaWriter;
import io.odpimporter.logging.RunMdc;
import io.odpimporter.rules.Rules;
import io.odpimporter.runs.RunIds;
import io.odpimporter.runs.RunRegistry;
import io.odpimporter.state.InstanceId;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Starts dry runs (docs/architecture.md, "Dry run"; {@code POST .../runs?dryRun=true}): at most
 * {@code importer.dry-run.max-concurrent} at once on this replica, each on a worker of the shared Mutiny worker pool,
 * on the replica that received the request. A dry run takes no sweep lock and uses no file announcer; its STARTED
 * names this replica as owner, and while it works it writes its current file's FILE_DISCOVERED again every
 * {@code importer.sweep.lock-heartbeat}, so the runs view ends it ERROR if this replica goes away.
 */
@ApplicationScoped
public class DryRuns {

    private static final Logger LOG = Logger.getLogger(DryRuns.class);

    private final ImporterConfig config;
    private final RunRegistry runs;
    private final NewVersions newVersions;
    private final FileRecords files;
    private final Rules rules;
    private final LiveSchemas schemas;
    private final InstanceId instance;
    private final BlobContainerClient container;
    private final DryRunSlots slots;
    /** The file each running dry run reads: written again as its heartbeat. */
    private final Map<String, RunEvent.Discovered> reading = new ConcurrentHashMap<>();

    public DryRuns(
            ImporterConfig config,
            RunRegistry runs,
            NewVersions newVersions,
            FileRecords files,
            Rules rules,
            LiveSchemas schemas,
            InstanceId instance,
            BlobContainerClient container) {
        this.config = config;
        this.runs = runs;
        this.newVersions = newVersions;
        this.files = files;
        this.rules = rules;
        this.schemas = schemas;
        this.instance = instance;
        this.container = container;
        this.slots = new DryRunSlots(config.dryRun().maxConcurrent());
    }

    /**
     * Starts a dry run of what a sweep of {@code request} would import.
     *
     * @return its run id; empty if {@code importer.dry-run.max-concurrent} dry runs already run on this replica
     * @throws KafkaWriter.KafkaWriteException if Kafka is unreachable (nothing started)
     */
    public Optional<String> start(SweepRequest request) {
        if (!slots.tryTake()) {
            return Optional.empty();
        }
        String runId = RunIds.newRun();
        runs.dryRunStarted(runId);
        try {
            RunEvent.Started started = RunEvent.started(
                            runId,
                            request.trigger(),
                            request.trackerId(),
                            request.force(),
                            newVersions.fullPrefix(request),
                            instance.get(),
                            null)
                    .with(request.requestedBy(), request.modifiedFrom(), request.modifiedTo(), null)
                    .asDryRun();
            KafkaWriter.await(runs.publish(started));
        } catch (RuntimeException e) {
            runs.dryRunEnded(runId);
            slots.release();
            throw e;
        }
        try (RunMdc ignored = RunMdc.of(runId)) {
            LOG.infof(
                    "Dry run %s started (prefix '%s'%s%s%s): nothing is sent to ODP, recorded in the ledger or "
                            + "moved",
                    runId,
                    newVersions.fullPrefix(request),
                    request.force() ? ", force" : "",
                    request.backfill()
                            ? ", modified in [" + (request.modifiedFrom() == null ? "" : request.modifiedFrom()) + ", "
                                    + (request.modifiedTo() == null ? "" : request.modifiedTo()) + ")"
                            : "",
                    request.requestedBy() == null ? "" : ", requested by " + request.requestedBy());
        }
        Infrastructure.getDefaultWorkerPool().execute(() -> {
            try (RunMdc ignored = RunMdc.of(runId)) {
                work(runId).run(runId, request);
            } catch (RuntimeException e) {
                LOG.errorf("Dry run %s could not record its end: %s", runId, e.getMessage());
            } finally {
                reading.remove(runId);
                runs.dryRunEnded(runId);
                slots.release();
            }
        });
        return Optional.of(runId);
    }

    /** @return dry runs running on this replica now */
    public int running() {
        return slots.running();
    }

    private DryRunWork work(String runId) {
        return new DryRunWork(
                newVersions::list,
                files::read,
                rules,
                schemas.forRun(),
                event -> KafkaWriter.await(runs.publish(event)),
                () -> runs.cancelRequested(runId),
                container.getAccountName(),
                config.azure().container(),
                instance.get(),
                config.dryRun().examples(),
                file -> {
                    if (file == null) {
                        reading.remove(runId);
                    } else {
                        reading.put(runId, file);
                    }
                });
    }

    /** The running dry runs' sign of life: their current file's FILE_DISCOVERED again (same key, same content). */
    @Scheduled(every = "${importer.sweep.lock-heartbeat}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void heartbeat() {
        reading.values()
                .forEach(file -> runs.publish(
                                new RunEvent.Discovered(file.runId(), Instant.now(), file.file(), file.blobName()))
                        .exceptionally(e -> null));
    }
}
