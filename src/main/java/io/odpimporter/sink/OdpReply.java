package io.odpimporter.sink;

import jakarta.ws.rs.core.Response;

/**
 * An HTTP answer of ODP's objects API, read.
 *
 * @param status     HTTP status
 * @param body       the body, or null
 * @param retryAfter the {@code Retry-After} header, or null
 */
record OdpReply(int status, String body, String retryAfter) {

    /** @return the response read (and closed) */
    static OdpReply of(Response response) {
        try (response) {
            String body = response.hasEntity() ? response.readEntity(String.class) : null;
            return new OdpReply(response.getStatus(), body, response.getHeaderString("Retry-After"));
        }
    }
}
