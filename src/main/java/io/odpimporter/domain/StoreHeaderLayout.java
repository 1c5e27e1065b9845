package io.odpimporter.domain;

/**
 * How store records name their file and index in headers ({@link RecordHeaders}). The sink reads both; which one
 * the importer and the dead-letter replay write is {@code importer.topics.store-header-layout}.
 */
public enum StoreHeaderLayout {
    /**
     * Five or six headers: {@code odp-importer.run-id}, {@code .container}, {@code .blob}, {@code .etag},
     * {@code .uploaded-at} (Event Grid imports) and {@code .record-index}. Every release reads it.
     */
    SEPARATE,
    /**
     * One header, {@code odp-importer.ref}: the file (run id, upload time, blob version) and the record index in one
     * value ({@link StoreRef}). Read by the sink since the release that introduced it; a replica of an older release
     * reads such a record as one without a run: it is sent to ODP but not counted, so its run never shows complete.
     */
    COMPACT
}
