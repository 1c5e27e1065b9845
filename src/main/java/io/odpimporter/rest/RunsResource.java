package io.odpimporter.rest;

import io.odpimporter.discovery.SweepRequest;
import io.odpimporter.discovery.SweepService;
import io.odpimporter.runs.RunRegistry;
import io.odpimporter.runs.RunSummary;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.core.Context;

import java.util.List;
import java.util.Map;

/**
 * The offline-store import job's runs, like {@code ocp jobs trigger} and {@code ocp jobs list}.
 */
@Path(RunsResource.PATH)
@Produces(MediaType.APPLICATION_JSON)
public class RunsResource {

    /** The runs resource's path. */
    public static final String PATH = "/jobs/offline_store_import/runs";

    private final SweepService sweeps;
    private final RunRegistry runs;

    public RunsResource(SweepService sweeps, RunRegistry runs) {
        this.sweeps = sweeps;
        this.runs = runs;
    }

    /**
     * Triggers a sweep.
     *
     * @param trackerId optional id shown with the run
     * @param force     re-import blob versions already in the ledger
     * @param prefix    blob name prefix to sweep (inside the configured one)
     * @return 202 {@code {"runId", "status":"RUNNING"}} with a {@code Location} header; 409
     *         {@code {"error", "runningRunId"}} while another sweep runs on any replica
     */
    @POST
    public Response trigger(@QueryParam("trackerId") String trackerId,
                            @QueryParam("force") @DefaultValue("false") String force,
                            @QueryParam("prefix") @DefaultValue("") String prefix,
                            @Context UriInfo uri) {
        if (!force.equals("true") && !force.equals("false")) {
            return Response.status(Response.Status.BAD_REQUEST)
                    .entity(Map.of("error", "force must be true or false")).build();
        }
        SweepService.Started started = sweeps.start(SweepRequest.manual(trackerId,
                Boolean.parseBoolean(force), prefix));
        if (!started.accepted()) {
            return Response.status(Response.Status.CONFLICT)
                    .entity(Map.of("error", "A sweep is already running: run " + started.runningRunId(),
                            "runningRunId", started.runningRunId()))
                    .build();
        }
        return Response.accepted(Map.of("runId", started.runId(), "status", "RUNNING"))
                .location(uri.getAbsolutePathBuilder().path(started.runId()).build())
                .build();
    }

    /** How long a read waits for this replica's view of the runs topic to reach the topic's end. */
    static final java.time.Duration VIEW_CATCH_UP = java.time.Duration.ofSeconds(10);

    /**
     * @return runs, newest first, as of the runs topic's end when called (after a restart, counts never show an
     *         older state than before it); 503 if the view cannot catch up within 10 s (Kafka unreachable)
     */
    @GET
    public List<RunSummary> list() {
        runs.awaitCaughtUp(VIEW_CATCH_UP);
        return runs.list();
    }

    /**
     * @return one run with its files, as of the runs topic's end when called; 404 {@code {"error"}} if unknown;
     *         503 if this replica's view of the runs topic cannot catch up within 10 s (Kafka unreachable)
     */
    @GET
    @Path("{id}")
    public Response get(@PathParam("id") String id) {
        runs.awaitCaughtUp(VIEW_CATCH_UP);
        return runs.get(id).map(run -> Response.ok(run).build())
                .orElseGet(() -> Response.status(Response.Status.NOT_FOUND)
                        .entity(Map.of("error", "No run " + id + " (runs are listed at "
                                + "/jobs/offline_store_import/runs)")).build());
    }
}
