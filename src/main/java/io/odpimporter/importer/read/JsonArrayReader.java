package io.odpimporter.importer.read;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.util.TokenBuffer;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;

/**
 * Streams the elements of a JSON array (Jackson's streaming parser: one element in memory at a time) and tells
 * each element's index, line and byte offset. Can start in the middle of the array, at the byte offset of an
 * element (a ranged read after a progress mark): it then reads the stream as if an opening '[' preceded it.
 * Bounds on hostile input: {@code maxStringLength} and {@code maxNestingDepth} are Jackson's stream read
 * constraints (a file that breaks them fails at that offset, with a clear reason); an element longer than
 * {@code maxRecordBytes} (characters for UTF-16/32 input) is not kept in memory: it is read past (streamed, not
 * buffered) and returned as a problem row, so the file goes on.
 */
public final class JsonArrayReader implements RecordReader {

    private static final byte[] OPEN = "[".getBytes(StandardCharsets.US_ASCII);

    private final ObjectMapper mapper;
    private final JsonParser parser;
    private final long base;
    private final long maxRecordBytes;
    private final long firstLine;
    private long nextIndex;
    private boolean started;
    private boolean ended;

    /**
     * @param mapper  the service's JSON mapper
     * @param in      the blob content from {@code start.byteOffset()} on
     * @param start   the file's start, or the position of an element (a progress mark)
     * @param options bounds on hostile input
     */
    public JsonArrayReader(ObjectMapper mapper, InputStream in, Position start, ReadOptions options)
            throws IOException {
        long startOffset = start.byteOffset();
        this.mapper = mapper;
        this.maxRecordBytes = options.maxRecordBytes();
        JsonFactory factory = options.jsonFactory();
        factory.setCodec(mapper);
        if (startOffset > 0) {
            this.parser = factory.createParser(new SequenceInputStream(new ByteArrayInputStream(OPEN), in));
            this.base = startOffset - OPEN.length;
        } else {
            this.parser = factory.createParser(in);
            this.base = 0;
        }
        this.nextIndex = start.index();
        this.firstLine = start.line();
    }

    /**
     * @return the next element, or null after the closing ']'
     * @throws MalformedFileException if the content is not a JSON array (reason and byte offset)
     * @throws IOException            if reading the blob failed
     */
    @Override
    public SourceRecord next() throws MalformedFileException, IOException {
        if (ended) {
            return null;
        }
        try {
            if (!started) {
                started = true;
                JsonToken first = parser.nextToken();
                if (first == null) {
                    ended = true;
                    return null; // a 0-byte blob: nothing to import
                }
                if (first != JsonToken.START_ARRAY) {
                    throw new MalformedFileException(
                            "expected a JSON array of records, found " + describe(first), offset());
                }
            }
            JsonToken token = parser.nextToken();
            if (token == null) {
                throw new MalformedFileException("unexpected end of file: the array is not closed", endOffset());
            }
            if (token == JsonToken.END_ARRAY) {
                ended = true;
                return null;
            }
            long at = offset();
            long line = line(parser.currentTokenLocation());
            JsonNode value = token.isStructStart() ? readBounded(at) : mapper.readTree(parser);
            long bytes = endOffset() - at;
            if (value == null || bytes > maxRecordBytes) {
                return SourceRecord.problem(nextIndex++, line, at, bytes, oversized(bytes), null);
            }
            return SourceRecord.of(nextIndex++, line, at, bytes, value);
        } catch (StreamConstraintsException e) {
            throw new MalformedFileException("input limit exceeded: " + e.getOriginalMessage(), endOffset());
        } catch (JsonEOFException e) {
            throw new MalformedFileException("unexpected end of file (truncated)", endOffset());
        } catch (JsonParseException e) {
            throw new MalformedFileException(
                    "invalid JSON: " + e.getOriginalMessage(),
                    base + Math.max(0, e.getLocation().getByteOffset()));
        } catch (JsonProcessingException e) {
            throw new MalformedFileException("invalid JSON: " + e.getOriginalMessage(), endOffset());
        }
    }

    /**
     * Reads the object or array the parser is at into a token buffer, unless it grows past {@code maxRecordBytes}:
     * then the rest of it is skipped token by token (nothing kept) and null is returned.
     */
    private JsonNode readBounded(long at) throws IOException {
        long from = position(parser.currentTokenLocation());
        try (TokenBuffer buffer = new TokenBuffer(parser, null)) {
            int depth = 0;
            JsonToken token = parser.currentToken();
            boolean keep = true;
            while (true) {
                if (token == null) {
                    throw new JsonEOFException(parser, null, "end of input inside a record");
                }
                if (token.isStructStart()) {
                    depth++;
                } else if (token.isStructEnd()) {
                    depth--;
                }
                if (keep) {
                    buffer.copyCurrentEvent(parser);
                    keep = position(parser.currentLocation()) - from <= maxRecordBytes;
                }
                if (depth == 0) {
                    break;
                }
                token = parser.nextToken();
            }
            if (!keep) {
                return null;
            }
            try (JsonParser replay = buffer.asParser(parser.getCodec())) {
                replay.nextToken();
                return mapper.readTree(replay);
            }
        }
    }

    private String oversized(long bytes) {
        return "the record is " + bytes + " bytes, more than importer.file-import.max-record-bytes (" + maxRecordBytes
                + ")";
    }

    /** @return the line of a location in the file, -1 if unknown (a mark without a line) */
    private long line(JsonLocation location) {
        if (firstLine < 0 || location.getLineNr() < 0) {
            return -1;
        }
        return firstLine - 1 + location.getLineNr();
    }

    /**
     * @return whether elements' byte offsets are known, so reading can resume at one (a ranged read): true for
     *         UTF-8 input; false for UTF-16/32 input, which Jackson decodes to characters first
     */
    @Override
    public boolean resumable() {
        return parser.currentLocation().getByteOffset() >= 0;
    }

    /** @return a location's byte offset, or its character offset where bytes are not counted (UTF-16/32) */
    private static long position(JsonLocation location) {
        return location.getByteOffset() >= 0 ? location.getByteOffset() : location.getCharOffset();
    }

    /** @return byte offset just after the last byte read, for reporting */
    private long endOffset() {
        return base + Math.max(0, parser.currentLocation().getByteOffset());
    }

    private long offset() {
        return base + parser.currentTokenLocation().getByteOffset();
    }

    private static String describe(JsonToken token) {
        return switch (token) {
            case START_OBJECT -> "a JSON object";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> token.toString();
        };
    }

    @Override
    public void close() throws IOException {
        parser.close();
    }
}
