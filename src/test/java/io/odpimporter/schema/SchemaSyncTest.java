package io.odpimporter.schema;

import io.odpimporter.rules.FieldType;
import io.odpimporter.rules.TargetKind;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import static io.odpimporter.schema.SchemaPlannerTest.ID;
import static io.odpimporter.schema.SchemaPlannerTest.NAME;
import static io.odpimporter.schema.SchemaPlannerTest.SIZE;
import static io.odpimporter.schema.SchemaPlannerTest.stores;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bootstrap of one target against a fake ODP: only what is missing is created, verify never writes, and after any
 * 400 to a create the schema is read again and decides (docs/architecture.md, "Schema").
 */
class SchemaSyncTest {

    static final Instant NOW = Instant.parse("2026-12-05T09:30:00Z");

    /** A fake ODP schema API: objects with fields, a journal of calls, scripted answers to creates. */
    static final class FakeOdp implements SchemaApi {
        final Map<String, Map<String, String>> objects = new LinkedHashMap<>();
        final Map<String, List<String>> primary = new LinkedHashMap<>();
        final List<String> journal = new ArrayList<>();
        /** Answers a create of an object; default: creates it, 200. */
        Function<SchemaPlanner.CreateObject, Answer> onCreateObject = this::createIt;
        /** Answers a create of a field; default: adds it, 200. */
        Function<SchemaField, Answer> onAddField = field -> addIt("my_stores", field);

        boolean down;

        Answer createIt(SchemaPlanner.CreateObject create) {
            Map<String, String> fields = new LinkedHashMap<>();
            create.fields().forEach(f -> fields.put(f.name(), SchemaTargets.lower(f.type())));
            objects.put(create.object(), fields);
            primary.put(
                    create.object(),
                    create.fields().stream()
                            .filter(SchemaField::primary)
                            .map(SchemaField::name)
                            .toList());
            return new Answer(200, "{}");
        }

        Answer addIt(String object, SchemaField field) {
            objects.get(object).put(field.name(), SchemaTargets.lower(field.type()));
            return new Answer(200, "{}");
        }

        @Override
        public Optional<OdpSchema> read(String object) {
            journal.add("GET " + object);
            if (down) {
                throw new Unreachable("HTTP 503 for GET x");
            }
            return Optional.ofNullable(objects.get(object))
                    .map(f -> new OdpSchema(object, f, primary.getOrDefault(object, List.of())));
        }

        @Override
        public Answer createObject(SchemaPlanner.CreateObject create) {
            journal.add("POST object " + create.object());
            return onCreateObject.apply(create);
        }

        @Override
        public Answer addField(String object, SchemaField field) {
            journal.add("POST field " + field.name());
            return onAddField.apply(field);
        }
    }

    final FakeOdp odp = new FakeOdp();
    final SchemaSync sync = new SchemaSync(odp, () -> NOW);

    static SchemaTargets.Target target(SchemaMode mode) {
        return new SchemaTargets.Target(stores(mode), List.of("stores"));
    }

    void exists(Map<String, String> fields) {
        odp.objects.put("my_stores", new LinkedHashMap<>(fields));
        odp.primary.put("my_stores", List.of("store_id"));
    }

    @Test
    void createMakesTheMissingObjectWithEveryField() {
        TargetState state = sync.check(target(SchemaMode.CREATE));
        assertThat(state.state()).isEqualTo(SchemaState.CREATED);
        assertThat(state.checkedAt()).isEqualTo(NOW);
        assertThat(odp.objects.get("my_stores")).containsOnlyKeys("store_id", "store_name", "floor_area");
        assertThat(odp.primary.get("my_stores")).containsExactly("store_id");
        assertThat(odp.journal).containsExactly("GET my_stores", "POST object my_stores");
    }

    @Test
    void aSecondBootstrapChangesNothing() {
        sync.check(target(SchemaMode.CREATE));
        odp.journal.clear();
        assertThat(sync.check(target(SchemaMode.CREATE)).state()).isEqualTo(SchemaState.OK);
        assertThat(odp.journal).containsExactly("GET my_stores");
    }

    @Test
    void createAddsOnlyTheMissingFields() {
        exists(Map.of("store_id", "string", "store_name", "string"));
        TargetState state = sync.check(target(SchemaMode.CREATE));
        assertThat(state.state()).isEqualTo(SchemaState.FIELDS_ADDED);
        assertThat(state.details()).contains("floor_area (number)");
        assertThat(odp.journal).containsExactly("GET my_stores", "POST field floor_area");
    }

    @Test
    void verifyReportsAMissingFieldAndWritesNothing() {
        exists(Map.of("store_id", "string", "store_name", "string"));
        TargetState state = sync.check(target(SchemaMode.VERIFY));
        assertThat(state.state()).isEqualTo(SchemaState.MISSING_FIELDS);
        assertThat(state.details()).contains("ODP object my_stores lacks the field floor_area (number)");
        assertThat(odp.journal).containsExactly("GET my_stores");
    }

    @Test
    void verifyReportsAMissingObject() {
        TargetState state = sync.check(target(SchemaMode.VERIFY));
        assertThat(state.state()).isEqualTo(SchemaState.MISSING_OBJECT);
        assertThat(state.details()).contains("ODP has no object my_stores");
        assertThat(odp.journal).containsExactly("GET my_stores");
    }

    @Test
    void aTypeClashIsReportedAndNothingIsCreated() {
        exists(Map.of("store_id", "string", "floor_area", "string"));
        TargetState state = sync.check(target(SchemaMode.CREATE));
        assertThat(state.state()).isEqualTo(SchemaState.TYPE_CLASH);
        assertThat(state.details()).contains("my_stores", "floor_area", "as string", "as number");
        assertThat(odp.journal).containsExactly("GET my_stores");
    }

    @Test
    void anObjectCreatedByAnotherReplicaMeanwhileIsSuccessAfterReadingAgain() {
        odp.onCreateObject = create -> {
            odp.createIt(create); // the other replica was first
            return new SchemaApi.Answer(
                    400,
                    "{\"detail\":{\"invalids\":[{\"field\":\"name\","
                            + "\"reason\":\"already used by another object\"}]}}");
        };
        TargetState state = sync.check(target(SchemaMode.CREATE));
        assertThat(state.state()).isEqualTo(SchemaState.OK);
        assertThat(odp.journal).containsExactly("GET my_stores", "POST object my_stores", "GET my_stores");
    }

    @Test
    void anObjectCreatedMeanwhileWithoutAFieldGetsTheField() {
        odp.onCreateObject = create -> {
            exists(Map.of("store_id", "string", "store_name", "string"));
            return new SchemaApi.Answer(400, "already used by another object");
        };
        TargetState state = sync.check(target(SchemaMode.CREATE));
        assertThat(state.state()).isEqualTo(SchemaState.FIELDS_ADDED);
        assertThat(odp.journal)
                .containsExactly("GET my_stores", "POST object my_stores", "GET my_stores", "POST field floor_area");
    }

    @Test
    void aBadRequestSayingAlreadyUsedWhileTheObjectIsStillMissingIsARefusal() {
        odp.onCreateObject = create -> new SchemaApi.Answer(400, "already used by another object");
        TargetState state = sync.check(target(SchemaMode.CREATE));
        assertThat(state.state()).isEqualTo(SchemaState.CREATE_REFUSED);
        assertThat(state.details()).contains("ODP refused to create object my_stores: HTTP 400: already used");
    }

    @Test
    void aFieldAddedMeanwhileIsSuccessAfterReadingAgain() {
        exists(Map.of("store_id", "string"));
        odp.onAddField = field -> {
            odp.addIt("my_stores", field);
            return field.equals(SIZE) ? new SchemaApi.Answer(400, "already exists") : new SchemaApi.Answer(200, "{}");
        };
        TargetState state = sync.check(target(SchemaMode.CREATE));
        assertThat(state.state()).isEqualTo(SchemaState.FIELDS_ADDED);
        assertThat(odp.journal.get(odp.journal.size() - 1)).isEqualTo("GET my_stores");
    }

    @Test
    void aFieldSaidToExistButNotThereIsARefusal() {
        exists(Map.of("store_id", "string", "store_name", "string"));
        odp.onAddField = field -> new SchemaApi.Answer(400, "already exists");
        TargetState state = sync.check(target(SchemaMode.CREATE));
        assertThat(state.state()).isEqualTo(SchemaState.CREATE_REFUSED);
        assertThat(state.details()).contains("floor_area", "HTTP 400: already exists");
    }

    @Test
    void aFieldAddedMeanwhileWithAnotherTypeIsAClash() {
        exists(Map.of("store_id", "string", "store_name", "string"));
        odp.onAddField = field -> {
            odp.objects.get("my_stores").put(field.name(), "string");
            return new SchemaApi.Answer(400, "already exists");
        };
        TargetState state = sync.check(target(SchemaMode.CREATE));
        assertThat(state.state()).isEqualTo(SchemaState.TYPE_CLASH);
        assertThat(state.details()).contains("floor_area as string", "as number");
    }

    @Test
    void aCreateRefusedForAnotherReasonIsShownWithTheAnswer() {
        odp.onCreateObject = create -> new SchemaApi.Answer(403, "{\"title\":\"Forbidden\"}");
        TargetState state = sync.check(target(SchemaMode.CREATE));
        assertThat(state.state()).isEqualTo(SchemaState.CREATE_REFUSED);
        assertThat(state.details()).contains("HTTP 403", "Forbidden");
        assertThat(odp.journal).containsExactly("GET my_stores", "POST object my_stores");
    }

    @Test
    void anOdpThatCannotBeAskedIsUnreachableNotAMismatch() {
        odp.down = true;
        TargetState state = sync.check(target(SchemaMode.CREATE));
        assertThat(state.state()).isEqualTo(SchemaState.UNREACHABLE);
        assertThat(state.state().holdsSink()).isFalse();
        assertThat(state.details()).contains("HTTP 503");
    }

    @Test
    void aMissingEventsObjectIsShownButNeitherCreatedNorHoldingTheSink() {
        TargetSchema events = new TargetSchema(
                TargetKind.EVENTS,
                "events",
                SchemaMode.CREATE,
                null,
                List.of(new SchemaField("price", FieldType.NUMBER, false)),
                false);
        TargetState state = sync.check(new SchemaTargets.Target(events, List.of("purchases")));
        assertThat(state.state()).isEqualTo(SchemaState.STANDARD_MISSING);
        assertThat(state.state().holdsSink()).isFalse();
        assertThat(odp.journal).containsExactly("GET events");
    }

    @Test
    void theFieldsAreNamedWithTheirTypes() {
        assertThat(SchemaSync.fieldsText(List.of(ID, NAME)))
                .isEqualTo("the fields store_id (string), store_name (string)");
        assertThat(SchemaSync.fieldsText(List.of(new SchemaField("a", FieldType.BOOLEAN, false))))
                .isEqualTo("the field a (boolean)");
    }
}
