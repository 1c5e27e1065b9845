package io.odpimporter.sink;

import io.odpimporter.domain.RunEvent;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * While the schema holds the sink (docs/architecture.md, "Schema") no batch of any target is sent, none is lost and
 * nothing is acknowledged; once it lets go, the held batches go out and are committed as usual.
 */
class SchemaPauseTest {

    @Test
    void aHeldSinkSendsNothingAndCommitsNothingThenGoesOnWhenTheSchemaMatches() {
        SinkHarness sink = new SinkHarness();
        CompletableFuture<Void> schema = new CompletableFuture<>();
        sink.schemaOpen = schema;
        sink.poll(0, 0, "a", "b", "c");
        sink.poll(SinkHarness.EVENTS, 1, 0, "u1", "u2", "u3");

        assertThat(sink.odp.requests())
                .as("nothing sent while the schema does not match")
                .isEmpty();
        assertThat(sink.acked()).isEmpty();
        assertThat(sink.writes.indices(RunEvent.Type.ACCEPTED)).isEmpty();

        schema.complete(null);
        sink.odp.open().forEach(FakeOdp.Request::accept);

        assertThat(sink.odp.requests()).hasSize(2);
        assertThat(sink.acked()).containsExactlyInAnyOrder("0@2", "1@2");
    }
}
