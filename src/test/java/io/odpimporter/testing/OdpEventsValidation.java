package io.odpimporter.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;

import java.time.Instant;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

/**
 * The ODP stand-in's events endpoint as the ITs have it ({@code POST /v3/events}, registered by
 * {@link OdpStandInTestResource} with {@link #stub()} before the plain mappings' shape check): validates ODP's
 * documented shape per event (docs: ZaiusInc/api-docs {@code rest-api/events.md}; /work reference §7) and answers
 * 400 {@code {"title","status","timestamp","detail":{"invalids":[{"event": <index>, "message"}]}}} naming each
 * invalid event, or ODP's 202. Per event: an object; {@code type} a non-empty string; {@code identifiers} a
 * non-empty object; {@code data} an object and {@code action} a string when present. The key, the array and its
 * 500 limit are checked by the mappings before (401, 403, 400), as for objects.
 *
 * <p>A test mode beyond ODP's contract (not a fact about ODP): with the stub parameter {@code refuseType}, events of
 * that type are refused as invalid too ({@link #refusing}), so an IT can make ODP refuse records the importer
 * cannot tell from good ones.
 */
public class OdpEventsValidation implements ResponseDefinitionTransformerV2 {

    public static final String NAME = "odp-events-validation";
    /** The priority of {@link #stub()}: after the key, array and size mappings (10-13), before the shape one (20). */
    public static final int PRIORITY = 15;

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** @return the stub that validates every events request with a key (what the stand-in does by default) */
    public static MappingBuilder stub() {
        return post(urlPathEqualTo("/v3/events"))
                .atPriority(PRIORITY)
                .withHeader("x-api-key", matching(".+"))
                .willReturn(aResponse().withTransformers(NAME));
    }

    /**
     * @param type an event type to refuse (a test mode, not ODP's behaviour)
     * @return a stub, before {@link #stub()}, that also refuses every event of {@code type} as invalid
     */
    public static MappingBuilder refusing(String type) {
        return post(urlPathEqualTo("/v3/events"))
                .atPriority(PRIORITY - 1)
                .withHeader("x-api-key", matching(".+"))
                .willReturn(aResponse().withTransformers(NAME).withTransformerParameter("refuseType", type));
    }

    @Override
    public ResponseDefinition transform(ServeEvent serveEvent) {
        Object refuseType = serveEvent.getTransformerParameters() == null
                ? null
                : serveEvent.getTransformerParameters().get("refuseType");
        JsonNode body;
        try {
            body = MAPPER.readTree(serveEvent.getRequest().getBodyAsString());
        } catch (Exception e) {
            body = null;
        }
        if (body == null || !body.isArray() || body.isEmpty()) {
            return badRequest(MAPPER.createArrayNode()
                    .add(MAPPER.createObjectNode()
                            .put("field", "body")
                            .put("reason", "body must be a non-empty JSON array of events")));
        }
        ArrayNode invalids = MAPPER.createArrayNode();
        for (int i = 0; i < body.size(); i++) {
            String problem = problem(body.get(i), refuseType == null ? null : String.valueOf(refuseType));
            if (problem != null) {
                invalids.add(MAPPER.createObjectNode().put("event", i).put("message", problem));
            }
        }
        return invalids.isEmpty() ? accepted() : badRequest(invalids);
    }

    /**
     * @param refuseType an event type refused in the test mode, or null
     * @return what is wrong with the event by ODP's documented shape, or null if nothing is
     */
    static String problem(JsonNode event, String refuseType) {
        if (!event.isObject()) {
            return "an event must be a JSON object";
        }
        JsonNode type = event.get("type");
        if (type == null || !type.isTextual() || type.asText().isEmpty()) {
            return "type must be a non-empty string";
        }
        JsonNode identifiers = event.get("identifiers");
        if (identifiers == null || !identifiers.isObject() || identifiers.isEmpty()) {
            return "identifiers must be a non-empty object";
        }
        JsonNode data = event.get("data");
        if (data != null && !data.isObject()) {
            return "data must be an object";
        }
        JsonNode action = event.get("action");
        if (action != null && !action.isTextual()) {
            return "action must be a string";
        }
        if (type.asText().equals(refuseType)) {
            return "event type " + refuseType + " is not allowed";
        }
        return null;
    }

    private static ResponseDefinition badRequest(ArrayNode invalids) {
        ObjectNode answer = MAPPER.createObjectNode()
                .put("title", "Bad Request")
                .put("status", 400)
                .put("timestamp", Instant.now().toString());
        answer.putObject("detail").set("invalids", invalids);
        return new ResponseDefinitionBuilder()
                .withStatus(400)
                .withHeader("Content-Type", "application/json")
                .withBody(answer.toString())
                .build();
    }

    private static ResponseDefinition accepted() {
        return new ResponseDefinitionBuilder()
                .withStatus(202)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"title\":\"Accepted\",\"status\":202,\"timestamp\":\"" + Instant.now() + "\"}")
                .build();
    }

    @Override
    public boolean applyGlobally() {
        return false;
    }

    @Override
    public String getName() {
        return NAME;
    }
}
