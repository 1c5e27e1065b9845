package io.odpimporter.domain;

import java.util.Map;

/**
 * Value of the stores topic (key = the ODP primary key). Headers name the blob, its ETag, the record's index
 * in the file and the run: see {@link Headers}.
 *
 * @param schemaVersion {@link #SCHEMA_VERSION}
 * @param objectType    the ODP object type to upsert into
 * @param fields        the ODP payload: field name to value (string, number, boolean)
 */
public record StoreRecord(int schemaVersion, String objectType, Map<String, Object> fields) {
    public static final int SCHEMA_VERSION = 1;

    /** Header names carried by store and dead-letter records. */
    public static final class Headers {
        public static final String RUN_ID = "odp-importer.run-id";
        public static final String CONTAINER = "odp-importer.container";
        public static final String BLOB = "odp-importer.blob";
        public static final String ETAG = "odp-importer.etag";
        public static final String RECORD_INDEX = "odp-importer.record-index";
        public static final String REASON = "odp-importer.reason";
        /** Event Grid imports only: the blob version's Last-Modified, epoch milliseconds. */
        public static final String UPLOADED_AT = "odp-importer.uploaded-at";

        private Headers() {
        }
    }
}
