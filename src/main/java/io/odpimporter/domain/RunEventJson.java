package io.odpimporter.domain;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.io.IOException;
import java.time.Instant;
import java.util.List;

/**
 * The JSON of {@link RunEvent} on the runs topic: every kind as one flat object of the 20 fields the single run event
 * record had ({@link Wire}, same names and order), each field a kind does not use written as null, 0 or false. So
 * replicas of the version before the kinds had types read what this one writes, and the other way round. Only the
 * codec sees the flat form.
 */
@RegisterForReflection(ignoreNested = false)
final class RunEventJson {

    private RunEventJson() {}

    /**
     * The flat form, field for field the run event as it was written before its kinds had types of their own.
     *
     * @param schemaVersion {@link RunEvent#SCHEMA_VERSION}
     * @param type          the kind; an unknown one is refused (Jackson: unknown enum value)
     * @param runId         the run
     * @param at            when
     * @param trigger       STARTED
     * @param trackerId     STARTED
     * @param force         STARTED
     * @param prefix        STARTED
     * @param owner         STARTED: the owner; COMPLETED: the writer; CANCEL_REQUESTED: the user
     * @param file          file events: {@code container/name@etag}; TIE: {@code container@second}
     * @param blobName      FILE_DISCOVERED, FILE_DONE
     * @param status        FILE_DONE: {@link FileStatus}; COMPLETED: {@link RunStatus}; SWEEP_FINISHED:
     *                      {@link SweepOutcome} (null: FINISHED)
     * @param total         FILE_DONE: records read; SWEEP_FINISHED: files; COMPLETED: records accepted; TIE: files
     * @param emitted       FILE_DONE
     * @param indices       ACCEPTED, REJECTED, FILE_DONE (rejected)
     * @param error         FILE_DONE, SWEEP_FINISHED, COMPLETED, REJECTED
     * @param part          ACCEPTED, REJECTED
     * @param duplicates    FILE_DONE
     * @param scheduledFor  STARTED
     * @param tie           TIE
     * @param format        FILE_DONE: the format the file was read as; absent (not written) when null, so every other
     *                      kind, and a FILE_DONE without it, is JSON-equal to what was written before
     * @param rule          FILE_DONE: the rule the file was imported with ({@code name@fingerprint}); absent (not
     *                      written) when null (the default rule), so FILE_DONE events of an empty configuration are
     *                      JSON-equal to what was written before; older replicas ignore it
     * @param requestedBy   STARTED: who asked; absent when null (older replicas ignore it, as the three below)
     * @param modifiedFrom  STARTED: a backfill's lower Last-Modified bound; absent when null
     * @param modifiedTo    STARTED: a backfill's upper Last-Modified bound (exclusive); absent when null
     * @param reimport      STARTED: the blob version a re-import run imports again; absent when null
     * @param dryRun        STARTED: true for a dry run; absent when null
     * @param report        FILE_DONE: what ODP would make of the file's records; absent when null
     */
    record Wire(
            int schemaVersion,
            RunEvent.Type type,
            String runId,
            Instant at,
            Trigger trigger,
            String trackerId,
            boolean force,
            String prefix,
            String owner,
            String file,
            String blobName,
            String status,
            long total,
            long emitted,
            List<Long> indices,
            String error,
            String part,
            long duplicates,
            Instant scheduledFor,
            TieGroup tie,
            @JsonInclude(JsonInclude.Include.NON_NULL) FileFormat format,
            @JsonInclude(JsonInclude.Include.NON_NULL) RuleRef rule,
            @JsonInclude(JsonInclude.Include.NON_NULL) String requestedBy,
            @JsonInclude(JsonInclude.Include.NON_NULL) Instant modifiedFrom,
            @JsonInclude(JsonInclude.Include.NON_NULL) Instant modifiedTo,
            @JsonInclude(JsonInclude.Include.NON_NULL) String reimport,
            @JsonInclude(JsonInclude.Include.NON_NULL) Boolean dryRun,
            @JsonInclude(JsonInclude.Include.NON_NULL) FileReport report) {

        /** The flat form of a kind with a format and a rule, without the STARTED options. */
        Wire(
                int schemaVersion,
                RunEvent.Type type,
                String runId,
                Instant at,
                Trigger trigger,
                String trackerId,
                boolean force,
                String prefix,
                String owner,
                String file,
                String blobName,
                String status,
                long total,
                long emitted,
                List<Long> indices,
                String error,
                String part,
                long duplicates,
                Instant scheduledFor,
                TieGroup tie,
                FileFormat format,
                RuleRef rule) {
            this(
                    schemaVersion,
                    type,
                    runId,
                    at,
                    trigger,
                    trackerId,
                    force,
                    prefix,
                    owner,
                    file,
                    blobName,
                    status,
                    total,
                    emitted,
                    indices,
                    error,
                    part,
                    duplicates,
                    scheduledFor,
                    tie,
                    format,
                    rule,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null);
        }

        /** The flat form of a kind without a format and a rule. */
        Wire(
                int schemaVersion,
                RunEvent.Type type,
                String runId,
                Instant at,
                Trigger trigger,
                String trackerId,
                boolean force,
                String prefix,
                String owner,
                String file,
                String blobName,
                String status,
                long total,
                long emitted,
                List<Long> indices,
                String error,
                String part,
                long duplicates,
                Instant scheduledFor,
                TieGroup tie) {
            this(
                    schemaVersion,
                    type,
                    runId,
                    at,
                    trigger,
                    trackerId,
                    force,
                    prefix,
                    owner,
                    file,
                    blobName,
                    status,
                    total,
                    emitted,
                    indices,
                    error,
                    part,
                    duplicates,
                    scheduledFor,
                    tie,
                    null,
                    null);
        }

        /** @return the flat form of an event */
        static Wire of(RunEvent event) {
            int v = RunEvent.SCHEMA_VERSION;
            if (event instanceof RunEvent.Started e) {
                return new Wire(
                        v,
                        e.type(),
                        e.runId(),
                        e.at(),
                        e.trigger(),
                        e.trackerId(),
                        e.force(),
                        e.prefix(),
                        e.owner(),
                        null,
                        null,
                        null,
                        0,
                        0,
                        null,
                        null,
                        null,
                        0,
                        e.scheduledFor(),
                        null,
                        null,
                        null,
                        e.requestedBy(),
                        e.modifiedFrom(),
                        e.modifiedTo(),
                        e.reimport(),
                        e.dryRun(),
                        null);
            } else if (event instanceof RunEvent.Discovered e) {
                return new Wire(
                        v,
                        e.type(),
                        e.runId(),
                        e.at(),
                        null,
                        null,
                        false,
                        null,
                        null,
                        e.file(),
                        e.blobName(),
                        null,
                        0,
                        0,
                        null,
                        null,
                        null,
                        0,
                        null,
                        null);
            } else if (event instanceof RunEvent.SweepFinished e) {
                return new Wire(
                        v,
                        e.type(),
                        e.runId(),
                        e.at(),
                        null,
                        null,
                        false,
                        null,
                        null,
                        null,
                        null,
                        e.outcome().wire(),
                        e.files(),
                        0,
                        null,
                        e.error(),
                        null,
                        0,
                        null,
                        null);
            } else if (event instanceof RunEvent.FileDone e) {
                return new Wire(
                        v,
                        e.type(),
                        e.runId(),
                        e.at(),
                        null,
                        null,
                        false,
                        null,
                        null,
                        e.file(),
                        e.blobName(),
                        name(e.status()),
                        e.total(),
                        e.emitted(),
                        e.rejected(),
                        e.error(),
                        null,
                        e.duplicates(),
                        null,
                        null,
                        e.format(),
                        e.rule(),
                        null,
                        null,
                        null,
                        null,
                        null,
                        e.report());
            } else if (event instanceof RunEvent.Accepted e) {
                return new Wire(
                        v,
                        e.type(),
                        e.runId(),
                        e.at(),
                        null,
                        null,
                        false,
                        null,
                        null,
                        e.file(),
                        null,
                        null,
                        0,
                        0,
                        e.indices(),
                        null,
                        e.part(),
                        0,
                        null,
                        null);
            } else if (event instanceof RunEvent.Rejected e) {
                return new Wire(
                        v,
                        e.type(),
                        e.runId(),
                        e.at(),
                        null,
                        null,
                        false,
                        null,
                        null,
                        e.file(),
                        null,
                        null,
                        0,
                        0,
                        e.indices(),
                        e.error(),
                        e.part(),
                        0,
                        null,
                        null);
            } else if (event instanceof RunEvent.Completed e) {
                return new Wire(
                        v,
                        e.type(),
                        e.runId(),
                        e.at(),
                        null,
                        null,
                        false,
                        null,
                        e.writer(),
                        null,
                        null,
                        name(e.status()),
                        e.accepted(),
                        0,
                        null,
                        e.error(),
                        null,
                        0,
                        null,
                        null);
            } else if (event instanceof RunEvent.CancelRequested e) {
                return new Wire(
                        v, e.type(), e.runId(), e.at(), null, null, false, null, e.user(), null, null, null, 0, 0, null,
                        null, null, 0, null, null);
            } else if (event instanceof RunEvent.Tie e) {
                return new Wire(
                        v,
                        e.type(),
                        e.runId(),
                        e.at(),
                        null,
                        null,
                        false,
                        null,
                        null,
                        e.file(),
                        null,
                        null,
                        e.group().files(),
                        0,
                        null,
                        null,
                        null,
                        0,
                        null,
                        e.group());
            }
            throw new IllegalStateException("unknown run event " + event.getClass());
        }

        /**
         * @return the event of this kind, from the fields the kind uses (the others are ignored)
         * @throws IllegalArgumentException if the kind is missing, a status is not one of its kind, or a TIE has no
         *                                  group
         */
        RunEvent event() {
            if (type == null) {
                throw new IllegalArgumentException("no type");
            }
            return switch (type) {
                case STARTED ->
                    new RunEvent.Started(
                            runId,
                            at,
                            trigger,
                            trackerId,
                            force,
                            prefix,
                            owner,
                            scheduledFor,
                            requestedBy,
                            modifiedFrom,
                            modifiedTo,
                            reimport,
                            dryRun);
                case FILE_DISCOVERED -> new RunEvent.Discovered(runId, at, file, blobName);
                case SWEEP_FINISHED -> new RunEvent.SweepFinished(runId, at, total, error, SweepOutcome.ofWire(status));
                case FILE_DONE ->
                    new RunEvent.FileDone(
                            runId,
                            at,
                            file,
                            blobName,
                            status == null ? null : written(FileStatus.valueOf(status), FileStatus.PENDING),
                            total,
                            emitted,
                            indices,
                            error,
                            duplicates,
                            format,
                            rule,
                            report);
                case ACCEPTED -> new RunEvent.Accepted(runId, at, file, part, indices);
                case REJECTED -> new RunEvent.Rejected(runId, at, file, part, indices, error);
                case COMPLETED ->
                    new RunEvent.Completed(
                            runId,
                            at,
                            status == null ? null : written(RunStatus.valueOf(status), RunStatus.RUNNING),
                            total,
                            error,
                            owner);
                case CANCEL_REQUESTED -> new RunEvent.CancelRequested(runId, at, owner);
                case TIE -> new RunEvent.Tie(runId, at, tie);
            };
        }

        /** @return {@code status} unless it is the one never written (a state before the event) */
        private static <E extends Enum<E>> E written(E status, E never) {
            if (status == never) {
                throw new IllegalArgumentException(never + " is not a " + type(never) + " status");
            }
            return status;
        }

        private static String type(Enum<?> e) {
            return e.getDeclaringClass().getSimpleName();
        }

        private static String name(Enum<?> e) {
            return e == null ? null : e.name();
        }
    }

    /** Writes a run event in its flat form. */
    static final class Writer extends StdSerializer<RunEvent> {
        Writer() {
            super(RunEvent.class);
        }

        @Override
        public void serialize(RunEvent value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            provider.defaultSerializeValue(Wire.of(value), gen);
        }
    }

    /**
     * Reads a run event from its flat form; an unknown kind or a status not of its kind is refused as a
     * {@code JsonMappingException}, as any malformed value.
     */
    static final class Reader extends StdDeserializer<RunEvent> {
        Reader() {
            super(RunEvent.class);
        }

        @Override
        public RunEvent deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            Wire wire = ctxt.readValue(p, Wire.class);
            try {
                return wire.event();
            } catch (IllegalArgumentException | NullPointerException e) {
                throw MismatchedInputException.from(
                        p, RunEvent.class, "not a " + wire.type() + " run event: " + e.getMessage());
            }
        }
    }
}
