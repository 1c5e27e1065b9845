package io.odpimporter.rules;

import io.odpimporter.domain.FileFormat;
import io.odpimporter.domain.RuleRef;
import io.odpimporter.domain.StoreRecord;
import io.odpimporter.schema.TargetSchema;

import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * A validated rule (docs/architecture.md, "Rules"): the blobs it takes, how they are read, where their records go
 * and how each record is transformed.
 *
 * @param ref             the rule's name and fingerprint, recorded with its files; null for the default rule of an
 *                        empty configuration (recorded as nothing, as before rules existed)
 * @param index           its place in {@code importer.rules} (-1 for the default rule)
 * @param matcher         whether a blob name is the rule's
 * @param format          the format its files are read as; empty: decided by name, Content-Encoding and first bytes
 * @param target          where its records go in ODP
 * @param transform       turns a record read into its payload
 * @param requiredColumns columns a CSV header must have, or every row would be parked (the primary key's source
 *                        unless it is a constant; events: the first identifier's source, and the type's source unless
 *                        it is a constant; a JSON Pointer source counts as its first name): a header without them fails
 *                        the file at once
 * @param schema          what the target needs in ODP's schema, and what is done about it (docs/architecture.md,
 *                        "Schema")
 * @param budget          the rule's error budget ({@link ErrorBudget#OFF} unless configured)
 */
public record Rule(
        RuleRef ref,
        int index,
        Predicate<String> matcher,
        Optional<FileFormat> format,
        StoreRecord.Target target,
        RecordTransform transform,
        List<String> requiredColumns,
        TargetSchema schema,
        ErrorBudget budget) {

    /** A rule whose schema is not checked and without an error budget. */
    public Rule(
            RuleRef ref,
            int index,
            Predicate<String> matcher,
            Optional<FileFormat> format,
            StoreRecord.Target target,
            RecordTransform transform,
            List<String> requiredColumns) {
        this(
                ref,
                index,
                matcher,
                format,
                target,
                transform,
                requiredColumns,
                TargetSchema.unchecked(
                        target.kind() == StoreRecord.Target.Kind.EVENTS ? TargetKind.EVENTS : TargetKind.OBJECTS,
                        target.kind() == StoreRecord.Target.Kind.EVENTS ? "events" : target.objectType()),
                ErrorBudget.OFF);
    }

    /** @return whether blob {@code blobName} is this rule's */
    public boolean matches(String blobName) {
        return matcher.test(blobName);
    }

    /** @return the rule's name for people: its name, or {@code default} for the default rule */
    public String displayName() {
        return ref == null ? "default" : ref.name();
    }

    /** @return the stores-topic value of a payload of this rule */
    public StoreRecord record(Payload payload) {
        return StoreRecord.of(target, payload.fields());
    }
}
