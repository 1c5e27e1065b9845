package io.odpimporter.runs;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every run id is made here: a new run's ({@code run-<UTC second>-<8 hex digits>}: sweeps, the REST trigger,
 * replays), the webhook window's ({@code run-eventgrid-<window start>}, the same on every replica) and a catch-up
 * sweep's ({@code <origin>-catchup<N>}, derived from the interrupted run's, so every replica names the same run). Run
 * ids are keys of the runs topic ({@code <runId>/<TYPE>...}), so none holds a {@code /}.
 */
public final class RunIds {

    private static final DateTimeFormatter SECOND =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final String CATCH_UP = "-catchup";
    private static final Pattern DERIVED = Pattern.compile("^(.+)" + CATCH_UP + "(\\d{1,9})$");

    private RunIds() {}

    /** @return a new run id: {@code run-<UTC time to the second>-<8 hex digits>} */
    public static String newRun() {
        return newRun(Instant.now(), UUID.randomUUID());
    }

    /** @return {@code run-<at to the second, UTC>-<the first 8 hex digits of random>} */
    static String newRun(Instant at, UUID random) {
        return "run-" + SECOND.format(at) + "-" + random.toString().substring(0, 8);
    }

    /** @return the id of the EVENT_GRID run of the webhook window starting at {@code windowStart} */
    public static String eventGridWindow(Instant windowStart) {
        return "run-eventgrid-" + SECOND.format(windowStart);
    }

    /**
     * @return the id of the run that continues {@code runId}: {@code <runId>-catchup1}, and for a catch-up that was
     *         itself interrupted the next number ({@code <origin>-catchup2}, ...), so ids stay short
     */
    public static String catchUpOf(String runId) {
        Matcher m = DERIVED.matcher(runId);
        if (m.matches()) {
            return m.group(1) + CATCH_UP + (Long.parseLong(m.group(2)) + 1);
        }
        return runId + CATCH_UP + 1;
    }

    /**
     * @return the runs a catch-up sweep continues, oldest first: the interrupted origin and the catch-ups before
     *         it ({@code <origin>}, {@code <origin>-catchup1}, ... up to the one before {@code catchUpRunId}); empty
     *         if it is not a catch-up's id
     */
    public static List<String> continuedBy(String catchUpRunId) {
        Matcher m = DERIVED.matcher(catchUpRunId);
        if (!m.matches()) {
            return List.of();
        }
        List<String> runs = new ArrayList<>();
        runs.add(m.group(1));
        for (long n = 1; n < Long.parseLong(m.group(2)); n++) {
            runs.add(m.group(1) + CATCH_UP + n);
        }
        return runs;
    }
}
