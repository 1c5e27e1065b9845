package io.odpimporter.rest;

import io.odpimporter.activity.ActivityLog;
import io.odpimporter.discovery.ModifiedRange;
import io.odpimporter.discovery.SweepRequest;
import io.odpimporter.discovery.SweepService;
import io.odpimporter.domain.ActivityEntry;
import io.odpimporter.domain.RunLogLine;
import io.odpimporter.domain.RunStatus;
import io.odpimporter.domain.Trigger;
import io.odpimporter.dryrun.DryRuns;
import io.odpimporter.logging.RunLogs;
import io.odpimporter.runs.RunRegistry;
import io.odpimporter.runs.RunSummary;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The offline-store import job's runs, like {@code ocp jobs trigger} and {@code ocp jobs list}.
 */
@Path(RunsResource.PATH)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Runs", description = "Sweeps and webhook imports: trigger, list, inspect")
public class RunsResource {

    /** The runs resource's path. */
    public static final String PATH = "/jobs/offline_store_import/runs";

    /** The {@code Retry-After} of a dry run refused while this replica runs its limit of dry runs. */
    static final int DRY_RUN_RETRY_AFTER_SECONDS = 30;

    private final SweepService sweeps;
    private final DryRuns dryRuns;
    private final RunRegistry runs;
    private final RunLogs logs;
    private final ActivityLog activity;

    public RunsResource(SweepService sweeps, DryRuns dryRuns, RunRegistry runs, RunLogs logs, ActivityLog activity) {
        this.sweeps = sweeps;
        this.dryRuns = dryRuns;
        this.runs = runs;
        this.logs = logs;
        this.activity = activity;
    }

    /**
     * Triggers a sweep.
     *
     * @param trackerId optional id shown with the run
     * @param force     re-import blob versions already in the ledger
     * @param prefix    blob name prefix to sweep (inside the configured one)
     * @param modifiedFrom a backfill: only blobs last modified at or after this ISO-8601 instant (even before
     *                     {@code importer.sweep.start-after})
     * @param modifiedTo   a backfill: only blobs last modified before this ISO-8601 instant
     * @param dryRun       {@code true}: a dry run of the same request (docs/operations.md, "Dry run"): 429 while
     *                     {@code importer.dry-run.max-concurrent} run on this replica
     * @return 202 {@code {"runId", "status":"RUNNING"}} with a {@code Location} header (and {@code "skipped"}, the
     *         reason, when the prefix names one blob no rule matches; {@code "modifiedFrom"}, {@code "modifiedTo"}
     *         and {@code "warning"} for a backfill or a forced run); 400 {@code {"error"}} naming a bad parameter;
     *         409 {@code {"error", "runningRunId"}} while another sweep runs on any replica
     */
    @POST
    @Operation(
            summary = "Trigger a sweep",
            description =
                    "Lists the container (under the prefix) and publishes a "
                            + "file-discovered event per blob version not imported yet; the run imports them. Like `ocp jobs trigger`.")
    @APIResponse(
            responseCode = "202",
            description = "Sweep started; Location names the run",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            examples =
                                    @ExampleObject(
                                            name = "backfill",
                                            value =
                                                    "{\"runId\":\"run-20261129T060000Z-1a2b3c4d\",\"status\":\"RUNNING\","
                                                            + "\"modifiedFrom\":\"2026-11-01T00:00:00Z\",\"modifiedTo\":\"2026-11-08T00:00:00Z\","
                                                            + "\"warning\":\"" + RunSummary.OVERWRITE_WARNING + "\"}")))
    @APIResponse(
            responseCode = "409",
            description = "A sweep is already running on some replica",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            examples =
                                    @ExampleObject(
                                            name = "busy",
                                            value =
                                                    "{\"error\":\"A sweep is already running: run run-20261129T060000Z-1a2b3c4d\","
                                                            + "\"runningRunId\":\"run-20261129T060000Z-1a2b3c4d\"}")))
    @APIResponse(
            responseCode = "400",
            description = "A bad parameter",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            examples =
                                    @ExampleObject(
                                            name = "bad",
                                            value = "{\"error\":\"force must be true or false\"}")))
    @APIResponse(
            responseCode = "429",
            description = "dryRun=true: importer.dry-run.max-concurrent dry runs already run on this replica; "
                    + "Retry-After says when to ask again")
    @APIResponse(responseCode = "503", description = "Kafka unreachable: nothing started")
    public Response trigger(
            @Parameter(description = "Any id of yours, shown with the run", example = "ticket-4711")
                    @QueryParam("trackerId")
                    String trackerId,
            @Parameter(description = "Import blob versions again even if already imported", example = "false")
                    @QueryParam("force")
                    @DefaultValue("false")
                    String force,
            @Parameter(
                            description = "Sweep only blobs under this prefix (inside importer.azure.prefix)",
                            example = "2026/11/")
                    @QueryParam("prefix")
                    @DefaultValue("")
                    String prefix,
            @Parameter(
                            description = "Backfill: only blobs last modified at or after this ISO-8601 instant "
                                    + "(honoured even before importer.sweep.start-after)",
                            example = "2026-11-01T00:00:00Z")
                    @QueryParam("modifiedFrom")
                    String modifiedFrom,
            @Parameter(
                            description = "Backfill: only blobs last modified before this ISO-8601 instant",
                            example = "2026-11-08T00:00:00Z")
                    @QueryParam("modifiedTo")
                    String modifiedTo,
            @Parameter(
                            description = "Dry run: read, map and check every file the run would import against "
                                    + "ODP's live schema, and send, record and move nothing",
                            example = "false")
                    @QueryParam("dryRun")
                    @DefaultValue("false")
                    String dryRun,
            @Context UriInfo uri,
            @Context SecurityContext security) {
        // read raw: a bare ?dryRun or ?dryRun= would otherwise take the default (a real run), and a repeated one
        // its first value
        for (String flag : List.of("force", "dryRun")) {
            List<String> values = uri.getQueryParameters().get(flag);
            if (values != null
                    && (values.size() != 1
                            || !(values.get(0).equals("true") || values.get(0).equals("false")))) {
                return Answers.badRequest(flag + " must be given once, as true or false");
            }
        }
        if (prefix.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            return Answers.badRequest("prefix must not contain control characters (a blob name cannot hold them)");
        }
        Optional<ModifiedRange> range;
        try {
            range = ModifiedRange.parse(modifiedFrom, modifiedTo);
        } catch (IllegalArgumentException e) {
            return Answers.badRequest(e.getMessage());
        }
        SweepRequest request = SweepRequest.manual(
                trackerId,
                Boolean.parseBoolean(force),
                prefix,
                range.map(ModifiedRange::from).orElse(null),
                range.map(ModifiedRange::to).orElse(null),
                Answers.user(security));
        if (dryRun.equals("true")) {
            return startDryRun(request, uri);
        }
        SweepService.Started started = sweeps.start(request);
        if (!started.accepted()) {
            return Response.status(Response.Status.CONFLICT)
                    .entity(Map.of(
                            "error",
                            "A sweep is already running: run " + started.runningRunId(),
                            "runningRunId",
                            started.runningRunId()))
                    .build();
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("runId", started.runId());
        answer.put("status", RunStatus.RUNNING);
        // a prefix naming one blob no rule matches: the run records it SKIPPED; the answer says why at once
        sweeps.unmatchedBlob(request).ifPresent(reason -> answer.put("skipped", reason));
        if (request.force() || request.backfill()) {
            range.ifPresent(r -> {
                answer.put("modifiedFrom", r.from());
                answer.put("modifiedTo", r.to());
            });
            answer.put("warning", RunSummary.OVERWRITE_WARNING);
            recordAsked(started.runId(), request);
        }
        return Response.accepted(answer)
                .location(uri.getAbsolutePathBuilder().path(started.runId()).build())
                .build();
    }

    /**
     * @return 202 {@code {"runId", "status":"RUNNING", "dryRun":true}} with a {@code Location} header; 429
     *         {@code {"error"}} with {@code Retry-After} while {@code importer.dry-run.max-concurrent} dry runs run on
     *         this replica
     */
    private Response startDryRun(SweepRequest request, UriInfo uri) {
        Optional<String> runId = dryRuns.start(request);
        if (runId.isEmpty()) {
            return Response.status(Response.Status.TOO_MANY_REQUESTS)
                    .header("Retry-After", DRY_RUN_RETRY_AFTER_SECONDS)
                    .entity(Map.of(
                            "error",
                            "This replica already runs " + dryRuns.running() + " dry run(s), its limit "
                                    + "(importer.dry-run.max-concurrent): try again when one has ended"))
                    .build();
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("runId", runId.get());
        answer.put("status", RunStatus.RUNNING);
        answer.put("dryRun", true);
        answer.put("note", "nothing is sent to ODP, recorded in the ledger, moved or tagged");
        return Response.accepted(answer)
                .location(uri.getAbsolutePathBuilder().path(runId.get()).build())
                .build();
    }

    /**
     * Records who asked for a forced run or a backfill in the activity log, with the range and the warning (the
     * run's end entry names them again).
     */
    private void recordAsked(String runId, SweepRequest request) {
        String what = request.backfill() ? (request.force() ? "Forced backfill" : "Backfill") : "Forced sweep";
        activity.record(new ActivityEntry(
                ActivityEntry.SCHEMA_VERSION,
                "run-requested/" + runId,
                Instant.now(),
                ActivityEntry.Level.INFO,
                "import",
                what + " requested by " + request.requestedBy(),
                what + " run " + runId + " requested by " + request.requestedBy()
                        + (request.backfill()
                                ? " for blobs last modified in [" + orBlank(request.modifiedFrom()) + ", "
                                        + orBlank(request.modifiedTo()) + ")"
                                : "")
                        + ". " + RunSummary.OVERWRITE_WARNING,
                ActivityLog.details(
                        "runId",
                        runId,
                        "requestedBy",
                        request.requestedBy(),
                        "force",
                        request.force(),
                        "prefix",
                        request.prefix(),
                        "modifiedFrom",
                        request.modifiedFrom() == null
                                ? null
                                : request.modifiedFrom().toString(),
                        "modifiedTo",
                        request.modifiedTo() == null
                                ? null
                                : request.modifiedTo().toString(),
                        "trackerId",
                        request.trackerId()),
                runId));
    }

    private static String orBlank(Instant instant) {
        return instant == null ? "" : instant.toString();
    }

    /** How long a read waits for this replica's view of the runs topic to reach the topic's end. */
    static final Duration VIEW_CATCH_UP = Duration.ofSeconds(10);

    /** Run statuses, sorted. */
    static final Set<String> STATUSES = names(RunStatus.values());
    /** Run triggers, sorted. */
    static final Set<String> TRIGGERS = names(Trigger.values());

    private static Set<String> names(Enum<?>[] values) {
        return Arrays.stream(values).map(Enum::name).collect(Collectors.toCollection(TreeSet::new));
    }

    /**
     * @param status    only runs in this status (RUNNING, COMPLETE, CANCELLED, ERROR; any case)
     * @param trigger   only runs of this trigger (SCHEDULE, MANUAL, CATCH_UP, EVENT_GRID, REPLAY; any case)
     * @param trackerId only runs triggered with this tracker id
     * @param since     only runs created at or after this ISO-8601 instant
     * @param limit     at most this many (1..1000, default 100)
     * @return 200 runs, newest first, as of the runs topic's end when called (after a restart, counts never show an
     *         older state than before it); 400 {@code {"error"}} for a bad filter; 503 if the view cannot catch up
     *         within 10 s (Kafka unreachable)
     */
    @GET
    @Operation(summary = "List runs", description = "Newest first, with their counts and files. Like `ocp jobs list`.")
    @APIResponse(
            responseCode = "200",
            description = "Runs, newest first",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            examples = @ExampleObject(name = "runs", value = "[" + RUN_EXAMPLE + "]")))
    @APIResponse(
            responseCode = "400",
            description = "A bad filter",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            examples =
                                    @ExampleObject(
                                            name = "bad",
                                            value =
                                                    "{\"error\":\"status must be one of CANCELLED, COMPLETE, ERROR, RUNNING\"}")))
    @APIResponse(responseCode = "503", description = "This replica cannot read the runs topic (Kafka unreachable)")
    public Response list(
            @Parameter(description = "RUNNING, COMPLETE, CANCELLED or ERROR", example = "RUNNING") @QueryParam("status")
                    String status,
            @Parameter(description = "SCHEDULE, MANUAL, CATCH_UP, EVENT_GRID or REPLAY", example = "SCHEDULE")
                    @QueryParam("trigger")
                    String trigger,
            @Parameter(description = "The trackerId given to the trigger", example = "ticket-4711")
                    @QueryParam("trackerId")
                    String trackerId,
            @Parameter(description = "Runs created at or after this ISO-8601 instant", example = "2026-11-29T00:00:00Z")
                    @QueryParam("since")
                    String since,
            @Parameter(description = "At most this many runs (1..1000)", example = "20")
                    @QueryParam("limit")
                    @DefaultValue("100")
                    int limit) {
        String statusName = status == null ? null : status.toUpperCase(Locale.ROOT);
        String triggerName = trigger == null ? null : trigger.toUpperCase(Locale.ROOT);
        if (statusName != null && !STATUSES.contains(statusName)) {
            return Answers.badRequest("status must be one of " + String.join(", ", STATUSES));
        }
        if (triggerName != null && !TRIGGERS.contains(triggerName)) {
            return Answers.badRequest("trigger must be one of " + String.join(", ", TRIGGERS));
        }
        RunStatus wantedStatus = statusName == null ? null : RunStatus.valueOf(statusName);
        Trigger wantedTrigger = triggerName == null ? null : Trigger.valueOf(triggerName);
        Optional<Response> badLimit = Answers.badLimit(limit);
        if (badLimit.isPresent()) {
            return badLimit.get();
        }
        Instant from;
        try {
            from = since == null ? null : Instant.parse(since);
        } catch (DateTimeParseException e) {
            return Answers.badRequest("since must be an ISO-8601 instant such as 2026-11-29T00:00:00Z");
        }
        runs.awaitCaughtUp(VIEW_CATCH_UP);
        return Response.ok(runs.list().stream()
                        .filter(r -> wantedStatus == null || wantedStatus == r.status())
                        .filter(r -> wantedTrigger == null || wantedTrigger == r.trigger())
                        .filter(r -> trackerId == null || trackerId.equals(r.trackerId()))
                        .filter(r -> from == null
                                || (r.created() != null && !r.created().isBefore(from)))
                        .limit(limit)
                        .toList())
                .build();
    }

    /**
     * Stops a RUNNING sweep from discovering more files, like stopping an OCP job: the files it discovered so far
     * are still imported (their records go through), then the run ends CANCELLED and says what was stopped.
     *
     * @return 202 {@code {runId, status, cancellation}}; 404 unknown run; 409 {@code {"error"}} if the run is not
     *         RUNNING, is not a sweep (EVENT_GRID, REPLAY), or has finished discovering (nothing left to stop)
     */
    @POST
    @Path("{id}/cancel")
    @Operation(
            summary = "Cancel a sweep",
            description = "Stops discovery; files already discovered are imported " + "and the run ends CANCELLED.")
    @APIResponse(
            responseCode = "202",
            description = "Discovery stops at the next file",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            examples =
                                    @ExampleObject(
                                            name = "cancelling",
                                            value =
                                                    "{\"runId\":\"run-20261129T060000Z-1a2b3c4d\",\"status\":\"RUNNING\",\"cancellation\":"
                                                            + "\"cancel requested by alice at 2026-11-29T06:00:02Z: discovery stops at the next file; "
                                                            + "files already discovered are imported\"}")))
    @APIResponse(responseCode = "404", description = "No such run")
    @APIResponse(
            responseCode = "409",
            description = "Nothing to cancel",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            examples =
                                    @ExampleObject(
                                            name = "over",
                                            value =
                                                    "{\"error\":\"Run run-20261129T060000Z-1a2b3c4d has finished discovering: its files "
                                                            + "are being imported, nothing is left to cancel\"}")))
    @APIResponse(responseCode = "503", description = "Kafka unreachable: nothing changed")
    public Response cancel(
            @Parameter(description = "Run id", example = "run-20261129T060000Z-1a2b3c4d") @PathParam("id") String id,
            @Context SecurityContext security) {
        runs.awaitCaughtUp(VIEW_CATCH_UP);
        String user = Answers.user(security);
        return switch (runs.requestCancel(id, user)) {
            case UNKNOWN_RUN -> Answers.unknownRun(id);
            case NOT_A_SWEEP ->
                Response.status(Response.Status.CONFLICT)
                        .entity(Map.of(
                                "error",
                                "Run " + id
                                        + " is not a sweep: only SCHEDULE, MANUAL and CATCH_UP runs and dry runs can be "
                                        + "cancelled"))
                        .build();
            case NOT_RUNNING ->
                Response.status(Response.Status.CONFLICT)
                        .entity(Map.of("error", "Run " + id + " is not RUNNING"))
                        .build();
            case DISCOVERY_OVER ->
                Response.status(Response.Status.CONFLICT)
                        .entity(
                                Map.of(
                                        "error",
                                        "Run " + id
                                                + " has finished discovering: its files are being imported, nothing is left to cancel"))
                        .build();
            case REQUESTED -> {
                runs.awaitCaughtUp(VIEW_CATCH_UP);
                RunSummary run = runs.get(id).orElseThrow();
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("runId", id);
                body.put("status", run.status());
                body.put("cancellation", run.cancellation());
                yield Response.accepted(body).build();
            }
        };
    }

    static final String RUN_FIELDS = "\"id\":\"run-20261129T060000Z-1a2b3c4d\",\"trigger\":\"SCHEDULE\","
            + "\"status\":\"COMPLETE\",\"force\":false,\"prefix\":\"\","
            + "\"created\":\"2026-11-29T06:00:00.012Z\",\"updated\":\"2026-11-29T06:00:04.090Z\","
            + "\"ended\":\"2026-11-29T06:00:04.090Z\",\"durationMillis\":4078,\"files\":2,\"filesImported\":2,"
            + "\"filesFailed\":0,\"filesSkipped\":0,\"recordsEmitted\":10,\"accepted\":10,\"rejected\":0,"
            + "\"duplicateIds\":0,\"scheduledFor\":\"2026-11-29T06:00:00Z\"";
    static final String RUN_EXAMPLE = "{" + RUN_FIELDS + "}";
    static final String RUN_DETAIL_EXAMPLE = "{" + RUN_FIELDS + ",\"ties\":[{\"container\":\"offline-stores\","
            + "\"lastModified\":\"2026-11-29T05:59:12Z\",\"files\":2,\"blobNames\":[\"sample/stores-1.json\","
            + "\"sample/stores-2.json\"],\"last\":\"sample/stores-2.json\",\"complete\":true,\"message\":\"2 files "
            + "last modified in the same second (2026-11-29T05:59:12Z) share primary keys: sample/stores-1.json, "
            + "sample/stores-2.json. Their upload order within that second cannot be told (Last-Modified has 1-second "
            + "resolution, and they have no version ids), so for the shared keys ODP keeps the values of "
            + "sample/stores-2.json, imported last (by name)\"}],\"fileDetails\":"
            + "[{\"file\":\"offline-stores/sample/stores-1.json@0x8DD1F2A3B4C5D6E\",\"blobName\":"
            + "\"sample/stores-1.json\",\"status\":\"IMPORTED\",\"records\":5,\"emitted\":5,\"accepted\":5,"
            + "\"rejected\":0,\"duplicateIds\":0}]}";

    /**
     * @return one run with its files, as of the runs topic's end when called; 404 {@code {"error"}} if unknown;
     *         503 if this replica's view of the runs topic cannot catch up within 10 s (Kafka unreachable)
     */
    @GET
    @Path("{id}")
    @Operation(summary = "One run", description = "Its status, counts and files (with each file's first error).")
    @APIResponse(
            responseCode = "200",
            description = "The run",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            examples = @ExampleObject(name = "run", value = RUN_DETAIL_EXAMPLE)))
    @APIResponse(
            responseCode = "404",
            description = "No such run",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            examples =
                                    @ExampleObject(
                                            name = "unknown",
                                            value =
                                                    "{\"error\":\"No run run-x (runs are listed at /jobs/offline_store_import/runs)\"}")))
    @APIResponse(responseCode = "503", description = "This replica cannot read the runs topic (Kafka unreachable)")
    public Response get(
            @Parameter(description = "Run id", example = "run-20261129T060000Z-1a2b3c4d") @PathParam("id") String id) {
        runs.awaitCaughtUp(VIEW_CATCH_UP);
        return runs.get(id).map(run -> Response.ok(run).build()).orElseGet(() -> Answers.unknownRun(id));
    }

    /**
     * A run's log, like {@code ocp app logs --jobId}: the lines every replica logged about the run (sweep, file
     * imports, records parked, ODP retries of batches holding its records, its end), from the run-logs topic.
     *
     * @param level lowest level listed: DEBUG, INFO, WARN or ERROR (any case; default: all kept)
     * @param limit at most this many, the newest (1..1000, default 1000)
     * @return 200 {@code [{runId, at, level, message, blob, logger, instance, seq}]} oldest first; 400
     *         {@code {"error"}} for a bad level or limit; 404 unknown run; 503 if Kafka cannot be read
     */
    @GET
    @Path("{id}/logs")
    @Operation(
            summary = "A run's log lines",
            description = "Every replica's log lines about the run, oldest first. "
                    + "Kept in the Kafka topic odp-importer.run-logs (importer.topics.run-logs) for importer.topics.retention "
                    + "(14 days), at most importer.run-logs.max-lines-per-run (1000) lines per run and replica (the line that "
                    + "reaches the cap says so; later lines are only in the service's own log), from "
                    + "importer.run-logs.level (INFO) up.")
    @APIResponse(
            responseCode = "200",
            description = "The lines, oldest first",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            examples =
                                    @ExampleObject(
                                            name = "logs",
                                            value =
                                                    "[{\"runId\":\"run-20261129T060000Z-1a2b3c4d\",\"at\":\"2026-11-29T06:00:00.015Z\","
                                                            + "\"level\":\"INFO\",\"message\":\"Run run-20261129T060000Z-1a2b3c4d started (SCHEDULE, "
                                                            + "prefix '')\",\"logger\":\"SweepService\",\"instance\":\"vm-1-f38f6db4\",\"seq\":41},"
                                                            + "{\"runId\":\"run-20261129T060000Z-1a2b3c4d\",\"at\":\"2026-11-29T06:00:01.230Z\","
                                                            + "\"level\":\"WARN\",\"message\":\"Blob sample/stores-2.json (ETag 0x8DD1F2A3B4C5D6F) "
                                                            + "record 3 at byte 212 parked: no id\",\"blob\":\"sample/stores-2.json\",\"logger\":"
                                                            + "\"FileImporter\",\"instance\":\"vm-1-f38f6db4\",\"seq\":57}]")))
    @APIResponse(
            responseCode = "400",
            description = "A bad level or limit",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            examples =
                                    @ExampleObject(
                                            name = "bad",
                                            value = "{\"error\":\"level must be DEBUG, INFO, WARN or ERROR\"}")))
    @APIResponse(
            responseCode = "404",
            description = "No such run (or dropped: importer.runs.keep)",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            examples =
                                    @ExampleObject(
                                            name = "unknown",
                                            value =
                                                    "{\"error\":\"No run run-x (runs are listed at /jobs/offline_store_import/runs)\"}")))
    @APIResponse(responseCode = "503", description = "Kafka unreachable")
    public Response logs(
            @Parameter(description = "Run id", example = "run-20261129T060000Z-1a2b3c4d") @PathParam("id") String id,
            @Parameter(description = "Lowest level listed", example = "warn") @QueryParam("level") String level,
            @Parameter(description = "At most this many, the newest (1..1000)", example = "200")
                    @QueryParam("limit")
                    @DefaultValue("1000")
                    int limit) {
        RunLogLine.Level minimum = RunLogLine.Level.DEBUG;
        if (level != null && !level.isBlank()) {
            try {
                minimum = RunLogLine.Level.parse(level);
            } catch (IllegalArgumentException e) {
                return Answers.badRequest("level must be DEBUG, INFO, WARN or ERROR");
            }
        }
        Optional<Response> badLimit = Answers.badLimit(limit);
        if (badLimit.isPresent()) {
            return badLimit.get();
        }
        runs.awaitCaughtUp(VIEW_CATCH_UP);
        Optional<RunSummary> run = runs.get(id);
        if (run.isEmpty()) {
            return Answers.unknownRun(id);
        }
        return Response.ok(logs.read(id, run.get().created(), run.get().ended(), minimum, limit))
                .build();
    }
}
