package io.odpimporter.domain;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/**
 * The format a blob version was read as: a {@link Kind} and whether it was gzip-compressed. One string form, on the
 * wire and in the API: {@code json}, {@code jsonl}, {@code csv}, each with {@code .gz} when compressed
 * (docs/architecture.md, "Readers").
 *
 * @param kind the record framing
 * @param gzip whether the content was gzip-compressed
 */
public record FileFormat(Kind kind, boolean gzip) {

    /** How records are framed in the (uncompressed) content. */
    public enum Kind {
        /** One JSON array of records (today's format, and the catch-all for any other name). */
        JSON_ARRAY("json"),
        /** JSON Lines / NDJSON: one JSON value per line. */
        JSON_LINES("jsonl"),
        /** RFC 4180 CSV: a header row (unless columns are configured), then one record per row. */
        CSV("csv");

        private final String extension;

        Kind(String extension) {
            this.extension = extension;
        }

        /** @return its string form, also its usual file extension */
        public String extension() {
            return extension;
        }
    }

    /** A plain JSON array: what every file was read as before formats were recorded. */
    public static final FileFormat JSON_ARRAY = new FileFormat(Kind.JSON_ARRAY, false);

    private static final String GZ = ".gz";

    /**
     * @return the format a blob's name says: {@code .csv}, {@code .jsonl}, {@code .ndjson}, {@code .json}, each
     *         optionally followed by {@code .gz} (any case); any other name is a JSON array (the catch-all), gzip when it
     *         ends in {@code .gz}. Compression is decided further by Content-Encoding and the content's magic bytes.
     */
    public static FileFormat fromName(String blobName) {
        String name = blobName.toLowerCase(Locale.ROOT);
        boolean gzip = name.endsWith(GZ);
        if (gzip) {
            name = name.substring(0, name.length() - GZ.length());
        }
        Kind kind;
        if (name.endsWith(".csv")) {
            kind = Kind.CSV;
        } else if (name.endsWith(".jsonl") || name.endsWith(".ndjson")) {
            kind = Kind.JSON_LINES;
        } else {
            kind = Kind.JSON_ARRAY;
        }
        return new FileFormat(kind, gzip);
    }

    /** @return this format, gzip-compressed */
    public FileFormat gzipped() {
        return new FileFormat(kind, true);
    }

    /**
     * @return the format of a string form ({@link #toString()}), null for one this release does not know (a newer
     *         replica's): the value stays readable
     */
    @JsonCreator
    public static FileFormat parse(String form) {
        if (form == null) {
            return null;
        }
        boolean gzip = form.endsWith(GZ);
        String kind = gzip ? form.substring(0, form.length() - GZ.length()) : form;
        for (Kind k : Kind.values()) {
            if (k.extension.equals(kind)) {
                return new FileFormat(k, gzip);
            }
        }
        return null;
    }

    @JsonValue
    @Override
    public String toString() {
        return kind.extension + (gzip ? GZ : "");
    }
}
