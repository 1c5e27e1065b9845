package io.odpimporter.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Predicate;

/**
 * Reads what the ODP stand-in received at its events endpoint ({@code POST /v3/events}): the events of each request,
 * and of those it accepted as ODP does (202 or 200 with ODP's JSON answer, as {@link OdpJournal} judges objects).
 */
public final class OdpEvents {

    public static final String PATH = "/v3/events";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private OdpEvents() {}

    /** A request to the events endpoint: its status, whether ODP's answer accepted it, and its matching events. */
    public record Post(int status, boolean accepted, List<JsonNode> events) {}

    /** @return every events request, oldest first, with the events that match (requests without any left out) */
    public static List<Post> posts(WireMockServer odp, Predicate<JsonNode> events) {
        List<Post> result = new ArrayList<>();
        for (var served : odp.getAllServeEvents()) {
            LoggedRequest request = served.getRequest();
            if (!request.getMethod().getName().equals("POST")
                    || !request.getUrl().equals(PATH)) {
                continue;
            }
            try {
                List<JsonNode> matching = new ArrayList<>();
                MAPPER.readTree(request.getBodyAsString()).forEach(e -> {
                    if (events.test(e)) {
                        matching.add(e);
                    }
                });
                if (!matching.isEmpty()) {
                    int status = served.getResponse().getStatus();
                    result.add(new Post(
                            status,
                            OdpJournal.accepts(status, served.getResponse().getBodyAsString()),
                            matching));
                }
            } catch (Exception e) {
                // not JSON: not ours
            }
        }
        Collections.reverse(result); // WireMock lists newest first
        return result;
    }

    /** @return the matching events of accepted requests, in the order ODP accepted them (re-sends included) */
    public static List<JsonNode> accepted(WireMockServer odp, Predicate<JsonNode> events) {
        List<JsonNode> accepted = new ArrayList<>();
        posts(odp, events).stream().filter(Post::accepted).forEach(p -> accepted.addAll(p.events()));
        return accepted;
    }

    /** @return a predicate on an event's first identifier's value: it starts with {@code prefix} */
    public static Predicate<JsonNode> identifiedBy(String prefix) {
        return e -> {
            var values = e.path("identifiers").elements();
            return values.hasNext() && values.next().asText().startsWith(prefix);
        };
    }

    /** @return the event's {@code data.idempotence_id} */
    public static String idempotenceId(JsonNode event) {
        return event.path("data").path("idempotence_id").asText(null);
    }
}
