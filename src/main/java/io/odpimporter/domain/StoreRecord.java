package io.odpimporter.domain;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.Map;

/**
 * Value of the stores topic (key = the ODP primary key). Headers name the blob, its ETag, the record's index
 * in the file and the run: see {@link RecordHeaders}. Rolling upgrades: see
 * {@link io.odpimporter.domain the package's rules}.
 *
 * @param schemaVersion {@link #SCHEMA_VERSION}
 * @param objectType    the ODP object type to upsert into
 * @param fields        the ODP payload: field name to value (string, number, boolean)
 * @param target        optional, not written yet: where the record goes in ODP (an object type, or events);
 *                      absent (null) by default, and then not written: the record goes to {@code objectType}
 */
public record StoreRecord(
        int schemaVersion,
        String objectType,
        Map<String, Object> fields,
        @JsonInclude(JsonInclude.Include.NON_NULL) Target target) {
    public static final int SCHEMA_VERSION = 1;

    /** A record for an object type: what every writer writes today. */
    public StoreRecord(int schemaVersion, String objectType, Map<String, Object> fields) {
        this(schemaVersion, objectType, fields, null);
    }

    /**
     * Where a record goes in ODP: optional, not written yet.
     *
     * @param kind       objects or events
     * @param objectType OBJECTS: the object type; EVENTS: null
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Target(Kind kind, String objectType) {

        /** ODP's two kinds of targets. */
        public enum Kind {
            OBJECTS,
            EVENTS
        }

        /** @return the target upserting into object type {@code type} */
        public static Target objects(String type) {
            return new Target(Kind.OBJECTS, type);
        }

        /** @return the events target */
        public static Target events() {
            return new Target(Kind.EVENTS, null);
        }
    }
}
