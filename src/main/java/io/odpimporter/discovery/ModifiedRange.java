package io.odpimporter.discovery;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Which Last-Modified times a sweep imports (docs/operations.md, "Backfill" and "Start from now"): a backfill's range
 * ({@code modifiedFrom} inclusive, {@code modifiedTo} exclusive, given on purpose, so honoured even before
 * {@code importer.sweep.start-after}), else everything from the start-after instant's second on, else everything.
 *
 * @param from       the first Last-Modified imported, or null
 * @param to         the first Last-Modified no longer imported, or null
 * @param startAfter true if {@code from} is {@code importer.sweep.start-after}'s (not a backfill's)
 */
public record ModifiedRange(Instant from, Instant to, boolean startAfter) {

    /** Every blob. */
    public static final ModifiedRange ALL = new ModifiedRange(null, null, false);

    /**
     * @param request    the sweep
     * @param startAfter {@code importer.sweep.start-after}'s instant, or null
     * @return the request's backfill range, else blobs from the start-after instant's second on, else all
     */
    public static ModifiedRange of(SweepRequest request, Instant startAfter) {
        if (request.backfill()) {
            return new ModifiedRange(request.modifiedFrom(), request.modifiedTo(), false);
        }
        return startAfter == null ? ALL : new ModifiedRange(startAfter, null, true);
    }

    /** @return whether the sweep imports a blob last modified at {@code lastModified} */
    public boolean contains(Instant lastModified) {
        if (startAfter) {
            return !StartAfter.leavesAlone(lastModified, from);
        }
        if (lastModified == null) {
            return from == null && to == null;
        }
        return (from == null || !lastModified.isBefore(from)) && (to == null || lastModified.isBefore(to));
    }

    /** @return what blobs outside the range are, for the sweep's log line */
    public String describe() {
        if (startAfter) {
            return "last modified before importer.sweep.start-after (" + from + ")";
        }
        return "last modified outside the backfill range [" + (from == null ? "" : from) + ", " + (to == null ? "" : to)
                + ")";
    }

    /**
     * Reads a trigger's {@code modifiedFrom} and {@code modifiedTo} (either may be absent or blank).
     *
     * @return the range, empty without either bound
     * @throws IllegalArgumentException naming the parameter: not an ISO-8601 instant, or {@code from} not before
     *                                  {@code to}
     */
    public static Optional<ModifiedRange> parse(String modifiedFrom, String modifiedTo) {
        Instant from = instant("modifiedFrom", modifiedFrom);
        Instant to = instant("modifiedTo", modifiedTo);
        if (from != null && to != null && !from.isBefore(to)) {
            throw new IllegalArgumentException(
                    "modifiedFrom must be before modifiedTo (from is inclusive, to exclusive); got " + from + " and "
                            + to);
        }
        return from == null && to == null ? Optional.empty() : Optional.of(new ModifiedRange(from, to, false));
    }

    private static Instant instant(String parameter, String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(text.strip());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(
                    parameter + " must be an ISO-8601 instant such as 2026-11-01T00:00:00Z; got '" + text + "'");
        }
    }
}
