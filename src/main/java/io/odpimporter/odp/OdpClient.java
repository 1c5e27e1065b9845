package io.odpimporter.odp;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * ODP's objects API, built by {@link OdpClients} with the region's base URL and explicit timeouts.
 * Source: https://docs.developers.optimizely.com/optimizely-data-platform/reference/upsert-objects
 */
@Path("/v3")
public interface OdpClient {

    /**
     * Upserts objects: {@code POST /v3/objects/{object}} with a JSON array body.
     *
     * @param object the object type, e.g. {@code ocp_quickstart_offline_stores}
     * @param apiKey the private API key ({@code x-api-key})
     * @param body   a JSON array of objects, each with the primary key field (at most 500), as UTF-8 bytes (sent as
     *               they are: no re-encoding of a large string per request)
     * @return the response: 202 {@code {"title":"Accepted","status":202,"timestamp":...}} on success; 400 with
     *         {@code detail.invalids}, 401/403 for a bad key, 404 for an unknown object, 429, 5xx
     */
    @POST
    @Path("/objects/{object}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    Uni<Response> upsert(@PathParam("object") String object, @HeaderParam("x-api-key") String apiKey, byte[] body);

    /**
     * Reads an object type's schema: {@code GET /v3/schema/objects/{object}}, the wellness probe (cheap,
     * authenticated, no side effect). Source: https://docs.developers.optimizely.com/optimizely-data-platform/reference/get-object
     *
     * @return 200 with the object's {@code name}, {@code display_name} and fields; 401/403 for a bad key; 404 if the
     *         object type does not exist; the REST client throws a {@code WebApplicationException} for those
     */
    @GET
    @Path("/schema/objects/{object}")
    @Produces(MediaType.APPLICATION_JSON)
    Uni<Response> objectSchema(@PathParam("object") String object, @HeaderParam("x-api-key") String apiKey);
}
