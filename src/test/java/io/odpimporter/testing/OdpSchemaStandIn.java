package io.odpimporter.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.admin.Router;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.AdminApiExtension;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.RequestMethod;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The ODP stand-in's schema with state (../shared/reference/odp-and-ocp.md §3), a WireMock extension loaded by
 * {@link OdpStandInTestResource}, the crash suite and {@code bin/stack} ({@code --extensions}). It starts empty.
 *
 * <p>The schema API, for the stand-in's mappings that name the transformer {@value #NAME} (after their API-key
 * checks: no key 401, a {@code bad-}/{@code revoked-} key 403); a stub a test adds without it (a fault) answers
 * as the stub says:
 * <ul>
 *   <li>{@code GET /v3/schema/objects}: the objects; {@code GET /v3/schema/objects/{name}}: 200
 *       {@code {name, display_name, fields:[{name, type, display_name, description?, primary?}]}}, 404 if unknown;
 *   <li>{@code POST /v3/schema/objects}: creates it, or 400 with ODP's {@code detail.invalids[{field, reason}]}
 *       (name, types, display names, a primary field of type string; an existing name: {@code name} "already used
 *       by another object");
 *   <li>{@code POST /v3/schema/objects/{name}/fields} (one field or an array; all or none): adds them, 404 for an
 *       unknown object, 400 for an existing name ({@code name} "already exists"), a {@code primary} field, a bad
 *       name or type. Nothing is ever deleted, renamed or retyped.
 * </ul>
 *
 * <p>Strict mode (off by default; an assumption about ODP, not documented): {@code POST /v3/objects/{type}} answers
 * 404 for an unknown object and {@code POST /v3/objects/{type}} and {@code POST /v3/events} refuse, with ODP's 400
 * naming them by index ({@code {"event": i, "message"}}), the objects or events {@link OdpStrictCheck} finds wrong.
 * It applies to every answer that would have been a 2xx or a 400 naming items by index (so {@link OdpValidation}'s
 * and {@link OdpEventsValidation}'s refusals are kept and merged), never to a 401, 403, 429 or a test's fault.
 *
 * <p>The admin API, under {@code /__admin}: {@code GET /odp/schema} answers {@code {strict, objects:[...]}};
 * {@code POST /odp/schema} seeds (an object, an array of objects or {@code {objects:[...]}}, each as
 * {@code POST /v3/schema/objects} takes it, replacing one of the same name); {@code DELETE /odp/schema} resets
 * (empty, strict off); {@code POST /odp/schema/strict} turns strict mode on, {@code DELETE /odp/schema/strict} off.
 */
public final class OdpSchemaStandIn implements ResponseDefinitionTransformerV2, AdminApiExtension {

    public static final String NAME = "odp-schema";

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Pattern OBJECT = Pattern.compile("^/v3/schema/objects/([^/]+)$");
    private static final Pattern FIELDS = Pattern.compile("^/v3/schema/objects/([^/]+)/fields$");
    private static final Pattern UPSERT = Pattern.compile("^/v3/objects/([^/]+)$");

    private final OdpSchemaState state = new OdpSchemaState();

    /** Empties the schema and turns strict mode off (between test classes). */
    public void reset() {
        state.reset();
    }

    /**
     * Seeds objects, each replacing one of the same name.
     *
     * @param json an object as {@code POST /v3/schema/objects} takes it, an array of them or {@code {objects:[...]}}
     * @throws IllegalArgumentException with ODP's invalids if one is not a valid object
     */
    public void seed(String json) {
        OdpSchemaState.Answer answer = seed(read(json));
        if (answer.status() != 200) {
            throw new IllegalArgumentException("not a valid ODP object: " + answer.body());
        }
    }

    /** Turns strict mode on or off. */
    public void strict(boolean on) {
        state.strict(on);
    }

    public boolean strict() {
        return state.strict();
    }

    /** @return the object as {@code GET /v3/schema/objects/{name}} answers it, if it exists */
    public Optional<JsonNode> object(String name) {
        return state.object(name);
    }

    /** @return every object, in creation order */
    public ArrayNode objects() {
        return state.objects();
    }

    @Override
    public ResponseDefinition transform(ServeEvent serveEvent) {
        ResponseDefinition upstream = serveEvent.getResponseDefinition();
        Request request = serveEvent.getRequest();
        String path = request.getUrl().replaceFirst("[?#].*$", "");
        if (upstream.getTransformers() != null && upstream.getTransformers().contains(NAME)) {
            OdpSchemaState.Answer answer = schemaApi(request.getMethod(), path, request.getBodyAsString());
            return answer == null ? upstream : json(answer);
        }
        if (!state.strict() || !RequestMethod.POST.equals(request.getMethod())) {
            return upstream;
        }
        Matcher upsert = UPSERT.matcher(path);
        if (upsert.matches()) {
            return OdpStrictAnswer.objects(upstream, request, upsert.group(1), state);
        }
        if (path.equals("/v3/events")) {
            return OdpStrictAnswer.events(upstream, request, state);
        }
        return upstream;
    }

    private OdpSchemaState.Answer schemaApi(RequestMethod method, String path, String body) {
        Matcher object = OBJECT.matcher(path);
        Matcher fields = FIELDS.matcher(path);
        if (RequestMethod.GET.equals(method)) {
            if (path.equals("/v3/schema/objects")) {
                return new OdpSchemaState.Answer(200, state.objects());
            }
            if (object.matches()) {
                return state.object(object.group(1))
                        .map(found -> new OdpSchemaState.Answer(200, found))
                        .orElseGet(() -> OdpSchemaState.notFound("object " + object.group(1) + " does not exist"));
            }
        } else if (RequestMethod.POST.equals(method)) {
            if (path.equals("/v3/schema/objects")) {
                return state.create(read(body), false);
            }
            if (fields.matches()) {
                return state.addFields(fields.group(1), read(body));
            }
        }
        return null;
    }

    private OdpSchemaState.Answer seed(JsonNode body) {
        JsonNode objects = body != null && body.has("objects") ? body.get("objects") : body;
        if (objects == null || !(objects.isArray() || objects.isObject())) {
            return state.create(objects, true);
        }
        for (JsonNode object :
                objects.isArray() ? objects : MAPPER.createArrayNode().add(objects)) {
            OdpSchemaState.Answer answer = state.create(object, true);
            if (answer.status() != 200) {
                return answer;
            }
        }
        return new OdpSchemaState.Answer(200, status());
    }

    private ObjectNode status() {
        ObjectNode status = MAPPER.createObjectNode().put("strict", state.strict());
        status.set("objects", state.objects());
        return status;
    }

    @Override
    public void contributeAdminApiRoutes(Router router) {
        router.add(RequestMethod.GET, "/odp/schema", (admin, event, params) -> ok());
        router.add(
                RequestMethod.POST,
                "/odp/schema",
                (admin, event, params) -> json(seed(read(event.getRequest().getBodyAsString()))));
        router.add(RequestMethod.DELETE, "/odp/schema", (admin, event, params) -> {
            state.reset();
            return ok();
        });
        router.add(RequestMethod.POST, "/odp/schema/strict", (admin, event, params) -> {
            state.strict(true);
            return ok();
        });
        router.add(RequestMethod.DELETE, "/odp/schema/strict", (admin, event, params) -> {
            state.strict(false);
            return ok();
        });
    }

    private ResponseDefinition ok() {
        return json(new OdpSchemaState.Answer(200, status()));
    }

    static ResponseDefinition json(OdpSchemaState.Answer answer) {
        return new ResponseDefinitionBuilder()
                .withStatus(answer.status())
                .withHeader("Content-Type", "application/json")
                .withBody(answer.body().toString())
                .build();
    }

    private static JsonNode read(String json) {
        try {
            return json == null || json.isBlank() ? null : MAPPER.readTree(json);
        } catch (Exception e) {
            return null;
        }
    }

    @Override
    public boolean applyGlobally() {
        return true;
    }

    @Override
    public String getName() {
        return NAME;
    }
}
