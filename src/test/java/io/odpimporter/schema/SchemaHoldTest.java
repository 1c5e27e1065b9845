package io.odpimporter.schema;

import io.smallrye.mutiny.helpers.test.UniAssertSubscriber;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static io.odpimporter.schema.SchemaPlannerTest.stores;
import static org.assertj.core.api.Assertions.assertThat;

/** When the sink waits for the schema and when it goes on (docs/architecture.md, "Schema"). */
class SchemaHoldTest {

    static final Instant T0 = Instant.parse("2026-12-05T09:30:00Z");

    final List<String> heard = new ArrayList<>();
    final SchemaHold.Listener listener = new SchemaHold.Listener() {
        @Override
        public void mismatchBegan(TargetState state) {
            heard.add("began " + state.object() + " " + state.state().label());
        }

        @Override
        public void mismatchFixed(TargetState state, Instant since) {
            heard.add("fixed " + state.object() + " since " + since);
        }
    };

    static SchemaTargets.Target target(String object) {
        TargetSchema s = stores(SchemaMode.VERIFY);
        return new SchemaTargets.Target(
                new TargetSchema(s.kind(), object, s.mode(), s.primaryKey(), s.fields(), false),
                List.of("r-" + object));
    }

    static TargetState state(String object, SchemaState state, String details) {
        return new TargetState(object, SchemaMode.VERIFY, List.of("r-" + object), state, details, T0);
    }

    final SchemaHold hold = new SchemaHold(List.of(target("a"), target("b")), listener, () -> T0);

    @Test
    void theSinkWaitsUntilEveryTargetWasReadOnce() {
        assertThat(hold.pause()).hasValueSatisfying(p -> assertThat(p.reason()).contains("first check", "a"));
        UniAssertSubscriber<Void> waiting = hold.whenOpen().subscribe().withSubscriber(UniAssertSubscriber.create());
        hold.update(state("a", SchemaState.OK, null));
        waiting.assertNotTerminated();
        hold.update(state("b", SchemaState.CREATED, "created"));
        waiting.assertCompleted();
        assertThat(hold.pause()).isEmpty();
        assertThat(heard).isEmpty();
    }

    @Test
    void aMissingFieldOfOneTargetPausesTheWholeSinkAndTheFixResumesIt() {
        hold.update(state("a", SchemaState.OK, null));
        hold.update(state("b", SchemaState.MISSING_FIELDS, "ODP object b lacks the field x (string)"));
        assertThat(hold.pause())
                .hasValueSatisfying(p -> assertThat(p.reason())
                        .startsWith("the sink is paused: ODP object b lacks the field x (string)")
                        .contains("every target waits"));
        UniAssertSubscriber<Void> waiting = hold.whenOpen().subscribe().withSubscriber(UniAssertSubscriber.create());
        waiting.assertNotTerminated();
        assertThat(heard).containsExactly("began b missing fields");
        hold.update(state("b", SchemaState.OK, null));
        waiting.assertCompleted();
        assertThat(hold.pause()).isEmpty();
        assertThat(heard).containsExactly("began b missing fields", "fixed b since " + T0);
    }

    @Test
    void theSameMismatchFoundAgainIsToldOnce() {
        hold.update(state("a", SchemaState.TYPE_CLASH, "x as string, sent as number"));
        hold.update(state("a", SchemaState.TYPE_CLASH, "x as string, sent as number"));
        assertThat(heard).containsExactly("began a type clash");
    }

    @Test
    void anOdpThatCannotBeAskedDoesNotHoldTheSink() {
        hold.update(state("a", SchemaState.UNREACHABLE, "HTTP 503"));
        hold.update(state("b", SchemaState.UNREACHABLE, "HTTP 503"));
        assertThat(hold.pause()).isEmpty();
        hold.whenOpen().subscribe().withSubscriber(UniAssertSubscriber.create()).assertCompleted();
        assertThat(heard).isEmpty();
    }

    @Test
    void aCreateRefusedHoldsTheSinkLikeAMismatch() {
        hold.update(state("a", SchemaState.OK, null));
        hold.update(state("b", SchemaState.CREATE_REFUSED, "ODP refused to create object b: HTTP 403"));
        assertThat(hold.pause()).isPresent();
        assertThat(heard).containsExactly("began b create refused");
    }

    @Test
    void withoutTargetsTheSinkNeverWaits() {
        SchemaHold none = new SchemaHold(List.of(), listener, () -> T0);
        assertThat(none.pause()).isEmpty();
        none.whenOpen().subscribe().withSubscriber(UniAssertSubscriber.create()).assertCompleted();
    }
}
