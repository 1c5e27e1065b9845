package io.odpimporter.odp;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * ODP's objects API as the wellness probe reads it, built by {@link OdpClients} with the region's base URL and
 * explicit timeouts (the sink's upserts go through {@link OdpUpserts}).
 * Source: https://docs.developers.optimizely.com/optimizely-data-platform/reference/upsert-objects
 */
@Path("/v3")
public interface OdpClient {

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
