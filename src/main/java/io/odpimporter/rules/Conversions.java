package io.odpimporter.rules;

import com.fasterxml.jackson.databind.JsonNode;
import io.odpimporter.domain.ProblemKind;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Converts a value read from a record (or a rule's constant) to ODP's field types (docs/configuration.md,
 * "Conversions"). A blank value (missing, JSON null, or text empty after trimming) converts to {@code null}: the rule's
 * blank policy decides what that means. With {@code trim}, text values are trimmed of surrounding white space; numbers,
 * booleans and timestamps are always read without it.
 * <ul>
 *   <li>string: text as it is (trimmed); a JSON number or boolean as its JSON text (a number with a fraction or
 *       exponent was read as a double: {@code 1.50} is {@code 1.5}); an object or array is refused;
 *       longer than {@code max-text-length} characters is refused;
 *   <li>number: a JSON number, or text that is a decimal number with a '.' and an optional exponent ({@code 12},
 *       {@code -3.5}, {@code 1e3}); {@code 12,5}, {@code 1,234}, {@code NaN}, {@code Infinity} are refused. Whole
 *       values are sent as a long (beyond a long's range, as a decimal), others as a decimal with every digit kept;
 *   <li>boolean: a JSON boolean, or {@code true/false}, {@code yes/no}, {@code y/n}, {@code 1/0} in any case;
 *   <li>timestamp: see {@link Timestamps}; sent as ISO 8601 in UTC ({@code 2026-12-05T09:30:00Z}, a fraction only if
 *       the value had one) or as whole epoch seconds (a fraction dropped), by {@code timestamp-output}.
 * </ul>
 */
public final class Conversions {

    /** A value that cannot be converted: the reason, without the value (the caller names field, source and value). */
    public static final class NotConvertible extends Exception {
        private final ProblemKind kind;

        NotConvertible(String reason) {
            this(ProblemKind.INVALID_RECORD, reason);
        }

        NotConvertible(ProblemKind kind, String reason) {
            super(reason, null, false, false);
            this.kind = kind;
        }

        /** @return the kind of problem a dry run's report counts it under */
        public ProblemKind kind() {
            return kind;
        }
    }

    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d{1,4})?");
    private static final BigDecimal MAX_DOUBLE = new BigDecimal(Double.MAX_VALUE);
    private static final String NUMBER_EXAMPLE = "use digits, a '.' for decimals and no grouping, e.g. 12, -3.5 or 1e3";

    private final boolean trim;
    private final int maxText;
    private final TimestampOutput timestampOutput;

    /**
     * @param trim            whether text values are trimmed
     * @param maxText         longest text value, in characters
     * @param timestampOutput how timestamps are sent
     */
    public Conversions(boolean trim, int maxText, TimestampOutput timestampOutput) {
        this.trim = trim;
        this.maxText = maxText;
        this.timestampOutput = timestampOutput;
    }

    /**
     * @param type the ODP type
     * @param node the value read; null or missing if there is none
     * @return the converted value: String, Long, BigDecimal or Boolean; null if the value is blank
     * @throws NotConvertible with the reason
     */
    public Object convert(FieldType type, JsonNode node) throws NotConvertible {
        if (node == null || node.isMissingNode() || node.isNull()) {
            return null;
        }
        if (node.isTextual() && node.textValue().isBlank()) {
            return null;
        }
        if (node.isContainerNode()) {
            throw new NotConvertible("is a JSON " + (node.isObject() ? "object" : "array") + ", not a " + name(type));
        }
        return switch (type) {
            case STRING -> string(node);
            case NUMBER -> number(node);
            case BOOLEAN -> bool(node);
            case TIMESTAMP -> timestamp(node);
        };
    }

    /** @return how a value is shown in a reason: quoted, shortened to about 80 characters */
    public static String shown(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return "(missing)";
        }
        String text = node.isTextual() ? "'" + node.textValue() + "'" : node.toString();
        return shorten(text, 80);
    }

    /**
     * @return the text, or its start and {@code ...} in at most {@code max} characters, never cutting a surrogate pair
     *         in two (half an emoji is written as {@code ?} or a lone escape)
     */
    public static String shorten(String text, int max) {
        if (text.length() <= max) {
            return text;
        }
        int end = max - 3;
        if (Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(0, end) + "...";
    }

    private String string(JsonNode node) throws NotConvertible {
        String text = node.isTextual() ? node.textValue() : node.toString();
        if (trim) {
            text = text.strip();
        }
        if (text.codePointCount(0, text.length()) > maxText) {
            throw new NotConvertible(
                    ProblemKind.TEXT_TOO_LONG,
                    "is longer than " + maxText + " characters (importer.file-import.max-text-length)");
        }
        return text;
    }

    private static Object number(JsonNode node) throws NotConvertible {
        BigDecimal value;
        if (node.isNumber()) {
            if (node.isDouble() || node.isFloat()) {
                double d = node.doubleValue();
                if (!Double.isFinite(d)) {
                    throw new NotConvertible(
                            ProblemKind.UNPARSEABLE_NUMBER, "is not a finite number; " + NUMBER_EXAMPLE);
                }
            }
            value = node.decimalValue();
        } else if (node.isTextual()) {
            String text = node.textValue().strip();
            if (!DECIMAL.matcher(text).matches()) {
                throw new NotConvertible(ProblemKind.UNPARSEABLE_NUMBER, "is not a number; " + NUMBER_EXAMPLE);
            }
            value = new BigDecimal(text);
        } else {
            throw new NotConvertible(ProblemKind.UNPARSEABLE_NUMBER, "is a JSON " + kind(node) + ", not a number");
        }
        if (value.abs().compareTo(MAX_DOUBLE) > 0) {
            throw new NotConvertible(ProblemKind.UNPARSEABLE_NUMBER, "is out of range for a number");
        }
        return whole(value);
    }

    /** @return a long if the value is whole and fits one, else the decimal with every digit kept */
    static Object whole(BigDecimal value) {
        if (value.signum() == 0) {
            return 0L;
        }
        BigDecimal stripped = value.stripTrailingZeros();
        if (stripped.scale() <= 0 && stripped.precision() - stripped.scale() <= 19) {
            try {
                return stripped.longValueExact();
            } catch (ArithmeticException tooLarge) {
                return value;
            }
        }
        return value;
    }

    private static Boolean bool(JsonNode node) throws NotConvertible {
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        String text = node.isTextual()
                ? node.textValue().strip().toLowerCase(Locale.ROOT)
                : node.isIntegralNumber() ? node.asText() : "";
        return switch (text) {
            case "true", "yes", "y", "1" -> Boolean.TRUE;
            case "false", "no", "n", "0" -> Boolean.FALSE;
            default -> throw new NotConvertible("is not a boolean; use true/false, yes/no, y/n or 1/0");
        };
    }

    private Object timestamp(JsonNode node) throws NotConvertible {
        Instant instant;
        try {
            if (node.isIntegralNumber() && node.canConvertToLong()) {
                instant = Timestamps.epoch(node.longValue(), Timestamps.digits(node.longValue()));
            } else if (node.isTextual()) {
                instant = Timestamps.parse(node.textValue().strip());
            } else {
                throw new NotConvertible(
                        ProblemKind.UNPARSEABLE_TIMESTAMP,
                        "is a JSON " + kind(node) + ", not a timestamp; " + Timestamps.ACCEPTED);
            }
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new NotConvertible(ProblemKind.UNPARSEABLE_TIMESTAMP, "is not a timestamp; " + Timestamps.ACCEPTED);
        }
        return timestampOutput == TimestampOutput.EPOCH_SECONDS
                ? (Object) instant.getEpochSecond()
                : instant.toString();
    }

    private static String name(FieldType type) {
        return type.name().toLowerCase(Locale.ROOT);
    }

    private static String kind(JsonNode node) {
        return node.getNodeType().name().toLowerCase(Locale.ROOT);
    }
}
