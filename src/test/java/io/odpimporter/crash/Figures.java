package io.odpimporter.crash;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The crash and outage suite's figures, one row per scenario, written to {@code target/crash-suite/figures.md}
 * (and printed) so a build log and a release note can quote them.
 */
final class Figures {

    private static final List<String> ROWS = new ArrayList<>();

    private Figures() {}

    /** A scenario's delivery figures. */
    static synchronized void add(
            String scenario, long expected, long delivered, long extraSends, long parked, String status, String notes) {
        ROWS.add(String.format(
                "| %s | %,d | %,d | %,d | %,d | %,d | %s | %s |",
                scenario, expected, delivered, expected - delivered, extraSends, parked, status, notes));
    }

    static synchronized void write() throws IOException {
        StringBuilder table = new StringBuilder("| scenario | expected | delivered (distinct) | missing | sent more "
                + "than once (extra sends) | parked | run | notes |\n|---|---|---|---|---|---|---|---|\n");
        ROWS.forEach(r -> table.append(r).append('\n'));
        Path file = Path.of("target", "crash-suite", "figures.md");
        Files.createDirectories(file.getParent());
        Files.writeString(file, table.toString());
        System.out.println("Crash and outage suite figures (" + file + "):\n" + table);
    }
}
