package io.odpimporter.schema;

import io.odpimporter.rules.TargetKind;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Compares what a target needs with ODP's live schema and says what to do (docs/architecture.md, "Schema"): nothing,
 * create the object (with its primary key and fields), add the missing fields, or nothing can be done: a field that
 * exists with another type, or another primary key. ODP cannot delete, rename or retype a field, and sets a primary
 * key only when it creates the object: the plan never asks for that. Pure: no I/O.
 */
public final class SchemaPlanner {

    /** What to do about one object. */
    public sealed interface Plan permits Nothing, CreateObject, AddFields, Clash, CannotCreate {}

    /** The live schema has everything. */
    public record Nothing() implements Plan {}

    /**
     * The object is missing: {@code POST /v3/schema/objects}.
     *
     * @param object      its name
     * @param displayName derived from the name ({@code ocp_quickstart_offline_stores}: {@code Ocp Quickstart Offline
     *                    Stores})
     * @param description for people looking at ODP's schema
     * @param fields      its fields, the primary key marked
     */
    public record CreateObject(String object, String displayName, String description, List<SchemaField> fields)
            implements Plan {}

    /**
     * Fields are missing: {@code POST /v3/schema/objects/{object}/fields}, one each.
     *
     * @param object the object
     * @param fields the missing fields
     */
    public record AddFields(String object, List<SchemaField> fields) implements Plan {}

    /**
     * The live schema contradicts the target and ODP cannot change it: a field of another type, another primary key.
     *
     * @param object   the object
     * @param problems one sentence each, naming the object, the field and both types
     */
    public record Clash(String object, List<String> problems) implements Plan {

        /** @return the problems in one text */
        public String reason() {
            return String.join("; ", problems);
        }
    }

    /**
     * The object is missing and is not the importer's to create ({@code events}, a standard object of every ODP
     * account: only a stand-in lacks it).
     *
     * @param object the object
     * @param reason for people
     */
    public record CannotCreate(String object, String reason) implements Plan {}

    private SchemaPlanner() {}

    /**
     * @param desired what the target needs
     * @param live    ODP's schema of the object, empty if ODP has no such object (404)
     * @return what to do
     */
    public static Plan plan(TargetSchema desired, Optional<OdpSchema> live) {
        String object = desired.object();
        if (live.isEmpty()) {
            if (desired.kind() == TargetKind.EVENTS) {
                return new CannotCreate(
                        object, "ODP has no object " + object + " (a standard object of every ODP account)");
            }
            return new CreateObject(object, displayName(object), description(desired), desired.fields());
        }
        OdpSchema schema = live.get();
        List<String> problems = new ArrayList<>();
        String key = desired.primaryKey();
        if (key != null
                && !schema.primaryKeys().isEmpty()
                && !schema.primaryKeys().contains(key)) {
            problems.add("ODP object " + object + " has the primary key " + String.join(", ", schema.primaryKeys())
                    + ", the rules need " + key + " (a primary key is set only when an object is created)");
        }
        List<SchemaField> missing = new ArrayList<>();
        for (SchemaField field : desired.fields()) {
            Optional<String> type = schema.typeOf(field.name());
            String wanted = SchemaTargets.lower(field.type());
            if (type.isEmpty()) {
                missing.add(field);
            } else if (!sameType(type.get(), wanted)) {
                problems.add("ODP object " + object + " has the field " + field.name() + " as " + type.get()
                        + ", the rules send it as " + wanted + " (ODP cannot change a field's type)");
            }
        }
        if (!problems.isEmpty()) {
            return new Clash(object, problems);
        }
        return missing.isEmpty() ? new Nothing() : new AddFields(object, missing);
    }

    /** ODP's older answers say {@code text} for {@code string}. */
    private static boolean sameType(String live, String wanted) {
        return live.equals(wanted) || (live.equals("text") && wanted.equals("string"));
    }

    /** @return {@code ocp_quickstart_offline_stores} as {@code Ocp Quickstart Offline Stores} */
    public static String displayName(String name) {
        return Arrays.stream(name.split("_"))
                .filter(part -> !part.isEmpty())
                .map(part -> part.substring(0, 1).toUpperCase(Locale.ROOT) + part.substring(1))
                .collect(Collectors.joining(" "));
    }

    private static String description(TargetSchema desired) {
        return "Created by odp-blob-importer for the records it imports into " + desired.object();
    }

    /** @return a field's description in ODP */
    public static String fieldDescription(SchemaField field) {
        return "Imported by odp-blob-importer (" + SchemaTargets.lower(field.type()) + ")";
    }
}
