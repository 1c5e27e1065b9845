package io.odpimporter.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;

import java.util.ArrayList;
import java.util.List;

/**
 * A WireMock transformer that answers like ODP validating objects: objects whose name field is {@code REFUSE}
 * are invalid, and the answer is a 400 naming them, either by index ({@code {"event": i, "message"}}, the
 * objects API's shape) or, with the stub parameter {@code indexes=false}, without ({@code {"field", "reason"}}).
 * With the stub parameter {@code maxBodyBytes}, a longer request body gets a 413; with {@code maxObjects}, a request
 * of more objects does (a proxy's size limit). A request with no invalid object gets ODP's 202.
 */
public class OdpValidation implements ResponseDefinitionTransformerV2 {

    public static final String NAME = "odp-validation";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Override
    public ResponseDefinition transform(ServeEvent serveEvent) {
        Object maxBodyBytes = serveEvent.getTransformerParameters().get("maxBodyBytes");
        if (maxBodyBytes != null
                && serveEvent.getRequest().getBody().length > Integer.parseInt(String.valueOf(maxBodyBytes))) {
            return tooLarge();
        }
        Object maxObjects = serveEvent.getTransformerParameters().get("maxObjects");
        if (maxObjects != null && objects(serveEvent) > Integer.parseInt(String.valueOf(maxObjects))) {
            return tooLarge();
        }
        boolean indexes = !"false"
                .equals(String.valueOf(serveEvent.getTransformerParameters().getOrDefault("indexes", "true")));
        List<String> invalids = new ArrayList<>();
        try {
            JsonNode body = MAPPER.readTree(serveEvent.getRequest().getBodyAsString());
            for (int i = 0; i < body.size(); i++) {
                if ("REFUSE".equals(body.get(i).path("offline_store_name").asText())) {
                    invalids.add(
                            indexes
                                    ? "{\"event\":" + i + ",\"message\":\"offline_store_name REFUSE is not allowed\"}"
                                    : "{\"field\":\"offline_store_name\",\"reason\":\"REFUSE is not allowed\"}");
                }
            }
        } catch (Exception e) {
            return new ResponseDefinitionBuilder()
                    .withStatus(400)
                    .withBody("not a JSON array: " + e.getMessage())
                    .build();
        }
        if (invalids.isEmpty()) {
            return accepted().build();
        }
        return new ResponseDefinitionBuilder()
                .withStatus(400)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"title\":\"Bad Request\",\"status\":400,\"timestamp\":\"2026-11-29T00:00:00Z\","
                        + "\"detail\":{\"invalids\":[" + String.join(",", invalids) + "]}}")
                .build();
    }

    private static ResponseDefinition tooLarge() {
        return new ResponseDefinitionBuilder()
                .withStatus(413)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"title\":\"Payload Too Large\",\"status\":413}")
                .build();
    }

    /** @return the objects in the request's JSON array, 0 if it is not one */
    private static int objects(ServeEvent serveEvent) {
        try {
            return MAPPER.readTree(serveEvent.getRequest().getBodyAsString()).size();
        } catch (Exception e) {
            return 0;
        }
    }

    /** @return ODP's answer to an accepted upsert: 202 with its JSON body (a builder: stubs may add a delay) */
    public static ResponseDefinitionBuilder accepted() {
        return new ResponseDefinitionBuilder()
                .withStatus(202)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"title\":\"Accepted\",\"status\":202,\"timestamp\":\"2026-11-29T00:00:00Z\"}");
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
