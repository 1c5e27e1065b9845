package io.odpimporter.config;

import io.smallrye.config.WithConverter;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Min;

import java.util.List;
import java.util.Optional;

/**
 * How files are read, by format (docs/configuration.md, "Formats"). The format itself needs no configuration: it is
 * decided by the blob's name, then its Content-Encoding, then its first bytes.
 */
public interface FormatsConfig {

    /** CSV files. */
    Csv csv();

    /** gzip-compressed files. */
    Gzip gzip();

    interface Csv {
        /**
         * The field delimiter: {@code comma}, {@code semicolon}, {@code tab} or {@code pipe}, or the character
         * itself ({@code ,} {@code ;} {@code |}).
         */
        @WithDefault("comma")
        @WithConverter(CsvDelimiter.Conversion.class)
        CsvDelimiter delimiter();

        /**
         * The column names when the files have no header row (comma-separated, e.g. {@code id,name,location}); unset:
         * the first row of every CSV file is its header.
         */
        Optional<List<String>> columns();
    }

    interface Gzip {
        /**
         * Most uncompressed bytes per compressed byte, checked once 1 MiB is decompressed: a file past it is refused
         * as a decompression bomb (FAILED with the reason). Text compresses 5 to 20 times, repetitive exports up to
         * about 100.
         */
        @WithDefault("200")
        @Min(1)
        int maxRatio();

        /** Most uncompressed bytes of one gzip file (default 100 GiB); a larger one fails at that point. */
        @WithDefault("107374182400")
        @Min(1)
        long maxUncompressedBytes();
    }
}
