package io.odpimporter.sink;

import io.odpimporter.domain.StoreRecord;
import io.odpimporter.odp.OdpUpserts;
import io.smallrye.mutiny.Uni;

/** The ODP request as the sink sees it: the HTTP client in the service, a fake a test answers by hand. */
@FunctionalInterface
interface OdpCall {

    /**
     * {@code POST /v3/objects/{type}} (objects) or {@code POST /v3/events} (events) with a JSON array body.
     *
     * @return ODP's answer, whatever its status; a failure when there is none (timeout, connection error)
     */
    Uni<OdpUpserts.Reply> send(StoreRecord.Target target, byte[] body);
}
