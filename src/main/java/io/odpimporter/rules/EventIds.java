package io.odpimporter.rules;

import io.odpimporter.domain.BlobVersion;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * An event's {@code data.idempotence_id}: a name-based UUID (RFC 4122 version 3) of the blob version and the record
 * index, so the same record of the same file always carries the same id, whichever replica sends it and however
 * often (docs/architecture.md, "Events"). Whether ODP deduplicates on it is not documented.
 */
public final class EventIds {

    /** The data field holding it. */
    public static final String FIELD = "idempotence_id";

    private EventIds() {}

    /** @return the id of record {@code index} of {@code version} */
    public static String idempotenceId(BlobVersion version, long index) {
        return UUID.nameUUIDFromBytes((version.key() + "#" + index).getBytes(StandardCharsets.UTF_8))
                .toString();
    }
}
