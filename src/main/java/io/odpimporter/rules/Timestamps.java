package io.odpimporter.rules;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.util.regex.Pattern;

/**
 * Reads a timestamp written the ways ODP's own CSV import accepts (docs/configuration.md, "Conversions"; reference:
 * odp-and-ocp.md §8). A value without a zone or offset is UTC. Accepted:
 * <ul>
 *   <li>epoch seconds: a whole number of at most 12 digits, optionally negative ({@code 1764927000}); exactly 13
 *       digits are epoch <em>milliseconds</em> ({@code 1764927000123}, what JavaScript and Java write), since 13 digits
 *       of seconds would be after the year 33000; more digits, a fraction or an exponent are refused;
 *   <li>ISO 8601 date and time, with or without an offset ({@code Z}, {@code +01:00}, {@code +0100}, {@code +01}),
 *       seconds and fraction optional: {@code 2026-12-05T09:30:00Z}, {@code 2026-12-05T10:30:00+01:00},
 *       {@code 2026-12-05T09:30};
 *   <li>a date alone {@code yyyy-MM-dd}: midnight UTC;
 *   <li>{@code yyyy-MM-dd HH:mm:ss} with an optional offset ({@code +01:00} or {@code Z});
 *   <li>{@code MM/dd/yyyy HH:mm[:ss]} and {@code MM/dd/yy HH:mm[:ss]} (two-digit years 69-99 are 1969-1999, 00-68 are
 *       2000-2068, as strftime's {@code %y}); month, day and hour may have one digit ({@code 1/5/2026 9:30}, as
 *       spreadsheets write them).
 * </ul>
 * Dates are checked strictly: {@code 02/30/2026 10:00} is refused.
 */
final class Timestamps {

    private static final Pattern DIGITS = Pattern.compile("-?\\d{1,13}");

    private static final DateTimeFormatter ISO =
            withOptionalOffset(new DateTimeFormatterBuilder().append(DateTimeFormatter.ISO_LOCAL_DATE_TIME));

    private static final DateTimeFormatter SPACED =
            withOptionalOffset(new DateTimeFormatterBuilder().appendPattern("uuuu-MM-dd HH:mm:ss"));

    private static final DateTimeFormatter US_LONG_YEAR = new DateTimeFormatterBuilder()
            .appendPattern("M/d/uuuu H:mm[:ss]")
            .toFormatter()
            .withResolverStyle(ResolverStyle.STRICT);

    private static final DateTimeFormatter US_SHORT_YEAR = new DateTimeFormatterBuilder()
            .appendPattern("M/d/")
            .appendValueReduced(ChronoField.YEAR, 2, 2, 1969)
            .appendPattern(" H:mm[:ss]")
            .toFormatter()
            .withResolverStyle(ResolverStyle.STRICT);

    /** What the message of a refused value says is accepted. */
    static final String ACCEPTED = "use epoch seconds, ISO 8601 (2026-12-05T09:30:00Z), yyyy-MM-dd, "
            + "yyyy-MM-dd HH:mm:ss[+hh:mm], MM/dd/yyyy HH:mm[:ss] or MM/dd/yy HH:mm[:ss]";

    private Timestamps() {}

    /**
     * @param text the value, without surrounding white space
     * @return the instant it names
     * @throws IllegalArgumentException if it is none of the accepted forms
     */
    static Instant parse(String text) {
        if (DIGITS.matcher(text).matches()) {
            return epoch(Long.parseLong(text), text.length() - (text.startsWith("-") ? 1 : 0));
        }
        try {
            if (text.indexOf('/') >= 0) {
                int space = text.indexOf(' ');
                boolean longYear = space > 0 && space - text.lastIndexOf('/', space) - 1 == 4;
                DateTimeFormatter f = longYear ? US_LONG_YEAR : US_SHORT_YEAR;
                return LocalDateTime.parse(text, f).toInstant(ZoneOffset.UTC);
            }
            if (text.indexOf('T') >= 0 || text.indexOf('t') >= 0) {
                return zoned(ISO.parseBest(text, OffsetDateTime::from, LocalDateTime::from));
            }
            if (text.indexOf(' ') >= 0) {
                return zoned(SPACED.parseBest(text, OffsetDateTime::from, LocalDateTime::from));
            }
            return LocalDate.parse(text, DateTimeFormatter.ISO_LOCAL_DATE.withResolverStyle(ResolverStyle.STRICT))
                    .atStartOfDay(ZoneOffset.UTC)
                    .toInstant();
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("not a timestamp");
        }
    }

    /**
     * @param value  epoch seconds, or milliseconds when it has 13 digits
     * @param digits how many digits it was written with
     * @return the instant
     */
    static Instant epoch(long value, int digits) {
        if (digits > 13) {
            throw new IllegalArgumentException("not epoch seconds (at most 12 digits) or milliseconds (13 digits)");
        }
        return digits == 13 ? Instant.ofEpochMilli(value) : Instant.ofEpochSecond(value);
    }

    /** @return the number of digits of a whole number */
    static int digits(long value) {
        return Long.toString(Math.abs(value)).length();
    }

    private static Instant zoned(TemporalAccessor parsed) {
        return parsed instanceof OffsetDateTime odt
                ? odt.toInstant()
                : ((LocalDateTime) parsed).toInstant(ZoneOffset.UTC);
    }

    /** @return the date-time of {@code builder} followed by an optional offset ({@code Z}, {@code +01:00}, {@code +0100}) */
    private static DateTimeFormatter withOptionalOffset(DateTimeFormatterBuilder builder) {
        return builder.optionalStart()
                .appendOffset("+HH:MM:ss", "Z")
                .optionalEnd()
                .optionalStart()
                .appendOffset("+HHmm", "Z")
                .optionalEnd()
                .toFormatter()
                .withResolverStyle(ResolverStyle.STRICT);
    }
}
