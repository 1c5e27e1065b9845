package io.odpimporter.dryrun;

import io.odpimporter.schema.OdpSchema;
import io.odpimporter.schema.OdpSchemaApi;
import io.odpimporter.schema.SchemaApi;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.HashMap;
import java.util.Map;

/**
 * Reads a target object's live schema for a dry run ({@code GET /v3/schema/objects/{name}}, docs/architecture.md,
 * "Dry run"): once per run and object ({@link #forRun()}), never written. It reads through the schema bootstrap's
 * {@link OdpSchemaApi}, so both see ODP's answers alike.
 */
@ApplicationScoped
public class LiveSchemas {

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

    private final SchemaApi api;

    @Inject
    public LiveSchemas(OdpSchemaApi api) {
        this.api = api;
    }

    LiveSchemas(SchemaApi api) {
        this.api = api;
    }

    /** @return a source that reads each object once (one per dry run) */
    public Source forRun() {
        Map<String, Answer> read = new HashMap<>();
        return object -> read.computeIfAbsent(object, this::fetch);
    }

    private Answer fetch(String object) {
        try {
            return api.read(object).map(Answer::of).orElseGet(Answer::missing);
        } catch (SchemaApi.Unreachable e) {
            return Answer.failed("could not read the schema of " + object + " from ODP: " + e.getMessage());
        }
    }
}
