package io.odpimporter.importer.read;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;

import java.io.IOException;
import java.io.InputStream;
import java.nio.CharBuffer;
import java.util.regex.Pattern;

/**
 * Reads JSON Lines / NDJSON: one JSON value per line ({@link RecordFramer} finds the lines, the service's
 * {@link ObjectMapper} parses each). Blank and whitespace-only lines are skipped and are not records. A line that is
 * not exactly one JSON value (bad JSON, a second value, a broken stream read constraint), holds a NUL byte, is not
 * UTF-8 or is longer than {@code max-record-bytes} is a problem row with the reason, and the file goes on. Whether
 * a value is an object is the transform's concern.
 */
public final class JsonLinesReader implements RecordReader {

    /** Where Jackson says an unclosed object or array began: always line 1 here, and it names no source. */
    private static final Pattern START_MARKER = Pattern.compile(" \\(start marker at \\[[^\\]]*\\]\\)");

    private final RecordFramer framer;
    private final ObjectReader reader;
    private long nextIndex;

    /**
     * @param mapper  the service's JSON mapper
     * @param in      the content from {@code start.byteOffset()} on
     * @param start   the file's start, or a line's start (a progress mark)
     * @param options bounds on hostile input
     */
    public JsonLinesReader(ObjectMapper mapper, InputStream in, Position start, ReadOptions options) {
        this.framer = new RecordFramer(in, start.byteOffset(), start.line(), null, options.maxRecordBytes());
        JsonFactory factory = options.jsonFactory();
        this.reader = mapper.reader()
                .with(factory)
                .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .forType(JsonNode.class);
        this.nextIndex = start.index();
    }

    /**
     * @return the next line's value or problem, null at the end of the file
     * @throws MalformedFileException a UTF-16 or UTF-32 file (by its BOM)
     */
    @Override
    public SourceRecord next() throws MalformedFileException, IOException {
        while (framer.next()) {
            if (framer.oversized()) {
                return problem(framer.oversizedReason(), null);
            }
            if (framer.hasNul()) {
                return problem("the line holds a NUL byte", framer.text());
            }
            if (!framer.decode()) {
                return problem(
                        "the line is not UTF-8 (byte " + framer.malformedAt()
                                + " of the line): the file is not UTF-8; save it as UTF-8",
                        framer.text());
            }
            CharBuffer chars = framer.chars();
            if (blank(chars)) {
                continue;
            }
            try (JsonParser parser = reader.createParser(chars.array(), 0, chars.limit())) {
                JsonNode value = reader.readTree(parser);
                return SourceRecord.of(nextIndex++, framer.line(), framer.offset(), framer.length(), value);
            } catch (StreamConstraintsException e) {
                return problem("input limit exceeded: " + e.getOriginalMessage(), framer.text());
            } catch (JsonProcessingException e) {
                return problem(reason(e), framer.text());
            }
        }
        return null;
    }

    private SourceRecord problem(String reason, String text) {
        return SourceRecord.problem(nextIndex++, framer.line(), framer.offset(), framer.length(), reason, text);
    }

    /** @return Jackson's short reason and the column (characters, 1-based) */
    private static String reason(JsonProcessingException e) {
        JsonLocation location = e.getLocation();
        String column = location == null ? "" : " (column " + location.getColumnNr() + ")";
        String message = START_MARKER.matcher(e.getOriginalMessage()).replaceAll("");
        if (message.startsWith("Trailing token")) {
            return "more than one JSON value on the line" + column;
        }
        return "not a JSON value: " + message + column;
    }

    /** @return whether the line is only JSON whitespace */
    private static boolean blank(CharBuffer chars) {
        char[] a = chars.array();
        for (int i = 0; i < chars.limit(); i++) {
            char c = a[i];
            if (c != ' ' && c != '\t' && c != '\r' && c != '\n') {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean resumable() {
        return true;
    }

    @Override
    public void close() throws IOException {
        framer.close();
    }
}
