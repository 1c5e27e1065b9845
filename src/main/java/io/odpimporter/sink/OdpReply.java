package io.odpimporter.sink;

/**
 * An HTTP answer of ODP's objects API, read.
 *
 * @param status     HTTP status
 * @param body       the body, or null
 * @param retryAfter the {@code Retry-After} header, or null
 */
record OdpReply(int status, String body, String retryAfter) {}
