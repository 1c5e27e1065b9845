package io.odpimporter.importer.read;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.csv.CsvFactory;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;

import java.io.IOException;
import java.io.InputStream;
import java.nio.CharBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads RFC 4180 CSV: {@link RecordFramer} finds the records (quoted fields may hold delimiters, quotes and line
 * breaks), Jackson's CSV parser splits and unquotes each. The first record is the header, unless column names are
 * configured. A row is an object of column name to its raw text (the transform trims). A row with more or fewer
 * columns than the header, a NUL byte, bytes that are not UTF-8, or over {@code max-record-bytes} is a problem row,
 * and the file goes on; a bad header, a UTF-16 file or an unterminated quote fails the file. When resuming, the
 * header is read again from the file's start.
 */
public final class CsvReader implements RecordReader {

    private static final String COLUMNS_KEY = "importer.formats.csv.columns";
    private static final String DELIMITER_KEY = "importer.formats.csv.delimiter";
    private static final Map<Character, String> DELIMITER_NAMES =
            Map.of(',', "comma", ';', "semicolon", '\t', "tab", '|', "pipe");

    private final RecordFramer framer;
    private final Position start;
    private final Readers.ContentFromStart fromStart;
    private final ReadOptions options;
    private final CsvFactory csv =
            CsvFactory.builder().enable(CsvParser.Feature.WRAP_AS_ARRAY).build();
    private final CsvSchema schema;
    private final List<String> fields = new ArrayList<>();
    private List<String> columns;
    private long nextIndex;

    /**
     * @param in        the content from {@code start.byteOffset()} on
     * @param start     the file's start, or a record's start (a progress mark)
     * @param fromStart the content from byte 0, for the header when {@code start} is not the file's start
     * @param options   bounds, the delimiter and the configured columns
     */
    public CsvReader(InputStream in, Position start, Readers.ContentFromStart fromStart, ReadOptions options) {
        this.framer = new RecordFramer(
                in, start.byteOffset(), start.line(), options.csvDelimiter(), options.maxRecordBytes());
        this.start = start;
        this.fromStart = fromStart;
        this.options = options;
        this.schema = CsvSchema.emptySchema().withColumnSeparator(options.csvDelimiter());
        this.nextIndex = start.index();
    }

    /**
     * @return the next data row (a value or a problem), null at the end of the file
     * @throws MalformedFileException a bad header, a UTF-16/32 file, an unterminated quote (at its record's offset)
     */
    @Override
    public SourceRecord next() throws MalformedFileException, IOException {
        if (columns == null) {
            columns = header();
        }
        if (!framer.next()) {
            return null;
        }
        if (framer.oversized()) {
            return problem(framer.oversizedReason(), null);
        }
        if (framer.hasNul()) {
            return problem("the row holds a NUL byte", framer.text());
        }
        if (!framer.decode()) {
            return problem(notUtf8("row", framer), framer.text());
        }
        String failed = split(framer.chars());
        if (failed != null) {
            return problem(failed, framer.text());
        }
        if (fields.size() != columns.size()) {
            String where = framer.line() >= 0 ? "line " + framer.line() : "the row";
            String expected = options.csvColumns().isEmpty()
                    ? "the header has " + columns.size()
                    : COLUMNS_KEY + " names " + columns.size();
            return problem(where + " has " + fields.size() + " columns, " + expected, framer.text());
        }
        ObjectNode row = JsonNodeFactory.instance.objectNode();
        for (int i = 0; i < columns.size(); i++) {
            row.put(columns.get(i), fields.get(i));
        }
        return SourceRecord.of(nextIndex++, framer.line(), framer.offset(), framer.length(), row);
    }

    @Override
    public Optional<List<String>> columns() {
        return Optional.ofNullable(columns);
    }

    @Override
    public boolean resumable() {
        return true;
    }

    private SourceRecord problem(String reason, String text) {
        return SourceRecord.problem(nextIndex++, framer.line(), framer.offset(), framer.length(), reason, text);
    }

    /** @return the configured column names, or the header's: read from {@code in}, or from the file's start */
    private List<String> header() throws MalformedFileException, IOException {
        if (!options.csvColumns().isEmpty()) {
            return names(options.csvColumns(), COLUMNS_KEY + " ", 0);
        }
        if (start.atStart()) {
            return header(framer);
        }
        try (InputStream head = fromStart.open()) {
            return header(new RecordFramer(head, 0, 1, options.csvDelimiter(), options.maxRecordBytes()));
        }
    }

    private List<String> header(RecordFramer head) throws MalformedFileException, IOException {
        if (!head.next()) {
            throw new MalformedFileException(
                    "the file is empty: a CSV file starts with a header row (or set " + COLUMNS_KEY + ")", 0);
        }
        long at = head.offset();
        if (head.oversized()) {
            throw new MalformedFileException(
                    "the header row is " + head.length() + " bytes, more than importer.file-import.max-record-bytes ("
                            + options.maxRecordBytes() + ")",
                    at);
        }
        if (head.hasNul()) {
            throw new MalformedFileException("the header row holds a NUL byte", at);
        }
        if (!head.decode()) {
            throw new MalformedFileException(notUtf8("header row", head), at);
        }
        String failed = split(head.chars());
        if (failed != null) {
            throw new MalformedFileException("the header row cannot be read: " + failed, at);
        }
        if (fields.size() == 1) {
            checkDelimiter(fields.get(0), at);
        }
        return names(fields, "the header's ", at);
    }

    /** @return the names, trimmed; none empty, none repeated */
    private static List<String> names(List<String> raw, String what, long at) throws MalformedFileException {
        List<String> names = new ArrayList<>(raw.size());
        Map<String, Integer> seen = new HashMap<>();
        for (String name : raw) {
            String trimmed = name.trim();
            int column = names.size() + 1;
            if (trimmed.isEmpty()) {
                throw new MalformedFileException(what + "column " + column + " has no name", at);
            }
            Integer first = seen.putIfAbsent(trimmed, column);
            if (first != null) {
                throw new MalformedFileException(
                        what + "column " + column + " repeats the name \"" + trimmed + "\" of column " + first, at);
            }
            names.add(trimmed);
        }
        return List.copyOf(names);
    }

    /** Fails a one-column header that another delimiter would split, naming the setting that reads it. */
    private void checkDelimiter(String header, long at) throws MalformedFileException {
        char best = 0;
        long most = 0;
        for (char candidate : new char[] {';', '\t', '|', ','}) {
            long count = header.chars().filter(c -> c == candidate).count();
            if (candidate != options.csvDelimiter() && count > most) {
                best = candidate;
                most = count;
            }
        }
        if (most > 0) {
            throw new MalformedFileException(
                    "the header row is one column, \"" + header + "\", which looks "
                            + DELIMITER_NAMES.get(best) + "-separated: set " + DELIMITER_KEY + "="
                            + DELIMITER_NAMES.get(best)
                            + " (it is " + DELIMITER_NAMES.get(options.csvDelimiter()) + ")",
                    at);
        }
    }

    /**
     * Splits one framed record into {@link #fields} with Jackson's CSV parser.
     *
     * @return null, or why the record is not one CSV row
     */
    private String split(CharBuffer chars) throws IOException {
        fields.clear();
        int rows = 0;
        try (CsvParser parser = (CsvParser) csv.createParser(chars.array(), 0, chars.limit())) {
            parser.setSchema(schema);
            JsonToken token;
            int depth = 0;
            while ((token = parser.nextToken()) != null) {
                if (token == JsonToken.START_ARRAY && ++depth == 2) {
                    rows++;
                } else if (token == JsonToken.END_ARRAY) {
                    depth--;
                } else if (token == JsonToken.VALUE_STRING && rows == 1) {
                    fields.add(parser.getText());
                }
            }
        } catch (JsonProcessingException e) {
            JsonLocation location = e.getLocation();
            return "not a CSV row: " + e.getOriginalMessage()
                    + (location == null ? "" : " (column " + location.getColumnNr() + " of the row)");
        }
        return rows == 1 ? null : "the record holds " + rows + " CSV rows, not one";
    }

    private static String notUtf8(String what, RecordFramer framer) {
        return "the " + what + " is not UTF-8 (byte " + framer.malformedAt() + " of the " + what
                + "): the file is not UTF-8; save it as \"CSV UTF-8\"";
    }

    @Override
    public void close() throws IOException {
        framer.close();
    }
}
