package io.odpimporter.schema;

import io.odpimporter.odp.OdpAnswer;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Checks one target against ODP and, with {@code create}, creates only what is missing (docs/architecture.md,
 * "Schema"): the object with its primary key and fields, else the missing fields one by one. After any 400 to a
 * create it reads the schema again and decides by what ODP shows, never by the answer's text: another replica
 * starting at the same time may have created it ("already used by another object", "already exists"), which is
 * success; anything else is a refusal with ODP's answer.
 */
public final class SchemaSync {

    private final SchemaApi api;
    private final Supplier<Instant> clock;

    public SchemaSync(SchemaApi api, Supplier<Instant> clock) {
        this.api = api;
        this.clock = clock;
    }

    /** @return the target's state after checking it and, with {@code create}, creating what is missing */
    public TargetState check(SchemaTargets.Target target) {
        try {
            return outcome(target, decide(target));
        } catch (SchemaApi.Unreachable e) {
            return outcome(
                    target,
                    new Result(
                            SchemaState.UNREACHABLE,
                            "ODP could not be asked about object " + target.object() + ": " + e.getMessage()
                                    + "; asked again every importer.schema.recheck-every"));
        }
    }

    private record Result(SchemaState state, String details) {}

    private Result decide(SchemaTargets.Target target) {
        TargetSchema desired = target.schema();
        String object = desired.object();
        SchemaPlanner.Plan plan = SchemaPlanner.plan(desired, api.read(object));
        boolean create = desired.mode() == SchemaMode.CREATE;
        if (plan instanceof SchemaPlanner.CreateObject createObject) {
            return create
                    ? createObject(desired, createObject)
                    : new Result(
                            SchemaState.MISSING_OBJECT,
                            "ODP has no object " + object + " (primary key " + desired.primaryKey() + ", fields "
                                    + names(desired.fields()) + "); create it or run the bootstrap");
        }
        if (plan instanceof SchemaPlanner.AddFields add) {
            return create
                    ? addFields(desired, add.fields(), List.of())
                    : new Result(
                            SchemaState.MISSING_FIELDS,
                            "ODP object " + object + " lacks " + fieldsText(add.fields())
                                    + "; create them or run the bootstrap");
        }
        return judged(plan, List.of());
    }

    /** @return the state a plan read after the creates stands for */
    private static Result judged(SchemaPlanner.Plan plan, List<SchemaField> added) {
        if (plan instanceof SchemaPlanner.Clash clash) {
            return new Result(SchemaState.TYPE_CLASH, clash.reason());
        }
        if (plan instanceof SchemaPlanner.CannotCreate missing) {
            return new Result(
                    SchemaState.STANDARD_MISSING,
                    missing.reason() + ": its fields are not checked, events are sent as they are");
        }
        return added.isEmpty()
                ? new Result(SchemaState.OK, null)
                : new Result(SchemaState.FIELDS_ADDED, "added " + fieldsText(added));
    }

    private Result createObject(TargetSchema desired, SchemaPlanner.CreateObject create) {
        SchemaApi.Answer answer = api.createObject(create);
        String object = desired.object();
        if (answer.created()) {
            return new Result(
                    SchemaState.CREATED,
                    "created object " + object + " with primary key " + desired.primaryKey() + " and "
                            + fieldsText(create.fields()));
        }
        if (answer.status() == 400) {
            // decided by what ODP shows now, never by the answer's text (docs/architecture.md, "Schema")
            Optional<OdpSchema> live = api.read(object);
            if (live.isPresent()) {
                SchemaPlanner.Plan again = SchemaPlanner.plan(desired, live);
                if (again instanceof SchemaPlanner.AddFields add) {
                    return addFields(desired, add.fields(), List.of());
                }
                return judged(again, List.of());
            }
        }
        return refused("create object " + object, answer);
    }

    private Result addFields(TargetSchema desired, List<SchemaField> missing, List<SchemaField> addedBefore) {
        String object = desired.object();
        List<SchemaField> added = new ArrayList<>(addedBefore);
        SchemaApi.Answer badRequest = null;
        SchemaField badField = null;
        for (SchemaField field : missing) {
            SchemaApi.Answer answer = api.addField(object, field);
            if (answer.created()) {
                added.add(field);
            } else if (answer.status() == 400) {
                badRequest = answer;
                badField = field;
            } else {
                return refused("add the field " + field.name() + " to object " + object, answer);
            }
        }
        if (badRequest == null) {
            return new Result(SchemaState.FIELDS_ADDED, "added " + fieldsText(added) + " to object " + object);
        }
        // decided by what ODP shows now, never by the answer's text (docs/architecture.md, "Schema")
        SchemaPlanner.Plan again = SchemaPlanner.plan(desired, api.read(object));
        if (again instanceof SchemaPlanner.AddFields still) {
            return refused(
                    "add the field " + still.fields().get(0).name() + " to object " + object,
                    still.fields().contains(badField) ? badRequest : new SchemaApi.Answer(400, null));
        }
        return judged(again, added);
    }

    private static Result refused(String what, SchemaApi.Answer answer) {
        return new Result(
                SchemaState.CREATE_REFUSED,
                "ODP refused to " + what + ": " + OdpAnswer.reason(answer.status(), answer.body()));
    }

    private TargetState outcome(SchemaTargets.Target target, Result result) {
        return new TargetState(
                target.object(), target.schema().mode(), target.rules(), result.state(), result.details(), clock.get());
    }

    /** @return {@code the field name (string)} or {@code the fields a (string), b (number)} */
    static String fieldsText(List<SchemaField> fields) {
        return (fields.size() == 1 ? "the field " : "the fields ")
                + fields.stream()
                        .map(f -> f.name() + " (" + SchemaTargets.lower(f.type()) + ")")
                        .collect(Collectors.joining(", "));
    }

    private static String names(List<SchemaField> fields) {
        return fields.stream().map(SchemaField::name).collect(Collectors.joining(", "));
    }
}
