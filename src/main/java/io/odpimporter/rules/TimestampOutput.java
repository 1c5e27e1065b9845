package io.odpimporter.rules;

/** How a timestamp field is sent to ODP. */
public enum TimestampOutput {
    /** ISO 8601 with offset, in UTC, e.g. {@code 2026-12-05T09:30:00Z}. */
    ISO,
    /** Seconds since the epoch, a number. */
    EPOCH_SECONDS
}
