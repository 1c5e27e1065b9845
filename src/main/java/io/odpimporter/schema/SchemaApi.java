package io.odpimporter.schema;

import java.util.Optional;

/**
 * ODP's schema API as the bootstrap uses it (../shared/reference/odp-and-ocp.md §3), answering synchronously:
 * {@code GET /v3/schema/objects/{name}}, {@code POST /v3/schema/objects}, {@code POST /v3/schema/objects/{name}/fields}.
 * The service's is {@link OdpSchemaApi}; unit tests use a fake.
 */
public interface SchemaApi {

    /** ODP's answer to a create: its status and body (the body for people, never the key). */
    record Answer(int status, String body) {

        /** @return whether ODP created it (2xx) */
        public boolean created() {
            return status / 100 == 2;
        }
    }

    /** ODP could not be asked, or answered something else than the schema or 404 (a 5xx, 401, 403, a timeout). */
    final class Unreachable extends RuntimeException {
        public Unreachable(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * @return the object's live schema; empty if ODP has no such object (404)
     * @throws Unreachable for any other answer or none
     */
    Optional<OdpSchema> read(String object);

    /**
     * {@code POST /v3/schema/objects}.
     *
     * @throws Unreachable if ODP does not answer, or answers 5xx, 401 or 403
     */
    Answer createObject(SchemaPlanner.CreateObject create);

    /**
     * {@code POST /v3/schema/objects/{object}/fields} with one field.
     *
     * @throws Unreachable if ODP does not answer, or answers 5xx, 401 or 403
     */
    Answer addField(String object, SchemaField field);
}
