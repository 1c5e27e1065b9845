package io.odpimporter.rest;

import com.azure.storage.blob.models.BlobStorageException;
import io.odpimporter.files.FileListing;
import io.odpimporter.files.FileQuery;
import io.odpimporter.files.Reimport;
import io.odpimporter.files.ReimportDecision;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Files one by one (docs/operations.md, "Files"): each blob version's status, one blob's history, and re-importing
 * a version. Blob names travel only as query parameters or in JSON bodies, never as path segments.
 * <ul>
 *   <li>{@code GET /files?status=&prefix=&modifiedFrom=&modifiedTo=&limit=&continuation=}: a page of versions
 *   ({@link FileListing} says how the ledger and the container combine);</li>
 *   <li>{@code GET /files/history?name=}: every version of one blob;</li>
 *   <li>{@code POST /files/reimport} {@code {"name", "etag"?}} (operator): {@link Reimport}.</li>
 * </ul>
 */
@Path(FilesResource.PATH)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Files", description = "Each blob version's status, history and re-import")
public class FilesResource {

    public static final String PATH = "/files";

    static final String ITEM_EXAMPLE = "{\"container\":\"offline-stores\",\"blobName\":\"2026/11/stores.json\","
            + "\"etag\":\"0x8DD1F2A3B4C5D6E\",\"status\":\"DELIVERED\",\"runId\":\"run-20261129T060000Z-1a2b3c4d\","
            + "\"rule\":\"stores@3f2a9c1b\",\"format\":\"json\",\"records\":10,\"accepted\":9,\"rejected\":1,"
            + "\"parked\":1,\"lastModified\":\"2026-11-29T05:59:12Z\",\"updatedAt\":\"2026-11-29T06:00:04.090Z\","
            + "\"afterImport\":{\"action\":\"tag\",\"state\":\"DONE\",\"at\":\"2026-11-29T06:00:05Z\",\"attempts\":1}}";

    private final FileListing listing;
    private final Reimport reimport;

    public FilesResource(FileListing listing, Reimport reimport) {
        this.listing = listing;
        this.reimport = reimport;
    }

    /** The body of {@code POST /files/reimport}. */
    public record ReimportRequest(String name, String etag) {}

    @GET
    @Operation(
            summary = "List blob versions with their status",
            description = "A status filter of ledger states only (IN_PROGRESS, IMPORTED, DELIVERED, FAILED) pages "
                    + "through the ledger by name, every version it has; otherwise one page of the container "
                    + "listing (at most limit blobs, continued with Blob Storage's token), each blob's current "
                    + "version with its ledger state, SKIPPED (no rule matches) or NOT_IMPORTED. Filters apply to "
                    + "the page read: a page may hold fewer than limit items while continuation is not null.")
    @APIResponse(
            responseCode = "200",
            description = "A page of files; continuation is null after the last page",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            examples =
                                    @ExampleObject(
                                            name = "page",
                                            value = "{\"files\":[" + ITEM_EXAMPLE
                                                    + ",{\"container\":\"offline-stores\","
                                                    + "\"blobName\":\"2026/12/stores.json\",\"etag\":\"0x8DD2A1B2C3D4E5F\","
                                                    + "\"status\":\"NOT_IMPORTED\",\"rule\":\"stores@3f2a9c1b\","
                                                    + "\"lastModified\":\"2026-12-01T08:00:00Z\"}],"
                                                    + "\"continuation\":\"TDoyITEyMCFNREF3TURBd05BPT0\"}")))
    @APIResponse(
            responseCode = "400",
            description = "A bad filter: the error names the parameter and what it takes",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            examples =
                                    @ExampleObject(
                                            name = "bad",
                                            value = "{\"error\":\"status: unknown status 'DONE'; allowed "
                                                    + "(comma-separated): IN_PROGRESS, IMPORTED, DELIVERED, FAILED, "
                                                    + "SKIPPED, NOT_IMPORTED\"}")))
    @APIResponse(responseCode = "503", description = "The ledger view or Blob Storage could not be read")
    public Response list(
            @Parameter(
                            description =
                                    "Comma-separated: IN_PROGRESS, IMPORTED, DELIVERED, FAILED, SKIPPED, NOT_IMPORTED",
                            example = "FAILED,NOT_IMPORTED")
                    @QueryParam("status")
                    String status,
            @Parameter(description = "Blob name prefix (after importer.azure.prefix)", example = "2026/11/")
                    @QueryParam("prefix")
                    String prefix,
            @Parameter(description = "Last modified at or after (ISO-8601)", example = "2026-11-01T00:00:00Z")
                    @QueryParam("modifiedFrom")
                    String modifiedFrom,
            @Parameter(description = "Last modified before (ISO-8601)", example = "2026-12-01T00:00:00Z")
                    @QueryParam("modifiedTo")
                    String modifiedTo,
            @Parameter(description = "Page size (1..1000)", example = "100") @QueryParam("limit") @DefaultValue("100")
                    int limit,
            @Parameter(description = "The previous page's continuation, as it was") @QueryParam("continuation")
                    String continuation) {
        FileQuery query;
        try {
            query = FileQuery.parse(status, prefix, modifiedFrom, modifiedTo, limit, continuation);
        } catch (FileQuery.BadQueryException e) {
            return Answers.badRequest(e.getMessage());
        }
        return azure(() -> {
            FileListing.Page page = listing.list(query);
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("files", page.files());
            body.put("continuation", page.continuation());
            return Response.ok(body).build();
        });
    }

    @GET
    @Path("/history")
    @Operation(
            summary = "One blob's versions",
            description = "Every version of the blob the ledger has (moved or deleted ones too), and its current "
                    + "version if the ledger does not have it (NOT_IMPORTED or SKIPPED), newest first.")
    @APIResponse(
            responseCode = "200",
            description = "The versions, newest first",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            examples =
                                    @ExampleObject(
                                            name = "history",
                                            value =
                                                    "{\"container\":\"offline-stores\",\"name\":\"2026/11/stores.json\","
                                                            + "\"versions\":[" + ITEM_EXAMPLE + "]}")))
    @APIResponse(
            responseCode = "400",
            description = "No name",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            examples =
                                    @ExampleObject(
                                            name = "bad",
                                            value = "{\"error\":\"name is required: the blob's whole name\"}")))
    @APIResponse(responseCode = "503", description = "The ledger view or Blob Storage could not be read")
    public Response history(
            @Parameter(description = "The blob's whole name", required = true, example = "2026/11/stores.json")
                    @QueryParam("name")
                    String name) {
        if (name == null || name.isEmpty()) {
            return Answers.badRequest("name is required: the blob's whole name");
        }
        return azure(() -> Response.ok(listing.history(name)).build());
    }

    @POST
    @Path("/reimport")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Import one blob version again",
            description = "Although the ledger has it: a REPLAY run of that one version (no sweep lock), recording "
                    + "who asked. Without etag: the current version. A blob moved after its import is re-imported "
                    + "from where the ledger says it went. Re-importing an older file can overwrite newer values for "
                    + "keys it shares with later files.")
    @APIResponse(
            responseCode = "202",
            description = "Re-import started; Location names its run",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            examples =
                                    @ExampleObject(
                                            name = "started",
                                            value =
                                                    "{\"runId\":\"run-20261129T071500Z-9f8e7d6c\",\"status\":\"RUNNING\","
                                                            + "\"file\":\"offline-stores/2026/11/stores.json@0x8DD1F2A3B4C5D6E\","
                                                            + "\"warning\":\"" + Reimport.WARNING + "\"}")))
    @APIResponse(responseCode = "400", description = "No name, or a body that is not JSON")
    @APIResponse(responseCode = "403", description = "Not an operator")
    @APIResponse(
            responseCode = "404",
            description = "The blob is gone (and was not moved, or its destination is gone too)",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            examples =
                                    @ExampleObject(
                                            name = "gone",
                                            value = "{\"error\":\"Blob 2026/11/stores.json is not in container "
                                                    + "offline-stores (the ledger has it: it was deleted since)\"}")))
    @APIResponse(
            responseCode = "409",
            description = "That version is being imported",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            examples =
                                    @ExampleObject(
                                            name = "busy",
                                            value = "{\"error\":\"Blob 2026/11/stores.json (ETag 0x8DD1F2A3B4C5D6E) is "
                                                    + "being imported by run run-20261129T060000Z-1a2b3c4d: re-import "
                                                    + "it once that run is done with it\",\"runId\":"
                                                    + "\"run-20261129T060000Z-1a2b3c4d\"}")))
    @APIResponse(
            responseCode = "412",
            description = "The ETag given is not the blob's current version",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            examples =
                                    @ExampleObject(
                                            name = "changed",
                                            value = "{\"error\":\"ETag 0x8DD1F2A3B4C5D6E is not the current version of "
                                                    + "blob 2026/11/stores.json: its current ETag is 0x8DD2A1B2C3D4E5F "
                                                    + "(re-import that one, or leave etag out)\",\"currentEtag\":"
                                                    + "\"0x8DD2A1B2C3D4E5F\"}")))
    @APIResponse(responseCode = "422", description = "No rule matches the blob: nothing would import it")
    @APIResponse(
            responseCode = "503",
            description = "Kafka or Blob Storage failed; the error names the run if one began")
    public Response reimport(
            @RequestBody(
                            description = "The blob's whole name; etag optional (the current version if left out)",
                            required = true,
                            content =
                                    @Content(
                                            mediaType = MediaType.APPLICATION_JSON,
                                            examples =
                                                    @ExampleObject(
                                                            name = "one version",
                                                            value = "{\"name\":\"2026/11/stores.json\",\"etag\":"
                                                                    + "\"0x8DD1F2A3B4C5D6E\"}")))
                    ReimportRequest request,
            @Context SecurityContext security) {
        if (request == null || request.name() == null || request.name().isEmpty()) {
            return Answers.badRequest("name is required: {\"name\": \"<the blob's whole name>\", \"etag\": "
                    + "\"<optional: the version, the current one if left out>\"}");
        }
        String user = security.getUserPrincipal() == null
                        || security.getUserPrincipal().getName().isEmpty()
                ? "anonymous"
                : security.getUserPrincipal().getName();
        return azure(() -> answer(reimport.reimport(request.name(), request.etag(), user)));
    }

    private static Response answer(Object outcome) {
        if (outcome instanceof Reimport.Started started) {
            return Response.accepted(started)
                    .location(URI.create(RunsResource.PATH + "/" + started.runId()))
                    .build();
        }
        if (outcome instanceof Reimport.Unmatched unmatched) {
            return Response.status(422)
                    .entity(Map.of("error", unmatched.error()))
                    .build();
        }
        Map<String, Object> body = new LinkedHashMap<>();
        ReimportDecision decision = (ReimportDecision) outcome;
        if (decision instanceof ReimportDecision.InProgress busy) {
            body.put("error", busy.error());
            body.put("runId", busy.runId());
        } else if (decision instanceof ReimportDecision.NotCurrent changed) {
            body.put("error", changed.error());
            body.put("currentEtag", changed.currentEtag());
        } else if (decision instanceof ReimportDecision.Gone gone) {
            body.put("error", gone.error());
        } else {
            throw new IllegalStateException("not a refusal: " + decision);
        }
        return Response.status(decision.status()).entity(body).build();
    }

    /** @return what {@code call} answers; 503 naming Blob Storage's refusal if it fails */
    private static Response azure(Supplier<Response> call) {
        try {
            return call.get();
        } catch (BlobStorageException e) {
            return Response.status(Response.Status.SERVICE_UNAVAILABLE)
                    .entity(Map.of(
                            "error",
                            "Blob Storage refused the request: HTTP " + e.getStatusCode() + " " + e.getErrorCode()))
                    .build();
        }
    }
}
