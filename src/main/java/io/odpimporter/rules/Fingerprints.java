package io.odpimporter.rules;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * A rule's fingerprint (the part after {@code @} of its {@link io.odpimporter.domain.RuleRef}): 8 hex digits of the
 * SHA-256 of a canonical string of everything that changes how its files are read or mapped: pattern or prefix,
 * format, target, object type, primary key, the fields in order (normalised name, effective source or constant,
 * type), blank policy, trimming and timestamp output. Defaults are written out, so leaving a key unset and setting its
 * default give the same fingerprint; the rule's name and its place in the list are not part of it. The same definition
 * has the same fingerprint on every replica, restart and JVM. Global keys ({@code max-text-length}) are not included.
 * Nor is the error budget ({@code max-invalid-ratio}, {@code max-invalid-min-records}, {@code validate-first}): it
 * judges a file, it does not change how its records are read or mapped, so changing it neither restarts a file from
 * record 0 (a progress mark of another fingerprint is not resumed from) nor shows imported files under another
 * definition (docs/configuration.md, "Error budget").
 */
final class Fingerprints {

    /** The version of the canonical form: changing the form changes every fingerprint, so bump it on purpose. */
    private static final String FORM = "rule-v1";

    private Fingerprints() {}

    /**
     * @param match  {@code pattern:<glob>} or {@code prefix:<prefix>}
     * @param format the configured format, null when decided per blob
     * @param target {@code objects} or {@code events}
     * @param fields the validated fields in order (null: every column as string)
     * @return the fingerprint
     */
    static String of(
            String match,
            String format,
            TargetKind target,
            String objectType,
            String primaryKey,
            List<FieldMapping> fields,
            RuleConfig config) {
        StringBuilder canonical = new StringBuilder(FORM);
        add(canonical, "match", match);
        add(canonical, "format", format == null ? "auto" : format);
        add(canonical, "target", lower(target.name()));
        add(canonical, "object-type", objectType);
        add(canonical, "primary-key", primaryKey);
        if (fields == null) {
            add(canonical, "fields", "all-columns");
        } else {
            for (FieldMapping f : fields) {
                add(canonical, "field", f.name());
                if (f.isConstant()) {
                    add(canonical, "constant", String.valueOf(f.constant()));
                } else {
                    add(canonical, "source", f.source());
                }
                add(canonical, "type", lower(f.type().name()));
            }
        }
        add(canonical, "blank", lower(config.blank().name()));
        add(canonical, "trim", String.valueOf(config.trim()));
        add(canonical, "timestamp-output", lower(config.timestampOutput().name()));
        return HexFormat.of().formatHex(sha256(canonical.toString()), 0, 4);
    }

    /** Appends {@code ;key=<length>:value}: the length keeps values with separators in them unambiguous. */
    private static void add(StringBuilder canonical, String key, String value) {
        canonical.append(';').append(key).append('=');
        if (value == null) {
            canonical.append('-');
        } else {
            canonical.append(value.length()).append(':').append(value);
        }
    }

    private static String lower(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }
}
