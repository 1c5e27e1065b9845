package io.odpimporter.runs;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Ends a dry run whose replica is gone (docs/architecture.md, "Dry run"). A dry run holds no sweep lock: its replica
 * (the owner its STARTED names) writes a run event at least every {@code importer.sweep.lock-heartbeat} while it
 * works. Its owner knows at once that a dry run it does not run is over (it restarted under the same instance id);
 * another replica judges it gone once it has been silent for {@code lock-lease} plus {@code lock-expiry-margin}.
 */
final class DryRunOwner {

    private DryRunOwner() {}

    /**
     * @param here        this replica's instance id
     * @param runningHere whether this replica runs the dry run now
     * @param silence     how long a dry run may be silent before another replica ends it
     * @return why the dry run ends ERROR now; empty while its owner may still run it (and for other runs)
     */
    static Optional<String> gone(Run run, Instant now, String here, boolean runningHere, Duration silence) {
        if (!run.dryRun() || run.completed() || run.created() == null) {
            return Optional.empty();
        }
        if (here.equals(run.owner())) {
            return runningHere
                    ? Optional.empty()
                    : Optional.of("The dry run's replica " + here + " restarted before the dry run ended; "
                            + "trigger it again");
        }
        Instant last = run.updated() == null ? run.created() : run.updated();
        if (!last.plus(silence).isBefore(now)) {
            return Optional.empty();
        }
        return Optional.of("The dry run's replica " + run.owner() + " stopped: no sign of life for over "
                + silence.toSeconds() + " s; trigger it again");
    }
}
