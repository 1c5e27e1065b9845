package io.odpimporter.domain;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.Map;

/**
 * Value of the stores topic (key = the ODP primary key). Headers name the blob, its ETag, the record's index
 * in the file and the run: see {@link RecordHeaders}. Rolling upgrades: see
 * {@link io.odpimporter.domain the package's rules}.
 *
 * @param schemaVersion {@link #SCHEMA_VERSION} for objects (as before events existed); {@link #EVENTS_SCHEMA_VERSION}
 *                      for events, so a replica older than events parks an event as unreadable instead of upserting
 *                      it as an object
 * @param objectType    objects: the ODP object type to upsert into; events: null (not written)
 * @param fields        objects: the ODP payload, field name to value (string, number, boolean, null to clear);
 *                      events: the event {@code {type, action, identifiers, data}}
 * @param target        events: {@link Target#events()}; objects: absent (null), and then not written: the record
 *                      goes to {@code objectType}
 */
public record StoreRecord(
        int schemaVersion,
        @JsonInclude(JsonInclude.Include.NON_NULL) String objectType,
        Map<String, Object> fields,
        @JsonInclude(JsonInclude.Include.NON_NULL) Target target) {
    public static final int SCHEMA_VERSION = 1;
    /** The schema version of an event record: readers older than events refuse it (and park it). */
    public static final int EVENTS_SCHEMA_VERSION = 2;

    /** A record for an object type: what every writer writes today. */
    public StoreRecord(int schemaVersion, String objectType, Map<String, Object> fields) {
        this(schemaVersion, objectType, fields, null);
    }

    /**
     * @return the record of {@code fields} for {@code target}: objects as before events existed ({@link
     *         #SCHEMA_VERSION}, the object type, no target), events with {@link #EVENTS_SCHEMA_VERSION} and the target
     */
    public static StoreRecord of(Target target, Map<String, Object> fields) {
        return target.kind() == Target.Kind.EVENTS
                ? new StoreRecord(EVENTS_SCHEMA_VERSION, null, fields, target)
                : new StoreRecord(SCHEMA_VERSION, target.objectType(), fields, null);
    }

    /** @return where the record goes: {@code target}, else the object type */
    public Target targetOrObjects() {
        return target != null ? target : Target.objects(objectType);
    }

    /**
     * Where a record goes in ODP.
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

        /** @return for people and logs: {@code objects:<type>} or {@code events} */
        @Override
        public String toString() {
            return kind == Kind.EVENTS ? "events" : "objects:" + objectType;
        }
    }
}
