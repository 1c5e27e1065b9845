package io.odpimporter.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.odpimporter.deadletter.DeadLetterReplay;
import io.odpimporter.deadletter.DeadLetterTopic;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
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

import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;

/**
 * What was parked, and replaying it after a fix.
 * <ul>
 *   <li>{@code GET /dead-letters?runId=&blob=&limit=} lists dead-letter records, newest first, with their kind,
 *   reason, blob, ETag, record index and byte offset.</li>
 *   <li>{@code POST /dead-letters/replay?runId=&blob=} replays what run {@code runId} parked (optionally of one
 *   blob) as a new run: see {@link DeadLetterReplay}.</li>
 * </ul>
 * Both read the dead-letter topic whole: they are meant for operators, not for hot paths.
 */
@Path("/dead-letters")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Dead letters", description = "Records and files parked as bad, and their replay")
public class DeadLettersResource {

    private final DeadLetterTopic deadLetters;
    private final DeadLetterReplay replay;
    private final ObjectMapper mapper;

    public DeadLettersResource(DeadLetterTopic deadLetters, DeadLetterReplay replay, ObjectMapper mapper) {
        this.deadLetters = deadLetters;
        this.replay = replay;
        this.mapper = mapper;
    }

    /**
     * @param runId only records parked by this run
     * @param blob  only records of this blob
     * @param limit at most this many (1..1000, default 100)
     * @return 200 {@code [{partition, offset, kind, reason, runId, container, blobName, etag, recordIndex,
     *         byteOffset, line, format, rule, target, parkedAt, value}]} (line, format, rule and target when recorded;
     *         target: {@code events} or {@code objects:<type>}) newest first; 400 for a bad limit
     */
    @GET
    @Operation(summary = "List parked records and files", description = "Newest first, from the dead-letter topic.")
    @APIResponse(
            responseCode = "200",
            description = "Parked records and files, newest first",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            examples =
                                    @ExampleObject(
                                            name = "parked",
                                            value =
                                                    "[{\"partition\":1,\"offset\":42,\"kind\":\"INVALID_RECORD\",\"reason\":"
                                                            + "\"missing or empty \\\"id\\\" (the primary key)\",\"runId\":"
                                                            + "\"run-20261129T060000Z-1a2b3c4d\",\"container\":\"offline-stores\",\"blobName\":"
                                                            + "\"2026/11/stores.json\",\"etag\":\"0x8DD1F2A3B4C5D6E\",\"recordIndex\":1,"
                                                            + "\"byteOffset\":57,\"parkedAt\":\"2026-11-29T06:00:02.311Z\",\"value\":"
                                                            + "\"{\\\"name\\\":\\\"no id\\\"}\"}]")))
    @APIResponse(
            responseCode = "400",
            description = "A bad limit",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            examples =
                                    @ExampleObject(
                                            name = "bad",
                                            value = "{\"error\":\"limit must be between 1 and 1000\"}")))
    @APIResponse(responseCode = "503", description = "The dead-letter topic could not be read in 60 s")
    public Response list(
            @Parameter(description = "Only what this run parked", example = "run-20261129T060000Z-1a2b3c4d")
                    @QueryParam("runId")
                    String runId,
            @Parameter(description = "Only this blob's", example = "2026/11/stores.json") @QueryParam("blob")
                    String blob,
            @Parameter(description = "At most this many (1..1000)", example = "100")
                    @QueryParam("limit")
                    @DefaultValue("100")
                    int limit) {
        Optional<Response> badLimit = Answers.badLimit(limit);
        if (badLimit.isPresent()) {
            return badLimit.get();
        }
        // the newest `limit` matches, whatever the topic holds: a bounded heap, oldest on top
        Comparator<DeadLetterTopic.Parked> byTime = Comparator.comparing(
                p -> p.value() == null ? Instant.EPOCH : p.value().parkedAt());
        PriorityQueue<DeadLetterTopic.Parked> newest = new PriorityQueue<>(byTime);
        deadLetters.forEach(p -> {
            if ((runId == null || (p.value() != null && runId.equals(p.value().runId())))
                    && (blob == null
                            || (p.value() != null && blob.equals(p.value().blobName())))) {
                newest.add(p);
                if (newest.size() > limit) {
                    newest.poll();
                }
            }
        });
        List<DeadLetterTopic.Parked> found = new ArrayList<>(newest);
        found.sort(byTime.reversed());
        return Response.ok(found.stream().map(this::entry).toList()).build();
    }

    /**
     * Replays what a run parked, after its cause was fixed (ODP's schema, the configuration, the file).
     *
     * @param runId the run whose dead-letter records to replay (required)
     * @param blob  only this blob's
     * @return 202 {@code {runId, records, files, notReplayed}} with {@code Location} of the replay's run; 200 with
     *         {@code runId} absent when the run parked nothing replayable; 400 without {@code runId}; 422 when the
     *         run parked more records than one replay takes (replay it blob by blob); 503 if Kafka fails meanwhile
     *         (the error names the replay's run, which ends ERROR)
     */
    @POST
    @Path("/replay")
    @Operation(
            summary = "Replay what a run parked",
            description = "After the cause is fixed: parked records are "
                    + "sent again and parked files imported again, in a REPLAY run.")
    @APIResponse(
            responseCode = "202",
            description = "Replay started; Location names its run",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            examples =
                                    @ExampleObject(
                                            name = "started",
                                            value =
                                                    "{\"runId\":\"run-20261129T071500Z-9f8e7d6c\",\"records\":3,\"files\":1,"
                                                            + "\"notReplayed\":0}")))
    @APIResponse(
            responseCode = "200",
            description = "The run parked nothing replayable",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            examples =
                                    @ExampleObject(
                                            name = "nothing",
                                            value = "{\"records\":0,\"files\":0,\"notReplayed\":0}")))
    @APIResponse(
            responseCode = "400",
            description = "No runId",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            examples =
                                    @ExampleObject(
                                            name = "bad",
                                            value =
                                                    "{\"error\":\"runId is required: the run whose parked records and files to replay\"}")))
    @APIResponse(responseCode = "422", description = "More records than one replay takes: replay blob by blob")
    @APIResponse(responseCode = "503", description = "Kafka failed meanwhile; the error names the replay's run")
    public Response replay(
            @Parameter(
                            description = "The run whose parked records and files to replay",
                            required = true,
                            example = "run-20261129T060000Z-1a2b3c4d")
                    @QueryParam("runId")
                    String runId,
            @Parameter(description = "Only this blob's", example = "2026/11/stores.json") @QueryParam("blob")
                    String blob) {
        if (runId == null || runId.isBlank()) {
            return Answers.badRequest("runId is required: the run whose parked records and files to replay");
        }
        DeadLetterReplay.Replay started;
        try {
            started = replay.replay(runId, blob);
        } catch (DeadLetterReplay.TooLargeException e) {
            return Response.status(422).entity(Map.of("error", e.getMessage())).build();
        }
        if (started.runId() == null) {
            return Response.ok(started).build();
        }
        return Response.accepted(started)
                .location(URI.create(RunsResource.PATH + "/" + started.runId()))
                .build();
    }

    private Map<String, Object> entry(DeadLetterTopic.Parked parked) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("partition", parked.partition());
        entry.put("offset", parked.offset());
        try {
            JsonNode value = mapper.readTree(parked.raw());
            for (String field : List.of(
                    "kind",
                    "reason",
                    "runId",
                    "container",
                    "blobName",
                    "etag",
                    "recordIndex",
                    "byteOffset",
                    "line",
                    "format",
                    "rule",
                    "parkedAt",
                    "value")) {
                JsonNode node = value.get(field);
                if (node != null && !node.isNull()) {
                    entry.put(field, node.isNumber() ? node.numberValue() : node.asText());
                }
            }
            JsonNode target = value.get("target");
            if (target != null && target.isObject()) {
                // where a record ODP refused was sent, as people read it: events, or objects:<type>
                entry.put(
                        "target",
                        "EVENTS".equals(target.path("kind").asText())
                                ? "events"
                                : "objects:" + target.path("objectType").asText());
            }
        } catch (Exception e) {
            entry.put("kind", "UNREADABLE");
            entry.put("value", parked.raw());
        }
        return entry;
    }
}
