package io.odpimporter.rules;

import io.odpimporter.afterimport.AfterImportAction;
import io.odpimporter.domain.RuleRef;
import io.odpimporter.schema.SchemaMode;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;

import java.util.List;
import java.util.Optional;

/**
 * One rule of {@code importer.rules[n]} (docs/configuration.md, "Rules"): which blobs it takes (a glob or a
 * prefix), how they are read, where their records go in ODP and how their fields are mapped. Rules are tried in
 * order; the first that matches a blob's name wins. Validated at start-up by {@link Rules}.
 */
public interface RuleConfig {

    /** The rule's name, recorded with every file it imports: letters, digits, '.', '_' and '-', unique. */
    @Pattern(regexp = RuleRef.NAME, message = "must be 1-64 letters, digits, '.', '_' or '-', e.g. orders")
    String name();

    /**
     * A glob on the whole blob name, case-sensitive: {@code *} any characters but {@code /}, {@code **} any
     * characters ({@code **}{@code /} also none), {@code ?} one character, {@code {csv,jsonl}} alternatives,
     * {@code [a-z]} a class ({@code [!a-z]} negated), {@code \} escapes; e.g. {@code orders/*.jsonl} ({@link Globs}).
     * Exactly one of {@code pattern} and {@code prefix}.
     */
    Optional<String> pattern();

    /** A prefix of the blob name, e.g. {@code stores/}. Exactly one of {@code pattern} and {@code prefix}. */
    Optional<String> prefix();

    /**
     * The format the rule's files are read as: {@code json}, {@code jsonl}, {@code csv}, each optionally
     * {@code .gz}; unset: decided by the blob's name, Content-Encoding and first bytes, as without rules.
     */
    Optional<String> format();

    /** Where the records go: {@code objects} (an ODP object type, {@code object-type}) or {@code events}. */
    @WithDefault("objects")
    TargetKind target();

    /** {@code target=objects}: the ODP object type, e.g. {@code orders}. */
    Optional<String> objectType();

    /** {@code target=objects}: the ODP field that is the object's primary key (one of the rule's fields). */
    Optional<String> primaryKey();

    /**
     * The ODP fields and where each value comes from; unset: every column (JSON field) under its own name, as
     * text. Events name {@code type}, {@code action}, {@code identifiers.<name>} and {@code data.<name>} (a bare
     * name is a data field); they need a {@code type} and at least one identifier, and cannot map
     * {@code data.idempotence_id} (the importer sets it, {@link EventIds}).
     */
    Optional<List<FieldConfig>> fields();

    /** A blank value (empty after trimming, or null): {@code omit} the field, or {@code clear} it (send null). */
    @WithDefault("omit")
    BlankPolicy blank();

    /** Whether text values are trimmed of leading and trailing white space before they are converted. */
    @WithDefault("true")
    boolean trim();

    /** How timestamp fields are sent: {@code iso} (ISO 8601 with offset, UTC) or {@code epoch-seconds}. */
    @WithDefault("iso")
    TimestampOutput timestampOutput();

    /**
     * What happens to the blob once its version is DELIVERED or FAILED: {@code none}, {@code tag}, {@code move} or
     * {@code delete}; unset: {@code importer.after-import.action} (docs/operations.md, "After the import").
     */
    Optional<AfterImportAction> afterImport();

    /**
     * What is done about the target's ODP schema at start-up and on demand: {@code create} what is missing (only ever
     * adding), {@code verify} it (a mismatch pauses the sink), or {@code off}; unset: {@code importer.schema.bootstrap}
     * (docs/architecture.md, "Schema").
     */
    Optional<SchemaMode> schema();

    /**
     * The error budget: the largest share (0 to 1, e.g. {@code 0.01} for ODP's own 1 %) of a file's records that may be
     * invalid; unset: no budget, every valid record is imported (docs/configuration.md, "Error budget").
     */
    Optional<
                    @DecimalMin(value = "0", message = "must be between 0 and 1, e.g. 0.01")
                    @DecimalMax(value = "1", message = "must be between 0 and 1, e.g. 0.01") Double>
            maxInvalidRatio();

    /** Records read before {@code max-invalid-ratio} is judged while a file streams. */
    @WithDefault("100")
    @Min(value = 1, message = "must be at least 1")
    long maxInvalidMinRecords();

    /**
     * With {@code max-invalid-ratio}: validate each file whole before any record is sent (two reads, both pinned to
     * the ETag); a file over budget is FAILED with its report instead of half-imported.
     */
    @WithDefault("false")
    boolean validateFirst();

    /** One ODP field of a rule. */
    interface FieldConfig {
        /** The ODP field (events: {@code type}, {@code action}, {@code identifiers.<name>}, {@code data.<name>}). */
        String name();

        /**
         * The source: a CSV column or JSON field name (a JSON Pointer such as {@code /address/city} reaches into
         * nested JSON); unset: the field's own name (events: the last part of it). Not with {@code constant}.
         */
        Optional<String> source();

        /** A value every record gets, converted like a read one. Not with {@code source}. */
        Optional<String> constant();

        /** The ODP type the value is converted to: {@code string}, {@code number}, {@code boolean}, {@code timestamp}. */
        @WithDefault("string")
        FieldType type();
    }
}
