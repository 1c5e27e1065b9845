package io.odpimporter.rest;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;

import java.util.Map;
import java.util.Optional;

/** The JSON error answers the REST resources share: {@code {"error": "<what is wrong and what to do>"}}. */
final class Answers {

    /** Largest {@code limit} a list endpoint takes. */
    static final int MAX_LIMIT = 1000;

    private Answers() {}

    /** @return 400 with {@code error} */
    static Response badRequest(String error) {
        return Response.status(Response.Status.BAD_REQUEST)
                .entity(Map.of("error", error))
                .build();
    }

    /** @return 400 if {@code limit} is outside 1..{@value #MAX_LIMIT}, else empty */
    static Optional<Response> badLimit(int limit) {
        return limit < 1 || limit > MAX_LIMIT
                ? Optional.of(badRequest("limit must be between 1 and " + MAX_LIMIT))
                : Optional.empty();
    }

    /** @return who asks: the authenticated user's name, {@code anonymous} without one (reads opened by "permit") */
    static String user(SecurityContext security) {
        return security.getUserPrincipal() == null
                        || security.getUserPrincipal().getName().isEmpty()
                ? "anonymous"
                : security.getUserPrincipal().getName();
    }

    /** @return 404 for a run id nobody started */
    static Response unknownRun(String id) {
        return Response.status(Response.Status.NOT_FOUND)
                .entity(Map.of("error", "No run " + id + " (runs are listed at " + RunsResource.PATH + ")"))
                .build();
    }
}
