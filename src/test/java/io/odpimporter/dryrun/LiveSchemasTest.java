package io.odpimporter.dryrun;

import io.odpimporter.schema.OdpSchema;
import io.odpimporter.schema.SchemaApi;
import io.odpimporter.schema.SchemaField;
import io.odpimporter.schema.SchemaPlanner;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class LiveSchemasTest {

    /** Answers reads from a script and counts them; a dry run never creates. */
    static final class ReadOnlyOdp implements SchemaApi {
        final List<String> reads = new ArrayList<>();
        OdpSchema schema;
        boolean down;

        @Override
        public Optional<OdpSchema> read(String object) {
            reads.add(object);
            if (down) {
                throw new Unreachable("HTTP 401 for GET http://odp.test/v3/schema/objects/" + object);
            }
            return Optional.ofNullable(schema);
        }

        @Override
        public Answer createObject(SchemaPlanner.CreateObject create) {
            throw new AssertionError("a dry run never creates an object");
        }

        @Override
        public Answer addField(String object, SchemaField field) {
            throw new AssertionError("a dry run never adds a field");
        }
    }

    private final ReadOnlyOdp odp = new ReadOnlyOdp();
    private final LiveSchemas schemas = new LiveSchemas(odp);

    @Test
    void eachObjectIsReadOncePerRun() {
        odp.schema = new OdpSchema("orders", Map.of("order_id", "string"), List.of("order_id"));
        LiveSchemas.Source run = schemas.forRun();

        run.read("orders");
        run.read("orders");
        run.read("stores");
        schemas.forRun().read("orders");

        assertThat(odp.reads).containsExactly("orders", "stores", "orders");
    }

    @Test
    void aMissingObjectIsUnknownNotAnError() {
        LiveSchemas.Answer answer = schemas.forRun().read("orders");

        assertThat(answer.unknown()).isTrue();
        assertThat(answer.schema()).isNull();
        assertThat(answer.error()).isNull();
    }

    @Test
    void anUnreachableOdpIsAnErrorNamingTheObjectAndTheAnswer() {
        odp.down = true;

        LiveSchemas.Answer answer = schemas.forRun().read("orders");

        assertThat(answer.unknown()).isFalse();
        assertThat(answer.error())
                .isEqualTo("could not read the schema of orders from ODP: "
                        + "HTTP 401 for GET http://odp.test/v3/schema/objects/orders");
    }
}
