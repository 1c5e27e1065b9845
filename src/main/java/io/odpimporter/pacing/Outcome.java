package io.odpimporter.pacing;

import java.util.concurrent.TimeoutException;

/**
 * What an ODP request's end means for its account's limit (docs/architecture.md §4.7). ODP publishes no rate
 * limit headers: a 429 is its only throttling signal, a 503 or a timeout the signs of an overloaded service; those
 * shrink the limit. A 2xx grows it. Every other end (400 with invalid records, 401/403/404, 413, other 5xx, a
 * refused connection, a request not sent because its records were revoked) says nothing about ODP's capacity and
 * leaves the limit as it is.
 */
public enum Outcome {
    /** 2xx: ODP took the request; the limit may grow. */
    ACCEPTED(null),
    /** 429: the account's capacity is reached. */
    TOO_MANY_REQUESTS(LimitChange.Reason.TOO_MANY_REQUESTS),
    /** 503: ODP is overloaded. */
    UNAVAILABLE(LimitChange.Reason.UNAVAILABLE),
    /** The read timeout (or a gateway's 504): ODP did not answer in time. */
    TIMEOUT(LimitChange.Reason.TIMEOUT),
    /** Anything else: no sign of ODP's capacity. */
    IGNORED(null);

    private final LimitChange.Reason shrinks;

    Outcome(LimitChange.Reason shrinks) {
        this.shrinks = shrinks;
    }

    /** @return why the limit shrinks on this outcome, or null if it does not */
    public LimitChange.Reason shrinks() {
        return shrinks;
    }

    /** @return the outcome of an HTTP answer */
    public static Outcome ofStatus(int status) {
        if (status >= 200 && status < 300) {
            return ACCEPTED;
        }
        return switch (status) {
            case 429 -> TOO_MANY_REQUESTS;
            case 503 -> UNAVAILABLE;
            case 504 -> TIMEOUT;
            default -> IGNORED;
        };
    }

    /** @return {@link #TIMEOUT} for a failure caused by a timeout, else {@link #IGNORED} (e.g. connection refused) */
    public static Outcome ofFailure(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof TimeoutException) {
                return TIMEOUT;
            }
        }
        return IGNORED;
    }
}
