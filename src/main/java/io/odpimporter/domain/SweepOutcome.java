package io.odpimporter.domain;

/**
 * How a run's discovery ended: the {@code status} of its SWEEP_FINISHED run event, where FINISHED is written as
 * null (as it always was).
 */
public enum SweepOutcome {
    /** Discovery ran to its end (or failed: see the event's error). Null on the wire. */
    FINISHED,
    /** Discovery stopped on a cancel request; the files discovered before are imported. */
    CANCELLED,
    /** The sweep's replica stopped; a catch-up sweep continues it. */
    INTERRUPTED;

    /** @return the wire spelling: null for FINISHED, else the name */
    String wire() {
        return this == FINISHED ? null : name();
    }

    /**
     * @return the outcome of a wire status: null is FINISHED
     * @throws IllegalArgumentException for any other value than CANCELLED or INTERRUPTED
     */
    static SweepOutcome ofWire(String status) {
        if (status == null) {
            return FINISHED;
        }
        if (status.equals(FINISHED.name())) {
            throw new IllegalArgumentException("FINISHED is written as null");
        }
        return valueOf(status);
    }
}
