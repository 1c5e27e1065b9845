package io.odpimporter.files;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * The filters of {@code GET /files} (docs/operations.md, "Files"), checked.
 *
 * @param statuses     the statuses wanted; empty: all
 * @param prefix       only blob names starting with this (after the configured {@code importer.azure.prefix}); "" for
 *                     all
 * @param modifiedFrom only versions last modified at or after this; null: no bound
 * @param modifiedTo   only versions last modified before this; null: no bound
 * @param limit        the page's size: 1..{@value #MAX_LIMIT}
 * @param continuation where the page starts; null: the first page
 */
public record FileQuery(
        Set<FileState> statuses,
        String prefix,
        Instant modifiedFrom,
        Instant modifiedTo,
        int limit,
        Continuation continuation) {

    /** The largest page. */
    public static final int MAX_LIMIT = 1000;

    /** A filter the API refuses: the message names the parameter and what it takes. */
    public static class BadQueryException extends RuntimeException {
        public BadQueryException(String message) {
            super(message);
        }
    }

    /**
     * @param status comma-separated statuses, any case; null or blank: all
     * @throws BadQueryException naming the parameter and its allowed values
     */
    public static FileQuery parse(
            String status, String prefix, String modifiedFrom, String modifiedTo, int limit, String continuation) {
        Set<FileState> statuses = EnumSet.noneOf(FileState.class);
        if (status != null && !status.isBlank()) {
            for (String one : status.split(",")) {
                try {
                    statuses.add(FileState.valueOf(one.trim().toUpperCase(Locale.ROOT)));
                } catch (IllegalArgumentException e) {
                    throw new BadQueryException("status: unknown status '" + one.trim()
                            + "'; allowed (comma-separated): " + FileState.allowed());
                }
            }
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new BadQueryException("limit must be between 1 and " + MAX_LIMIT);
        }
        Instant from = instant("modifiedFrom", modifiedFrom);
        Instant to = instant("modifiedTo", modifiedTo);
        if (from != null && to != null && !from.isBefore(to)) {
            throw new BadQueryException("modifiedFrom (" + from + ") must be before modifiedTo (" + to + ")");
        }
        Continuation next = null;
        if (continuation != null && !continuation.isEmpty()) {
            try {
                next = Continuation.decode(continuation);
            } catch (IllegalArgumentException e) {
                throw new BadQueryException("continuation: " + e.getMessage() + "; pass the value of the previous "
                        + "page's \"continuation\" as it is, or none for the first page");
            }
        }
        FileQuery query = new FileQuery(statuses, prefix == null ? "" : prefix, from, to, limit, next);
        if (next != null && next.ledger() != query.ledgerOnly()) {
            throw new BadQueryException("continuation: it belongs to a listing with other status filters; keep the "
                    + "status of the page it came from, or start again without continuation");
        }
        return query;
    }

    /** @return whether only ledger states are asked for: then the page goes through the ledger, not the container */
    public boolean ledgerOnly() {
        return !statuses.isEmpty() && FileState.LEDGER.containsAll(statuses);
    }

    /** @return whether {@code status} is wanted */
    public boolean wants(FileState status) {
        return statuses.isEmpty() || statuses.contains(status);
    }

    /** @return whether a version last modified at {@code lastModified} passes the time filters (unknown: only without them) */
    public boolean modifiedInRange(Instant lastModified) {
        if (modifiedFrom == null && modifiedTo == null) {
            return true;
        }
        if (lastModified == null) {
            return false;
        }
        return (modifiedFrom == null || !lastModified.isBefore(modifiedFrom))
                && (modifiedTo == null || lastModified.isBefore(modifiedTo));
    }

    private static Instant instant(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(value.trim());
        } catch (DateTimeParseException e) {
            throw new BadQueryException(
                    name + ": '" + value + "' is not an ISO-8601 instant such as " + "2026-11-01T00:00:00Z");
        }
    }
}
