package io.odpimporter.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Predicate;

/**
 * Reads what the ODP stand-in received: the objects of upsert requests and the events of events requests, and of
 * those it accepted as ODP does (202 or 200 with ODP's JSON body {@code {title, status, timestamp}} of the same
 * status; a 2xx that is not ODP's answer is not an acceptance, the service retries it).
 */
public final class OdpJournal {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private OdpJournal() {}

    /** An upsert request: its status, whether ODP's answer accepted it, its objects and when it was received. */
    public record Upsert(
            String objectType, int status, boolean accepted, List<JsonNode> objects, Instant at, Duration took) {

        /** @return when the stand-in answered */
        public Instant end() {
            return at.plus(took);
        }

        /** @return whether the two requests were being served at the same time */
        public boolean overlaps(Upsert other) {
            return at.isBefore(other.end()) && other.at().isBefore(end());
        }
    }

    /** @return every upsert request, oldest first, whose objects' primary key starts with {@code idPrefix} */
    public static List<Upsert> upserts(WireMockServer odp, String idField, String idPrefix) {
        return upserts(odp, idField, (Predicate<String>) id -> id.startsWith(idPrefix));
    }

    /** @return every upsert request, oldest first, with objects whose primary key matches; only those objects */
    public static List<Upsert> upserts(WireMockServer odp, String idField, Predicate<String> ids) {
        List<Upsert> result = new ArrayList<>();
        for (var event : odp.getAllServeEvents()) {
            LoggedRequest request = event.getRequest();
            if (!request.getMethod().getName().equals("POST")
                    || !request.getUrl().startsWith("/v3/objects/")) {
                continue;
            }
            try {
                JsonNode body = MAPPER.readTree(request.getBodyAsString());
                List<JsonNode> objects = new ArrayList<>();
                body.forEach(o -> {
                    if (ids.test(o.path(idField).asText())) {
                        objects.add(o);
                    }
                });
                if (!objects.isEmpty()) {
                    result.add(new Upsert(
                            request.getUrl().substring("/v3/objects/".length()),
                            event.getResponse().getStatus(),
                            accepts(
                                    event.getResponse().getStatus(),
                                    event.getResponse().getBodyAsString()),
                            objects,
                            request.getLoggedDate().toInstant(),
                            took(event)));
                }
            } catch (Exception e) {
                // not JSON: not ours
            }
        }
        Collections.reverse(result); // WireMock lists newest first
        return result;
    }

    /** @return the objects of accepted requests, in the order ODP accepted them */
    public static List<JsonNode> accepted(WireMockServer odp, String idField, String idPrefix) {
        return accepted(odp, idField, (Predicate<String>) id -> id.startsWith(idPrefix));
    }

    /** @return the objects of accepted requests whose primary key matches, in the order ODP accepted them */
    public static List<JsonNode> accepted(WireMockServer odp, String idField, Predicate<String> ids) {
        List<JsonNode> objects = new ArrayList<>();
        upserts(odp, idField, ids).stream().filter(Upsert::accepted).forEach(u -> objects.addAll(u.objects()));
        return objects;
    }

    /**
     * An events request ({@code POST /v3/events}): its status, whether ODP's answer accepted it, its events (those
     * asked for) in request order, when it was received and how long the answer took.
     */
    public record EventsPost(int status, boolean accepted, List<JsonNode> events, Instant at, Duration took) {}

    /** @return events whose identifier {@code name} (in {@code identifiers}) starts with {@code prefix} */
    public static Predicate<JsonNode> identifier(String name, String prefix) {
        return event -> {
            JsonNode value = event.path("identifiers").path(name);
            return value.isValueNode() && value.asText().startsWith(prefix);
        };
    }

    /**
     * @param which the events to keep, e.g. {@link #identifier}
     * @return every events request holding at least one such event, oldest first, with only those events
     */
    public static List<EventsPost> eventPosts(WireMockServer odp, Predicate<JsonNode> which) {
        List<EventsPost> result = new ArrayList<>();
        for (var event : odp.getAllServeEvents()) {
            LoggedRequest request = event.getRequest();
            if (!request.getMethod().getName().equals("POST")
                    || !request.getUrl().startsWith("/v3/events")) {
                continue;
            }
            try {
                List<JsonNode> events = new ArrayList<>();
                MAPPER.readTree(request.getBodyAsString()).forEach(e -> {
                    if (which.test(e)) {
                        events.add(e);
                    }
                });
                if (!events.isEmpty()) {
                    int status = event.getResponse().getStatus();
                    result.add(new EventsPost(
                            status,
                            accepts(status, event.getResponse().getBodyAsString()),
                            events,
                            request.getLoggedDate().toInstant(),
                            took(event)));
                }
            } catch (Exception e) {
                // not JSON: not ours
            }
        }
        Collections.reverse(result); // WireMock lists newest first
        return result;
    }

    /**
     * @return the events of accepted events requests that {@code which} keeps, in the order ODP accepted them (a
     *         re-sent event appears once per acceptance)
     */
    public static List<JsonNode> acceptedEvents(WireMockServer odp, Predicate<JsonNode> which) {
        List<JsonNode> events = new ArrayList<>();
        eventPosts(odp, which).stream().filter(EventsPost::accepted).forEach(p -> events.addAll(p.events()));
        return events;
    }

    /** @return whether an answer accepts an upsert by ODP's contract, as bin/lib/odp-answer.mjs judges it */
    static boolean accepts(int status, String body) {
        if (status != 200 && status != 202) {
            return false;
        }
        try {
            JsonNode answer = MAPPER.readTree(body == null ? "" : body);
            return answer != null
                    && answer.isObject()
                    && answer.path("status").isInt()
                    && answer.path("status").asInt() == status
                    && answer.path("title").isTextual()
                    && answer.path("timestamp").isTextual();
        } catch (Exception e) {
            return false;
        }
    }

    /** @return how long the stand-in took to answer the request, zero if it did not record it */
    private static Duration took(ServeEvent event) {
        return Duration.ofMillis(
                event.getTiming() == null || event.getTiming().getTotalTime() == null
                        ? 0
                        : event.getTiming().getTotalTime());
    }
}
