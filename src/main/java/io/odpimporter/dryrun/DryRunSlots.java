package io.odpimporter.dryrun;

import java.util.concurrent.Semaphore;

/** The bound of dry runs on one replica ({@code importer.dry-run.max-concurrent}): a slot per running dry run. */
final class DryRunSlots {

    private final int max;
    private final Semaphore slots;

    DryRunSlots(int max) {
        this.max = max;
        this.slots = new Semaphore(max);
    }

    /** @return whether a slot was free (then it is taken until {@link #release()}) */
    boolean tryTake() {
        return slots.tryAcquire();
    }

    void release() {
        slots.release();
    }

    /** @return slots taken */
    int running() {
        return max - slots.availablePermits();
    }
}
