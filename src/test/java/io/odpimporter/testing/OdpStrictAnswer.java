package io.odpimporter.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The stand-in's answer in strict mode ({@link OdpSchemaStandIn}): the answer the mappings and the other extensions
 * gave, with the objects or events {@link OdpStrictCheck} refuses added to its invalids (ODP's 400
 * {@code detail.invalids[{event, message}]}), or a 404 for an unknown object. Only a 2xx or a 400 naming items by
 * index is changed; the rest of the answer (a delay, say) is kept.
 */
final class OdpStrictAnswer {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private OdpStrictAnswer() {}

    static ResponseDefinition objects(ResponseDefinition upstream, Request request, String type, OdpSchemaState state) {
        Optional<Map<String, String>> fields = state.fieldTypes(type);
        if (!composable(upstream)) {
            return upstream;
        }
        if (fields.isEmpty()) {
            OdpSchemaState.Answer notFound = OdpSchemaState.notFound("object type " + type + " does not exist");
            return ResponseDefinitionBuilder.like(upstream)
                    .but()
                    .withStatus(404)
                    .withHeader("Content-Type", "application/json")
                    .withBody(notFound.body().toString())
                    .build();
        }
        List<String> primaryKeys = state.primaryKeys(type);
        return merged(upstream, request, item -> OdpStrictCheck.objectProblem(item, fields.get(), primaryKeys));
    }

    static ResponseDefinition events(ResponseDefinition upstream, Request request, OdpSchemaState state) {
        if (!composable(upstream)) {
            return upstream;
        }
        Map<String, String> fields = state.fieldTypes(OdpStrictCheck.EVENTS).orElse(Map.of());
        return merged(upstream, request, event -> OdpStrictCheck.eventProblem(event, fields));
    }

    private interface Problem {
        String of(JsonNode item);
    }

    private static ResponseDefinition merged(ResponseDefinition upstream, Request request, Problem problem) {
        JsonNode body = read(request.getBodyAsString());
        if (!body.isArray()) {
            return upstream;
        }
        Map<Integer, JsonNode> invalids = new TreeMap<>();
        if (upstream.getStatus() == 400) {
            read(upstream.getBody())
                    .at("/detail/invalids")
                    .forEach(i -> invalids.put(i.path("event").asInt(), i));
        }
        boolean added = false;
        for (int i = 0; i < body.size(); i++) {
            String found = invalids.containsKey(i) ? null : problem.of(body.get(i));
            if (found != null) {
                invalids.put(i, MAPPER.createObjectNode().put("event", i).put("message", found));
                added = true;
            }
        }
        if (!added) {
            return upstream;
        }
        ObjectNode answer = OdpSchemaState.error(400, "Bad Request");
        ArrayNode list = answer.putObject("detail").putArray("invalids");
        invalids.values().forEach(list::add);
        return ResponseDefinitionBuilder.like(upstream)
                .but()
                .withStatus(400)
                .withHeader("Content-Type", "application/json")
                .withBody(answer.toString())
                .build();
    }

    /** @return whether the answer is one strict mode may change: a 2xx, or a 400 naming items by index */
    private static boolean composable(ResponseDefinition upstream) {
        int status = upstream.getStatus();
        if (status >= 200 && status < 300) {
            return true;
        }
        if (status != 400) {
            return false;
        }
        JsonNode invalids = read(upstream.getBody()).at("/detail/invalids");
        if (!invalids.isArray() || invalids.isEmpty()) {
            return false;
        }
        for (JsonNode invalid : invalids) {
            if (!invalid.path("event").isInt()) {
                return false;
            }
        }
        return true;
    }

    private static JsonNode read(String json) {
        try {
            JsonNode node = json == null ? null : MAPPER.readTree(json);
            return node == null ? MAPPER.missingNode() : node;
        } catch (Exception e) {
            return MAPPER.missingNode();
        }
    }
}
