package io.odpimporter.schema;

import io.odpimporter.testing.CapturedLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;

import static io.odpimporter.schema.SchemaPlannerTest.stores;
import static org.assertj.core.api.Assertions.assertThat;

/** What the schema bootstrap logs as it checks again (docs/operations.md, "Schema"). */
class SchemaBootstrapTest {

    @RegisterExtension
    final CapturedLog logged = CapturedLog.of(SchemaBootstrap.class);

    final SchemaSyncTest.FakeOdp odp = new SchemaSyncTest.FakeOdp();
    final SchemaHold.Listener quiet = new SchemaHold.Listener() {
        @Override
        public void mismatchBegan(TargetState state) {}

        @Override
        public void mismatchFixed(TargetState state, Instant since) {}
    };
    final SchemaBootstrap bootstrap = new SchemaBootstrap(
            List.of(new SchemaTargets.Target(stores(SchemaMode.VERIFY), List.of("stores"))), odp, quiet);

    @Test
    void aRecheckFindingTheSameMismatchLogsAtDebugAndAChangeAtInfo() {
        odp.objects.put("my_stores", new LinkedHashMap<>(Map.of("store_id", "string")));
        odp.primary.put("my_stores", List.of("store_id"));

        bootstrap.bootstrap();
        bootstrap.recheck();
        bootstrap.recheck();
        assertThat(logged.messages(Level.INFO))
                .hasSize(1)
                .allSatisfy(m -> assertThat(m).startsWith("Schema of ODP object my_stores (verify): "));

        odp.objects.get("my_stores").putAll(Map.of("store_name", "string", "floor_area", "number"));
        bootstrap.recheck();
        assertThat(logged.messages(Level.INFO)).hasSize(2).last().asString().contains("my_stores", "ok");
    }

    @Test
    void anOnDemandCheckAlwaysLogsAtInfo() {
        odp.objects.put("my_stores", new LinkedHashMap<>(Map.of("store_id", "string")));
        odp.primary.put("my_stores", List.of("store_id"));

        bootstrap.bootstrap();
        bootstrap.bootstrap();

        assertThat(logged.messages(Level.INFO)).hasSize(2);
    }
}
