package io.odpimporter.schema;

import io.odpimporter.rules.FieldType;
import io.odpimporter.rules.TargetKind;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The plan of a target against ODP's live schema, one case each (docs/architecture.md, "Schema"). */
class SchemaPlannerTest {

    static final SchemaField ID = new SchemaField("store_id", FieldType.STRING, true);
    static final SchemaField NAME = new SchemaField("store_name", FieldType.STRING, false);
    static final SchemaField SIZE = new SchemaField("floor_area", FieldType.NUMBER, false);

    static TargetSchema stores(SchemaMode mode) {
        return new TargetSchema(TargetKind.OBJECTS, "my_stores", mode, "store_id", List.of(ID, NAME, SIZE), false);
    }

    static OdpSchema live(Map<String, String> fields, String... primary) {
        return new OdpSchema("my_stores", fields, List.of(primary));
    }

    @Test
    void aSchemaWithEveryFieldNeedsNothing() {
        OdpSchema live = live(
                Map.of("store_id", "string", "store_name", "string", "floor_area", "number", "x", "boolean"),
                "store_id");
        assertThat(SchemaPlanner.plan(stores(SchemaMode.CREATE), Optional.of(live)))
                .isEqualTo(new SchemaPlanner.Nothing());
    }

    @Test
    void aMissingObjectIsCreatedWithItsPrimaryKeyFieldsDisplayNameAndDescription() {
        SchemaPlanner.Plan plan = SchemaPlanner.plan(stores(SchemaMode.CREATE), Optional.empty());
        assertThat(plan).isInstanceOf(SchemaPlanner.CreateObject.class);
        SchemaPlanner.CreateObject create = (SchemaPlanner.CreateObject) plan;
        assertThat(create.object()).isEqualTo("my_stores");
        assertThat(create.displayName()).isEqualTo("My Stores");
        assertThat(create.description()).contains("odp-blob-importer");
        assertThat(create.fields()).containsExactly(ID, NAME, SIZE);
        assertThat(create.fields().get(0).primary()).isTrue();
    }

    @Test
    void missingFieldsAreAddedAndOnlyThose() {
        OdpSchema live = live(Map.of("store_id", "string"), "store_id");
        assertThat(SchemaPlanner.plan(stores(SchemaMode.CREATE), Optional.of(live)))
                .isEqualTo(new SchemaPlanner.AddFields("my_stores", List.of(NAME, SIZE)));
    }

    @Test
    void aFieldOfAnotherTypeIsAClashNamingObjectFieldAndBothTypesAndNothingIsAdded() {
        OdpSchema live = live(Map.of("store_id", "string", "floor_area", "string"), "store_id");
        SchemaPlanner.Plan plan = SchemaPlanner.plan(stores(SchemaMode.CREATE), Optional.of(live));
        assertThat(plan).isInstanceOf(SchemaPlanner.Clash.class);
        assertThat(((SchemaPlanner.Clash) plan).reason())
                .contains("ODP object my_stores has the field floor_area as string, the rules send it as number");
    }

    @Test
    void anotherPrimaryKeyIsAClash() {
        OdpSchema live = live(
                Map.of("store_id", "string", "code", "string", "store_name", "string", "floor_area", "number"), "code");
        SchemaPlanner.Plan plan = SchemaPlanner.plan(stores(SchemaMode.CREATE), Optional.of(live));
        assertThat(plan).isInstanceOf(SchemaPlanner.Clash.class);
        assertThat(((SchemaPlanner.Clash) plan).reason()).contains("primary key code", "need store_id");
    }

    @Test
    void aMissingEventsObjectIsNotTheImportersToCreate() {
        TargetSchema events = new TargetSchema(
                TargetKind.EVENTS,
                "events",
                SchemaMode.CREATE,
                null,
                List.of(new SchemaField("price", FieldType.NUMBER, false)),
                false);
        assertThat(SchemaPlanner.plan(events, Optional.empty())).isInstanceOf(SchemaPlanner.CannotCreate.class);
        assertThat(SchemaPlanner.plan(
                        events, Optional.of(new OdpSchema("events", Map.of("event_type", "string"), List.of()))))
                .isEqualTo(new SchemaPlanner.AddFields(
                        "events", List.of(new SchemaField("price", FieldType.NUMBER, false))));
    }

    @Test
    void displayNamesAreDerivedFromTheName() {
        assertThat(SchemaPlanner.displayName("ocp_quickstart_offline_stores"))
                .isEqualTo("Ocp Quickstart Offline Stores");
    }
}
