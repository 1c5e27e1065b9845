package io.odpimporter.sink;

import io.odpimporter.odp.OdpUpserts;
import io.smallrye.mutiny.Uni;

/** The ODP upsert as the sink sees it: the REST client in the service, a fake a test answers by hand. */
@FunctionalInterface
interface OdpCall {

    /**
     * {@code POST /v3/objects/{objectType}} with a JSON array body.
     *
     * @return ODP's answer, whatever its status; a failure when there is none (timeout, connection error)
     */
    Uni<OdpUpserts.Reply> upsert(String objectType, byte[] body);
}
