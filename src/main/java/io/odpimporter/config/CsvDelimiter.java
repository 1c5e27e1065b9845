package io.odpimporter.config;

import org.eclipse.microprofile.config.spi.Converter;

import java.util.Locale;

/** The CSV field delimiters the importer reads: by name or as the character itself. */
public enum CsvDelimiter {
    COMMA(','),
    SEMICOLON(';'),
    TAB('\t'),
    PIPE('|');

    private final char character;

    CsvDelimiter(char character) {
        this.character = character;
    }

    /** @return the delimiter character */
    public char character() {
        return character;
    }

    /**
     * Reads {@code importer.formats.csv.delimiter}: comma, semicolon, tab or pipe (any case), or the character
     * ({@code ,} {@code ;} {@code |}, or a tab).
     */
    public static final class Conversion implements Converter<CsvDelimiter> {

        private static final long serialVersionUID = 1L;

        @Override
        public CsvDelimiter convert(String value) {
            for (CsvDelimiter d : values()) {
                if (value.length() == 1 && value.charAt(0) == d.character
                        || d.name().equals(value.strip().toUpperCase(Locale.ROOT))) {
                    return d;
                }
            }
            throw new IllegalArgumentException("\"" + value + "\" is not a CSV delimiter: allowed values: comma, "
                    + "semicolon, tab, pipe, or the character , ; |");
        }
    }
}
