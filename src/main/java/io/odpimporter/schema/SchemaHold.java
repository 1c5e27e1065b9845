package io.odpimporter.schema;

import io.smallrye.mutiny.Uni;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Whether the sink may send (docs/architecture.md, "Schema"): every target shares the stores topic and its positional
 * commit, so while any target's schema does not match (or has not been read since the start) the whole sink waits:
 * no batch is sent, none is lost, the offsets stay where they are; it goes on by itself once every target matches
 * again. An ODP that cannot be asked does not hold the sink (its own retries meet the same ODP). Tells its
 * {@link Listener} when a target's mismatch begins and when it is fixed.
 */
public final class SchemaHold {

    /** Who hears of mismatches (the activity log). */
    public interface Listener {

        /** A target's schema stopped matching (or was found not to). */
        void mismatchBegan(TargetState state);

        /** A target that did not match does now; the mismatch had begun at {@code since}. */
        void mismatchFixed(TargetState state, Instant since);
    }

    /**
     * Why the sink waits.
     *
     * @param reason for people: names the object and what is missing, and that every target waits
     * @param since  when the sink began to wait
     */
    public record Pause(String reason, Instant since) {}

    private final Listener listener;
    private final Supplier<Instant> clock;
    private final Map<String, TargetState> states = new LinkedHashMap<>();
    private final Map<String, Instant> mismatchSince = new LinkedHashMap<>();
    private CompletableFuture<Void> open = CompletableFuture.completedFuture(null);
    private Instant heldSince;

    /** @param targets the targets to check; each holds the sink until it is first read */
    public SchemaHold(List<SchemaTargets.Target> targets, Listener listener, Supplier<Instant> clock) {
        this.listener = listener;
        this.clock = clock;
        targets.forEach(t -> states.put(t.object(), TargetState.checking(t)));
        gate();
    }

    /** Records a target's new state: opens or closes the sink, tells the listener of a mismatch begun or fixed. */
    public void update(TargetState state) {
        TargetState before;
        Instant began = null;
        boolean mismatch = mismatch(state);
        CompletableFuture<Void> opened;
        synchronized (this) {
            before = states.put(state.object(), state);
            if (mismatch && !mismatchSince.containsKey(state.object())) {
                mismatchSince.put(state.object(), state.checkedAt() == null ? clock.get() : state.checkedAt());
            } else if (!mismatch && state.state() != SchemaState.CHECKING) {
                began = mismatchSince.remove(state.object());
            }
            opened = gate();
        }
        if (opened != null) {
            opened.complete(null); // outside the lock: waiting deliveries go on from here
        }
        boolean wasMismatch = before != null && mismatch(before);
        if (mismatch && (!wasMismatch || !same(before, state))) {
            listener.mismatchBegan(state);
        } else if (!mismatch && began != null) {
            listener.mismatchFixed(state, began);
        }
    }

    /** @return why the sink waits, empty while it may send */
    public synchronized Optional<Pause> pause() {
        for (TargetState state : states.values()) {
            if (state.state().holdsSink()) {
                return Optional.of(new Pause(reason(state), heldSince));
            }
        }
        return Optional.empty();
    }

    /** @return completes when the sink may send (at once unless it waits) */
    public Uni<Void> whenOpen() {
        return Uni.createFrom().completionStage(this::openFuture);
    }

    /** @return every target's state, in the order of the rules */
    public synchronized List<TargetState> states() {
        return new ArrayList<>(states.values());
    }

    /** @return the target's state */
    public synchronized Optional<TargetState> state(String object) {
        return Optional.ofNullable(states.get(object));
    }

    private synchronized CompletableFuture<Void> openFuture() {
        return open;
    }

    /**
     * Holding the lock: closes the gate while any target holds the sink, opens it when none does.
     *
     * @return the future to complete (outside the lock) if the gate opens, else null
     */
    private CompletableFuture<Void> gate() {
        boolean held = states.values().stream().anyMatch(s -> s.state().holdsSink());
        if (held && open.isDone()) {
            open = new CompletableFuture<>();
            heldSince = clock.get();
        } else if (!held && !open.isDone()) {
            heldSince = null;
            CompletableFuture<Void> opened = open;
            open = CompletableFuture.completedFuture(null);
            return opened;
        }
        return null;
    }

    /** @return whether the state is a mismatch people must hear of (not the first read, not an ODP down) */
    static boolean mismatch(TargetState state) {
        return state.state().holdsSink() && state.state() != SchemaState.CHECKING;
    }

    private static boolean same(TargetState a, TargetState b) {
        return a.state() == b.state() && Objects.equals(a.details(), b.details());
    }

    /** @return the page's and {@code /status}'s sentence for a target that holds the sink */
    static String reason(TargetState state) {
        if (state.state() == SchemaState.CHECKING) {
            return "the sink waits for the first check of ODP object " + state.object() + "'s schema";
        }
        return "the sink is paused: " + state.details() + " (" + state.state().label() + "); every target waits "
                + "until it is fixed (the stores topic is committed in order), nothing is sent or lost meanwhile, and "
                + "the sink goes on by itself once the schema matches. " + advice(state.state());
    }

    /** @return what an operator does about a target in this state (docs/operations.md, "Schema") */
    static String advice(SchemaState state) {
        return switch (state) {
            case TYPE_CLASH ->
                "ODP cannot change a field's type: map the rule's field to another ODP field or "
                        + "type (importer.rules), or send it as the type ODP has";
            case CREATE_REFUSED ->
                "ODP refused to create it: read its answer above, fix the rule or the account, "
                        + "then run the bootstrap (POST /schema/bootstrap)";
            default ->
                "Create it in ODP, or run the bootstrap (POST /schema/bootstrap) with importer.schema.bootstrap "
                        + "(or the rule's schema) set to create";
        };
    }
}
