package io.odpimporter.importer.read;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;

import java.util.List;

/**
 * What readers are told: bounds on hostile input and the CSV dialect.
 *
 * @param maxRecordBytes  largest record in bytes; a longer one is read past (never held in memory) and returned as a
 *                        problem row, the file goes on
 * @param maxStringLength longest JSON string in characters (Jackson's stream read constraint)
 * @param maxNestingDepth deepest JSON nesting (Jackson's stream read constraint)
 * @param csvDelimiter    the CSV field delimiter: ',', ';', '\t' or '|'
 * @param csvColumns      CSV column names for files without a header row; empty: the first row is the header
 */
public record ReadOptions(
        long maxRecordBytes, int maxStringLength, int maxNestingDepth, char csvDelimiter, List<String> csvColumns) {

    /** The service's defaults. */
    public static final ReadOptions DEFAULT = new ReadOptions(1_048_576, 1_048_576, 32, ',', List.of());

    public ReadOptions {
        csvColumns = List.copyOf(csvColumns);
    }

    /** @return a JSON factory applying {@code maxStringLength} and {@code maxNestingDepth} (stream read constraints) */
    JsonFactory jsonFactory() {
        return JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxStringLength(maxStringLength)
                        .maxNestingDepth(maxNestingDepth)
                        .build())
                .build();
    }
}
