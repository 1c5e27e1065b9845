package io.odpimporter.odp;

import com.fasterxml.jackson.databind.JsonNode;
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
 * ODP's schema API as the wellness probe reads it and the schema bootstrap changes it, built by {@link OdpClients} with the region's base URL and
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

    /**
     * Creates an object type with its fields and primary key: {@code POST /v3/schema/objects}, body {@code {name,
     * display_name, description, fields:[{name, type, display_name, description, primary?}]}} (the schema bootstrap,
     * docs/architecture.md "Schema"). Source: ../shared/reference/odp-and-ocp.md §3.
     *
     * @return 2xx when created; 400 (e.g. {@code already used by another object}) otherwise; the REST client throws a
     *         {@code WebApplicationException} for 4xx and 5xx
     */
    @POST
    @Path("/schema/objects")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    Uni<Response> createObject(JsonNode object, @HeaderParam("x-api-key") String apiKey);

    /**
     * Adds one field to an object type: {@code POST /v3/schema/objects/{object}/fields}, body {@code {name, type,
     * display_name, description}}. Source: ../shared/reference/odp-and-ocp.md §3.
     *
     * @return 2xx when added; 400 (e.g. {@code already exists}) otherwise
     */
    @POST
    @Path("/schema/objects/{object}/fields")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    Uni<Response> createField(
            @PathParam("object") String object, JsonNode field, @HeaderParam("x-api-key") String apiKey);
}
