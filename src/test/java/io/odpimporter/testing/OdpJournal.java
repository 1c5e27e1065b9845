package io.odpimporter.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Predicate;


/** Reads what the ODP stand-in received: the objects of accepted (2xx) upsert requests. */
public final class OdpJournal {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private OdpJournal() {
    }

    /** An upsert request: its status, its objects and when the stand-in received it. */
    public record Upsert(String objectType, int status, List<JsonNode> objects, java.time.Instant at,
                         java.time.Duration took) {

        /** @return when the stand-in answered */
        public java.time.Instant end() {
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
            if (!request.getMethod().getName().equals("POST") || !request.getUrl().startsWith("/v3/objects/")) {
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
                    result.add(new Upsert(request.getUrl().substring("/v3/objects/".length()),
                            event.getResponse().getStatus(), objects, request.getLoggedDate().toInstant(),
                            java.time.Duration.ofMillis(event.getTiming() == null || event.getTiming().getTotalTime() == null
                                    ? 0 : event.getTiming().getTotalTime())));
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
        upserts(odp, idField, ids).stream().filter(u -> u.status() / 100 == 2).forEach(u -> objects.addAll(u.objects()));
        return objects;
    }
}
