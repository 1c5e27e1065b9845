package io.odpimporter.pacing;

import java.time.Instant;

/**
 * A change of an account's limit on ODP requests in flight (docs/architecture.md §4.7).
 *
 * @param at     when
 * @param from   the limit before
 * @param to     the limit after
 * @param reason why
 */
public record LimitChange(Instant at, int from, int to, Reason reason) {

    /** Why the limit changed. */
    public enum Reason {
        /** ODP answered 2xx with enough requests in flight: one more. */
        GREW("grew", "answered 2xx"),
        /** ODP answered 429. */
        TOO_MANY_REQUESTS("429", "answered 429 Too Many Requests"),
        /** ODP answered 503. */
        UNAVAILABLE("503", "answered 503 Service Unavailable"),
        /** ODP did not answer in time (read timeout, or a gateway's 504). */
        TIMEOUT("timeout", "did not answer in time"),
        /** {@code importer.sink.max-in-flight} is below {@code importer.sink.initial-limit}: the start is capped. */
        CAP("cap", "is capped by importer.sink.max-in-flight");

        private final String label;
        private final String description;

        Reason(String label, String description) {
            this.label = label;
            this.description = description;
        }

        /** @return what happened, for a log line: e.g. {@code answered 429 Too Many Requests} */
        public String description() {
            return description;
        }

        /** @return how metrics, logs and {@code /status} name it: {@code 429}, {@code 503}, {@code timeout}, ... */
        public String label() {
            return label;
        }

        @Override
        public String toString() {
            return label;
        }
    }
}
