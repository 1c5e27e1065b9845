package io.odpimporter.odp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.odpimporter.domain.StoreRecord;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Classifies an answer of ODP's objects API.
 * Source: https://docs.developers.optimizely.com/optimizely-data-platform/reference/upsert-objects and
 * ZaiusInc/node-sdk ApiV3 (error body {@code {title, status, timestamp, message?, detail?: {invalids?}}}).
 */
public final class OdpAnswer {

    /** What the sink does with an answer. */
    public enum Kind {
        /** 2xx with ODP's JSON body: the records are upserted. */
        ACCEPTED,
        /**
         * 400 or 413: some records are invalid or the batch is too big; split, then park single records refused
         * with 400 (a single record refused with 413 is never parked: the sink retries it as a configuration fault).
         */
        INVALID,
        /** 429, 5xx, a redirect, a 2xx that is not ODP's JSON: retry the same batch. */
        RETRY,
        /** 401, 403, 404: a configuration fault (bad key, unknown object type); retry while reporting it. */
        CONFIGURATION
    }

    private OdpAnswer() {}

    /**
     * @param status HTTP status
     * @param body   the body, may be null
     * @return how to treat the answer
     */
    public static Kind classify(int status, String body, ObjectMapper mapper) {
        if (status >= 200 && status < 300) {
            return isOdpJson(body, mapper) ? Kind.ACCEPTED : Kind.RETRY;
        }
        return switch (status) {
            case 400, 413 -> Kind.INVALID;
            case 401, 403, 404 -> Kind.CONFIGURATION;
            default -> Kind.RETRY;
        };
    }

    private static boolean isOdpJson(String body, ObjectMapper mapper) {
        if (body == null || body.isBlank()) {
            return false;
        }
        try {
            JsonNode node = mapper.readTree(body);
            return node != null && node.isObject() && node.has("status");
        } catch (Exception e) {
            return false;
        }
    }

    /**
     * Reads the per-record errors of a 400 answer: {@code detail.invalids[]} entries of the form
     * {@code {"event": <index in the request array>, "message": ...}}.
     *
     * @param size the number of objects sent
     * @return index → ODP's message, or empty if the answer names no index (e.g. {@code {field, reason}} entries),
     *         or names one outside the request: then the caller must find the bad records by splitting
     */
    public static Map<Integer, String> invalidIndexes(String body, int size, ObjectMapper mapper) {
        Map<Integer, String> result = new TreeMap<>();
        try {
            JsonNode invalids =
                    mapper.readTree(body == null ? "" : body).path("detail").path("invalids");
            if (!invalids.isArray() || invalids.isEmpty()) {
                return Map.of();
            }
            for (JsonNode invalid : invalids) {
                JsonNode event = invalid.get("event");
                if (event == null || !event.canConvertToInt() || event.asInt() < 0 || event.asInt() >= size) {
                    return Map.of();
                }
                String message = invalid.path("message").asText(invalid.toString());
                result.merge(event.asInt(), message, (a, b) -> a + "; " + b);
            }
            return result;
        } catch (Exception e) {
            return Map.of();
        }
    }

    /**
     * Reads a {@code Retry-After} header: delay-seconds or an HTTP-date (RFC 9110 section 10.2.3).
     *
     * @return how long to wait, at most {@code cap}; empty if absent or unreadable
     */
    public static Optional<Duration> retryAfter(String header, Duration cap, Instant now) {
        if (header == null || header.isBlank()) {
            return Optional.empty();
        }
        Duration wait;
        try {
            wait = Duration.ofSeconds(Long.parseLong(header.trim()));
        } catch (NumberFormatException e) {
            try {
                wait = Duration.between(
                        now,
                        ZonedDateTime.parse(header.trim(), DateTimeFormatter.RFC_1123_DATE_TIME)
                                .toInstant());
            } catch (DateTimeParseException e2) {
                return Optional.empty();
            }
        }
        if (wait.isNegative()) {
            wait = Duration.ZERO;
        }
        return Optional.of(wait.compareTo(cap) > 0 ? cap : wait);
    }

    /**
     * What to check when ODP refuses a request as a configuration fault, naming the URL that was requested (a 404
     * is either an unknown object type or a base URL that is not ODP's API).
     *
     * @param request    method and full URL, e.g. {@code POST https://api.zaius.com/v3/objects/stores}
     * @param objectType {@code importer.odp.object-type}
     * @return one sentence for logs, {@code /status}, the activity log and the health check; never holds the key
     */
    public static String configurationProblem(int status, String request, String objectType) {
        return configurationProblem(status, request, StoreRecord.Target.objects(objectType));
    }

    /**
     * As {@link #configurationProblem(int, String, String)} for a request to {@code target}: a 404 to the events
     * endpoint can only be a base URL that is not ODP's API.
     */
    public static String configurationProblem(int status, String request, StoreRecord.Target target) {
        if (status == 404 && target.kind() == StoreRecord.Target.Kind.EVENTS) {
            return "ODP answered HTTP 404 for " + request + ": importer.odp.base-url is not ODP's API (it is the "
                    + "API's root, e.g. " + OdpUrls.EXAMPLE + ", with or without /v3)";
        }
        String objectType = target.objectType();
        return switch (status) {
            case 401, 403 ->
                "ODP refuses the API key (HTTP " + status + ") for " + request + ": check "
                        + "importer.odp.api-key, and that it belongs to the region of importer.odp.region or "
                        + "importer.odp.base-url";
            case 404 ->
                "ODP answered HTTP 404 for " + request + ": either ODP has no object type " + objectType
                        + " (check importer.odp.object-type) or importer.odp.base-url is not ODP's API (it is the API's "
                        + "root, e.g. " + OdpUrls.EXAMPLE + ", with or without /v3)";
            default -> "ODP answered HTTP " + status + " for " + request;
        };
    }

    /** @return ODP's reason for an error answer, short, for logs and the dead-letter topic */
    public static String reason(int status, String body) {
        String text = body == null ? "" : body.strip();
        if (text.length() > 500) {
            text = text.substring(0, 500) + "...";
        }
        return "HTTP " + status + (text.isEmpty() ? "" : ": " + text);
    }
}
