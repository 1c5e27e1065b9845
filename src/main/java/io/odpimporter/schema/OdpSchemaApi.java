package io.odpimporter.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.odpimporter.config.ImporterConfig;
import io.odpimporter.odp.OdpClient;
import io.odpimporter.odp.OdpUrls;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

import java.time.Duration;
import java.util.Optional;

/**
 * {@link SchemaApi} on the service's {@link OdpClient}, with {@code x-api-key} (never logged: a refusal's message names
 * the URL and ODP's answer only). Blocking: called on a worker thread by {@link SchemaBootstrap}, each call bounded
 * by {@code importer.odp.connect-timeout} plus {@code read-timeout}. The dry run reads live schemas through it too
 * (docs/architecture.md, "Dry run").
 */
@ApplicationScoped
public class OdpSchemaApi implements SchemaApi {

    private final OdpClient odp;
    private final ObjectMapper mapper;
    private final String apiKey;
    private final String baseUrl;
    private final Duration timeout;

    public OdpSchemaApi(OdpClient odp, ObjectMapper mapper, ImporterConfig config) {
        this.odp = odp;
        this.mapper = mapper;
        this.apiKey = config.odp().apiKey();
        this.baseUrl = config.odp().resolvedBaseUrl();
        this.timeout = config.odp().connectTimeout().plus(config.odp().readTimeout());
    }

    @Override
    public Optional<OdpSchema> read(String object) {
        String request = "GET " + OdpUrls.schema(baseUrl, object);
        try (Response response = answer(odp.objectSchema(object, apiKey), request)) {
            int status = response.getStatus();
            if (status == 404) {
                return Optional.empty();
            }
            if (status / 100 != 2) {
                throw new Unreachable("HTTP " + status + " for " + request);
            }
            JsonNode body = mapper.readTree(response.readEntity(String.class));
            return Optional.of(OdpSchema.fromJson(body));
        } catch (Unreachable e) {
            throw e;
        } catch (Exception e) {
            throw new Unreachable(
                    "an unreadable answer to " + request + ": " + e.getClass().getSimpleName());
        }
    }

    @Override
    public Answer createObject(SchemaPlanner.CreateObject create) {
        ObjectNode body = mapper.createObjectNode()
                .put("name", create.object())
                .put("display_name", create.displayName())
                .put("description", create.description());
        ArrayNode fields = body.putArray("fields");
        create.fields().forEach(f -> fields.add(field(f)));
        return created(odp.createObject(body, apiKey), "POST " + baseUrl + "/v3/schema/objects");
    }

    @Override
    public Answer addField(String object, SchemaField field) {
        return created(
                odp.createField(object, field(field), apiKey), "POST " + OdpUrls.schema(baseUrl, object) + "/fields");
    }

    private ObjectNode field(SchemaField field) {
        ObjectNode node = mapper.createObjectNode()
                .put("name", field.name())
                .put("type", SchemaTargets.lower(field.type()))
                .put("display_name", SchemaPlanner.displayName(field.name()))
                .put("description", SchemaPlanner.fieldDescription(field));
        if (field.primary()) {
            node.put("primary", true);
        }
        return node;
    }

    /** @return ODP's answer to a create; a 5xx, 429 or no answer is {@link Unreachable} */
    private Answer created(Uni<Response> call, String request) {
        try (Response response = answer(call, request)) {
            int status = response.getStatus();
            if (status >= 500 || status == 429) {
                throw new Unreachable("HTTP " + status + " for " + request);
            }
            return new Answer(status, body(response));
        }
    }

    /** @return the answer's body for people, null if there is none or it cannot be read */
    private static String body(Response response) {
        try {
            return response.hasEntity() ? response.readEntity(String.class) : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    private Response answer(Uni<Response> call, String request) {
        try {
            return call.onFailure(WebApplicationException.class)
                    .recoverWithItem(e -> ((WebApplicationException) e).getResponse())
                    .await()
                    .atMost(timeout);
        } catch (RuntimeException e) {
            throw new Unreachable("no answer to " + request + ": "
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage()));
        }
    }
}
