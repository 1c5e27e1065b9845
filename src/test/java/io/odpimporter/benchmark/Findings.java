package io.odpimporter.benchmark;

import java.util.ArrayList;
import java.util.List;

/** What a benchmark invocation found: the table's rows and the notes under it, in the order they were measured. */
final class Findings {

    final List<Result> results = new ArrayList<>();
    final List<String> notes = new ArrayList<>();

    /** Adds a row and prints it. */
    void row(Result result) {
        results.add(result);
        Report.printRow(result);
    }

    /** Prints a line and adds it to the notes. */
    void note(String line) {
        Rig.say(line);
        notes.add(line);
    }
}
