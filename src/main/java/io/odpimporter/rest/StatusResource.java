package io.odpimporter.rest;

import io.odpimporter.config.StartAfterSetting;
import io.odpimporter.deadletter.DeadLetterTopic;
import io.odpimporter.discovery.StartAfter;
import io.odpimporter.discovery.SweepScheduler;
import io.odpimporter.kafka.TopicView;
import io.odpimporter.pacing.AccountPacing;
import io.odpimporter.pacing.LimitChange;
import io.odpimporter.schema.SchemaBootstrap;
import io.odpimporter.schema.SchemaHold;
import io.odpimporter.sink.BatchingSink;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the operator page shows besides runs and activity: the sink's state and why, the dead letters, the sweep's
 * schedule, who you are.
 */
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Status", description = "The sink's state, the dead-letter count, the sweep's schedule, the caller's roles")
@Path("/")
public class StatusResource {

    private final BatchingSink sink;
    private final DeadLetterTopic deadLetters;
    private final SweepScheduler sweeps;
    private final StartAfter startAfter;
    private final SchemaBootstrap schema;

    public StatusResource(
            BatchingSink sink,
            DeadLetterTopic deadLetters,
            SweepScheduler sweeps,
            StartAfter startAfter,
            SchemaBootstrap schema) {
        this.schema = schema;
        this.sink = sink;
        this.deadLetters = deadLetters;
        this.sweeps = sweeps;
        this.startAfter = startAfter;
    }

    /**
     * @return 200 {@code {"sink": {"state", "reason", "since", "pacing", "batchSizes"}, "deadLetters": {"count",
     *         "href"}, "schedule": {"cron", "timeZone", "nextSweep"}}}: this replica's sink is {@code flowing},
     *         {@code retrying} (ODP failing, backing off) or {@code paused} (a configuration fault such as a refused
     *         key is retried; reason = ODP's answer); {@code pacing} is the adaptive limit on ODP requests in flight of
     *         the sink's ODP account ({@code host}, never the key): {@code limit}, {@code inFlight}, {@code max},
     *         {@code lastChange} {@code {"at", "from", "to", "reason"}} (absent while the limit is the initial one;
     *         reason {@code 429}, {@code 503}, {@code timeout}, {@code grew} or {@code cap}) and {@code decreases} by
     *         reason (docs/architecture.md §4.7); {@code batchSizes} holds per target (an object type, or {@code events}) the most records a batch
     *         holds now ({@code records}, below batch-size after a 413) and when it doubles ({@code regrowsIn},
     *         ISO-8601, null at batch-size; docs/architecture.md §4.5); {@code count} is null (with an {@code error})
     *         when Kafka cannot be asked within 10 s; {@code nextSweep} is the scheduler's next sweep, ISO-8601 with
     *         the offset of {@code timeZone}, null when {@code cron} is {@code off}; {@code startAfter}
     *         {@code {"instant", "setting"}} when {@code importer.sweep.start-after} is set: blobs last modified
     *         before {@code instant} are left alone; {@code setting} is {@code first-start} or the configured instant;
     *         {@code instant} is null (with an {@code error}) while the state topic cannot be read; {@code schema}
     *         {@code {"paused", "reason", "targets"}} as {@code GET /schema}: the sink is paused while a target's ODP
     *         schema does not match
     */
    @GET
    @Path("status")
    @Operation(
            summary = "Sink state, dead letters, schedule",
            description = "Of this replica's sink; the dead-letter "
                    + "count is what the dead-letter topic holds (all replicas); the sweep's cron, its time zone and the next "
                    + "scheduled sweep (null when the cron is off).")
    @APIResponse(
            responseCode = "200",
            description = "The status",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            examples =
                                    @ExampleObject(
                                            name = "paused",
                                            value =
                                                    "{\"sink\":{\"state\":\"paused\",\"reason\":\"configuration fault: ODP refuses the "
                                                            + "API key (HTTP 403) for POST https://api.zaius.com/v3/objects/ocp_quickstart_offline_stores"
                                                            + ": check importer.odp.api-key, ... (HTTP 403: Forbidden); the sink keeps the records and "
                                                            + "tries again\",\"since\":\"2026-11-29T06:00:03Z\","
                                                            + "\"pacing\":{\"host\":\"api.zaius.com\",\"limit\":12,\"inFlight\":0,\"max\":32,"
                                                            + "\"lastChange\":{\"at\":\"2026-11-29T05:58:41Z\",\"from\":13,\"to\":12,"
                                                            + "\"reason\":\"429\"},\"decreases\":{\"429\":3}},"
                                                            + "\"batchSizes\":{\"ocp_quickstart_offline_stores\":"
                                                            + "{\"records\":50,\"regrowsIn\":\"PT4M12S\"}}},"
                                                            + "\"deadLetters\":{\"count\":3,\"href\":\"/dead-letters\"},"
                                                            + "\"schedule\":{\"cron\":\"0 0 6 * * ?\",\"timeZone\":\"Europe/Prague\","
                                                            + "\"nextSweep\":\"2026-11-30T06:00:00+01:00\"},"
                                                            + "\"startAfter\":{\"instant\":\"2026-12-01T09:00:03.512Z\","
                                                            + "\"setting\":\"first-start\"}}")))
    public Map<String, Object> status() {
        BatchingSink.Status status = sink.status();
        Map<String, Object> sinkStatus = new LinkedHashMap<>();
        sinkStatus.put("state", status.state().name().toLowerCase(Locale.ROOT));
        sinkStatus.put("reason", status.reason());
        sinkStatus.put("since", status.since());
        sinkStatus.put("pacing", pacing(sink.pacing()));
        Map<String, Object> batchSizes = new LinkedHashMap<>();
        sink.batchSizes().forEach((objectType, limit) -> {
            Map<String, Object> size = new LinkedHashMap<>();
            size.put("records", limit.records());
            size.put(
                    "regrowsIn",
                    limit.regrowsIn() == null ? null : limit.regrowsIn().toString());
            batchSizes.put(objectType, size);
        });
        sinkStatus.put("batchSizes", batchSizes);
        Map<String, Object> parked = new LinkedHashMap<>();
        try {
            parked.put("count", deadLetters.count());
        } catch (TopicView.ViewNotReadyException e) {
            // Kafka is down: the sink's state still matters (it is known here), the count is not known
            parked.put("count", null);
            parked.put("error", "Kafka is not available");
        }
        parked.put("href", "/dead-letters");
        SweepScheduler.Schedule schedule = sweeps.schedule();
        Map<String, Object> sweep = new LinkedHashMap<>();
        sweep.put("cron", schedule.cron());
        sweep.put("timeZone", schedule.timeZone());
        sweep.put(
                "nextSweep",
                schedule.next() == null ? null : DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(schedule.next()));
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("sink", sinkStatus);
        answer.put("deadLetters", parked);
        answer.put("schedule", sweep);
        startAfter.setting().ifPresent(setting -> answer.put("startAfter", startAfter(setting)));
        answer.put("schema", schema());
        return answer;
    }

    /**
     * @return {@code {"paused", "reason", "targets": [...]}} as {@code GET /schema} answers (docs/operations.md,
     *         "Schema"): whether the sink waits for a target's ODP schema, and each target's state
     */
    private Map<String, Object> schema() {
        Map<String, Object> answer = new LinkedHashMap<>();
        SchemaHold.Pause pause = schema.hold().pause().orElse(null);
        answer.put("paused", pause != null);
        answer.put("reason", pause == null ? null : pause.reason());
        answer.put(
                "targets", schema.states().stream().map(SchemaResource::target).toList());
        return answer;
    }

    /** @return {@code {"instant", "setting"}} of {@code importer.sweep.start-after} (docs/operations.md) */
    private Map<String, Object> startAfter(String setting) {
        Map<String, Object> answer = new LinkedHashMap<>();
        try {
            answer.put("instant", startAfter.instant().orElse(null));
        } catch (RuntimeException e) {
            // first-start, and Kafka is down: the instant is not known yet on this replica
            answer.put("instant", null);
            answer.put("error", "Kafka is not available");
        }
        answer.put("setting", startAfter.firstStart() ? StartAfterSetting.FIRST_START : setting);
        return answer;
    }

    /** @return the sink's pacing: {@code {"host", "limit", "inFlight", "max", "lastChange", "decreases"}} */
    private static Map<String, Object> pacing(AccountPacing.Snapshot pacing) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("host", pacing.host());
        answer.put("limit", pacing.limit());
        answer.put("inFlight", pacing.inFlight());
        answer.put("max", pacing.max());
        LimitChange last = pacing.lastChange();
        if (last != null) {
            Map<String, Object> change = new LinkedHashMap<>();
            change.put("at", last.at());
            change.put("from", last.from());
            change.put("to", last.to());
            change.put("reason", last.reason().label());
            answer.put("lastChange", change);
        }
        answer.put("decreases", pacing.decreases());
        return answer;
    }

    /**
     * @return 200 {@code {"user", "roles", "canOperate"}}: the caller as the service sees it ({@code user} null
     *         without credentials); wrong credentials are answered 401 before this runs
     */
    @GET
    @Path("me")
    @Operation(
            summary = "Who am I",
            description = "The caller's user name and roles (operator, viewer), so a page can "
                    + "check a sign-in and offer only what the user may do.")
    @APIResponse(
            responseCode = "200",
            description = "The caller",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            examples =
                                    @ExampleObject(
                                            name = "operator",
                                            value =
                                                    "{\"user\":\"alice\",\"roles\":[\"operator\"],\"canOperate\":true}")))
    @APIResponse(responseCode = "401", description = "Wrong user name or password")
    public Map<String, Object> me(@Context SecurityContext security) {
        Map<String, Object> me = new LinkedHashMap<>();
        String user = security.getUserPrincipal() == null
                ? null
                : security.getUserPrincipal().getName();
        me.put("user", user == null || user.isEmpty() ? null : user);
        boolean operator = security.isUserInRole("operator");
        me.put(
                "roles",
                operator ? List.of("operator") : security.isUserInRole("viewer") ? List.of("viewer") : List.of());
        me.put("canOperate", operator);
        return me;
    }
}
