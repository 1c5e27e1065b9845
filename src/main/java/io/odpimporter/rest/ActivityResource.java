package io.odpimporter.rest;

import io.odpimporter.activity.ActivityLog;
import io.odpimporter.domain.ActivityEntry;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/** The activity log, like OCP's Activity Log: run ends, files parked as bad, configuration faults. */
@Path("/activity")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Activity", description = "What happened, for people: run ends, bad files, configuration faults")
public class ActivityResource {

    private final ActivityLog activity;

    public ActivityResource(ActivityLog activity) {
        this.activity = activity;
    }

    /**
     * @param level comma-separated levels to list (INFO, SUCCESS, WARN, ERROR; any case); none: all
     * @param limit at most this many (1..1000, default 100)
     * @return 200 entries newest first {@code [{id, at, level, activity, title, summary, details, runId}]}; 400
     *         {@code {"error"}} for a bad level or limit; 503 if the activity topic cannot be read within 10 s
     */
    @GET
    @Operation(
            summary = "List activity",
            description = "Newest first: every run's end, every file parked as bad, "
                    + "every configuration fault (and its end). Kept in Kafka, shared by replicas.")
    @APIResponse(
            responseCode = "200",
            description = "Entries, newest first",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            examples =
                                    @ExampleObject(
                                            name = "activity",
                                            value =
                                                    "[{\"id\":\"run-end/run-20261129T060000Z-1a2b3c4d\",\"at\":\"2026-11-29T06:00:04.090Z\","
                                                            + "\"level\":\"WARN\",\"activity\":\"import\",\"title\":\"Offline Store Import complete\","
                                                            + "\"summary\":\"Imported 9 offline stores in run run-20261129T060000Z-1a2b3c4d "
                                                            + "(SCHEDULE): 2 file(s) (1 imported, 1 failed, 0 skipped), 9 records emitted, 9 accepted "
                                                            + "by ODP, 0 rejected\",\"details\":{\"runId\":\"run-20261129T060000Z-1a2b3c4d\","
                                                            + "\"trigger\":\"SCHEDULE\",\"files\":2,\"filesFailed\":1,\"accepted\":9},"
                                                            + "\"runId\":\"run-20261129T060000Z-1a2b3c4d\"}]")))
    @APIResponse(
            responseCode = "400",
            description = "A bad level or limit",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            examples =
                                    @ExampleObject(
                                            name = "bad",
                                            value =
                                                    "{\"error\":\"level must be INFO, SUCCESS, WARN or ERROR (comma-separated)\"}")))
    @APIResponse(responseCode = "503", description = "The activity topic could not be read (Kafka unreachable)")
    public Response list(
            @Parameter(description = "Levels to list, comma-separated", example = "warn,error") @QueryParam("level")
                    String level,
            @Parameter(description = "At most this many (1..1000)", example = "50")
                    @QueryParam("limit")
                    @DefaultValue("100")
                    int limit) {
        Set<ActivityEntry.Level> levels = EnumSet.noneOf(ActivityEntry.Level.class);
        if (level != null && !level.isBlank()) {
            try {
                for (String one : level.split(",")) {
                    levels.add(ActivityEntry.Level.parse(one));
                }
            } catch (IllegalArgumentException e) {
                return Answers.badRequest("level must be INFO, SUCCESS, WARN or ERROR (comma-separated)");
            }
        }
        Optional<Response> badLimit = Answers.badLimit(limit);
        if (badLimit.isPresent()) {
            return badLimit.get();
        }
        activity.awaitCaughtUp(RunsResource.VIEW_CATCH_UP);
        return Response.ok(activity.list(levels, limit)).build();
    }
}
