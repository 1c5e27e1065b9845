package io.odpimporter.dryrun;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.odpimporter.config.ImporterConfig;
import io.odpimporter.odp.OdpClient;
import io.odpimporter.schema.OdpSchema;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads a target object's live schema for a dry run ({@code GET /v3/schema/objects/{name}}, docs/architecture.md,
 * "Dry run"): once per run and object ({@link #forRun()}), never written.
 */
@ApplicationScoped
public class LiveSchemas {

    /** How long a schema read may take. */
    static final Duration TIMEOUT = Duration.ofSeconds(30);

    /** What ODP said about an object: its schema, that it does not exist, or why it could not be read. */
    public record Answer(OdpSchema schema, boolean unknown, String error) {
        static Answer of(OdpSchema schema) {
            return new Answer(schema, false, null);
        }

        static Answer missing() {
            return new Answer(null, true, null);
        }

        static Answer failed(String error) {
            return new Answer(null, false, error);
        }
    }

    /** One run's reads: each object read once. */
    @FunctionalInterface
    public interface Source {
        Answer read(String object);
    }

    private final OdpClient odp;
    private final ImporterConfig config;
    private final ObjectMapper mapper;

    public LiveSchemas(OdpClient odp, ImporterConfig config, ObjectMapper mapper) {
        this.odp = odp;
        this.config = config;
        this.mapper = mapper;
    }

    /** @return a source that reads each object once (one per dry run) */
    public Source forRun() {
        Map<String, Answer> read = new HashMap<>();
        return object -> read.computeIfAbsent(object, this::fetch);
    }

    private Answer fetch(String object) {
        try (Response response = odp.objectSchema(object, config.odp().apiKey())
                .onFailure(WebApplicationException.class)
                .recoverWithItem(e -> ((WebApplicationException) e).getResponse())
                .await()
                .atMost(TIMEOUT)) {
            int status = response.getStatus();
            if (status == 404) {
                return Answer.missing();
            }
            if (status / 100 != 2) {
                return Answer.failed("ODP answered HTTP " + status + " to GET /v3/schema/objects/" + object);
            }
            return Answer.of(OdpSchema.fromJson(mapper.readTree(response.readEntity(String.class))));
        } catch (RuntimeException | IOException e) {
            return Answer.failed("could not read the schema of " + object + " from ODP: " + e.getMessage());
        }
    }
}
