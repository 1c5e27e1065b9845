package io.odpimporter.benchmark;

import java.util.Arrays;
import java.util.stream.Collectors;

/** The importers the benchmark compares, by their {@code --importers} name and their label in the table. */
enum Importer {
    /** The original job's algorithm ({@link OriginalImporter}). */
    ORIGINAL("original", "original"),
    /** A streaming importer without Kafka ({@link DirectImporter}): the upper bound. */
    DIRECT("direct", "direct"),
    /** The packaged service with no pacing setting: whatever its defaults are. */
    SERVICE_DEFAULTS("service-defaults", "service (defaults)"),
    /** The packaged service with the benchmark's pacing: {@code --max-in-flight} requests, no rate limit. */
    SERVICE_TUNED("service-tuned", "service (tuned)"),
    /** The service of a base commit ({@code --baseline-jar}), with the benchmark's pacing. */
    BASELINE("baseline", "baseline service (tuned)");

    final String option;
    final String label;

    Importer(String option, String label) {
        this.option = option;
        this.label = label;
    }

    /** @return whether this importer is a service process (triggered through its REST API) */
    boolean service() {
        return this == SERVICE_DEFAULTS || this == SERVICE_TUNED || this == BASELINE;
    }

    /** @return whether it reads CSV and JSON Lines, gzip-compressed or not (the current service; the others: JSON arrays) */
    boolean readsEveryFormat() {
        return this == SERVICE_DEFAULTS || this == SERVICE_TUNED;
    }

    /** @return whether the benchmark sets the service's pacing (max-in-flight, no rate limit, buffer) */
    boolean tuned() {
        return this == SERVICE_TUNED || this == BASELINE;
    }

    /** @return the importer named {@code name}; {@code service} is {@code service-tuned}, as before the defaults row */
    static Importer parse(String name) {
        if (name.equals("service")) {
            return SERVICE_TUNED;
        }
        return Arrays.stream(values())
                .filter(i -> i.option.equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown importer " + name + " ("
                        + Arrays.stream(values()).map(i -> i.option).collect(Collectors.joining(", ")) + ")"));
    }
}
