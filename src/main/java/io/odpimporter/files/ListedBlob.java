package io.odpimporter.files;

import java.time.Instant;

/**
 * A blob as the container lists it (its current version).
 *
 * @param name          the blob name
 * @param etag          its ETag without quotes
 * @param lastModified  its Last-Modified
 * @param contentLength its size in bytes
 */
public record ListedBlob(String name, String etag, Instant lastModified, long contentLength) {}
