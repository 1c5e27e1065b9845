package io.odpimporter.rest;

import io.odpimporter.schema.SchemaBootstrap;
import io.odpimporter.schema.SchemaHold;
import io.odpimporter.schema.TargetState;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The rules' ODP schema (docs/operations.md, "Schema"): what each target's object looks like to the service
 * ({@code GET /schema}, viewers) and the bootstrap on demand ({@code POST /schema/bootstrap}, operators).
 */
@Path("/schema")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Schema", description = "The ODP objects and fields the rules send to: checked, created on demand")
public class SchemaResource {

    private static final String EXAMPLE = "{\"paused\":true,\"reason\":\"the sink is paused: ODP object "
            + "ocp_quickstart_offline_stores lacks the field offline_store_location (string); create them or run the "
            + "bootstrap (missing fields); every target waits ...\",\"targets\":[{\"object\":"
            + "\"ocp_quickstart_offline_stores\",\"mode\":\"verify\",\"rules\":[\"default\"],\"state\":\"missing fields\","
            + "\"details\":\"ODP object ocp_quickstart_offline_stores lacks the field offline_store_location (string); "
            + "create them or run the bootstrap\",\"checkedAt\":\"2026-12-05T09:30:00Z\"}]}";

    private final SchemaBootstrap schema;

    public SchemaResource(SchemaBootstrap schema) {
        this.schema = schema;
    }

    /**
     * @return 200 {@code {"paused", "reason", "targets": [{"object", "mode", "rules", "state", "details",
     *         "checkedAt"}]}}: {@code state} is {@code checking}, {@code ok}, {@code created}, {@code fields added},
     *         {@code missing object}, {@code missing fields}, {@code type clash}, {@code create refused} or
     *         {@code ODP unreachable}; {@code paused} says whether the sink waits for it
     */
    @GET
    @Operation(
            summary = "The rules' ODP schema",
            description = "Per target object: its mode (create or verify), the rules sending to it, and what the "
                    + "last check found; whether the sink waits for a schema that does not match.")
    @APIResponse(
            responseCode = "200",
            description = "Each target's schema",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            examples = @ExampleObject(name = "missing field", value = EXAMPLE)))
    public Map<String, Object> view() {
        return answer(schema.states());
    }

    /** @return 200 as {@code GET /schema}, after checking every target and, with {@code create}, creating */
    @POST
    @Path("bootstrap")
    @Blocking
    @Operation(
            summary = "Run the schema bootstrap now",
            description = "Reads every target's object in ODP; with create, creates the object or the fields that "
                    + "are missing (never deletes, renames or retypes). Idempotent. Operators only.")
    @APIResponse(
            responseCode = "200",
            description = "Each target's schema afterwards",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            examples = @ExampleObject(name = "missing field", value = EXAMPLE)))
    @APIResponse(responseCode = "401", description = "No or wrong credentials")
    @APIResponse(responseCode = "403", description = "Not an operator")
    public Map<String, Object> bootstrap() {
        return answer(schema.bootstrap());
    }

    private Map<String, Object> answer(List<TargetState> states) {
        Map<String, Object> answer = new LinkedHashMap<>();
        SchemaHold.Pause pause = schema.hold().pause().orElse(null);
        answer.put("paused", pause != null);
        answer.put("reason", pause == null ? null : pause.reason());
        answer.put("targets", states.stream().map(SchemaResource::target).toList());
        return answer;
    }

    /** @return one target as the API shows it */
    static Map<String, Object> target(TargetState state) {
        Map<String, Object> target = new LinkedHashMap<>();
        target.put("object", state.object());
        target.put("mode", state.mode().configName());
        target.put("rules", state.rules());
        target.put("state", state.state().label());
        target.put("details", state.details());
        target.put("checkedAt", state.checkedAt());
        return target;
    }
}
