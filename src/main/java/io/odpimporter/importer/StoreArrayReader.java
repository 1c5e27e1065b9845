package io.odpimporter.importer;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.util.TokenBuffer;

import java.io.ByteArrayInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;

/**
 * Streams the elements of a JSON array (Jackson's streaming parser: one element in memory at a time) and tells
 * each element's index and byte offset. Can start in the middle of the array, at the byte offset of an
 * element (a ranged read after a progress mark): it then reads the stream as if an opening '[' preceded it.
 */
public final class StoreArrayReader implements Closeable {

    private static final byte[] OPEN = "[".getBytes(StandardCharsets.US_ASCII);

    private final ObjectMapper mapper;
    private final JsonParser parser;
    private final long base;
    private final long maxRecordBytes;
    private long nextIndex;
    private boolean started;
    private boolean ended;

    /**
     * An element of the array.
     *
     * @param index      its index in the array
     * @param byteOffset where its JSON value starts in the blob
     * @param bytes      its length in bytes
     * @param value      the element
     */
    public record Element(long index, long byteOffset, long bytes, JsonNode value) {

        /** @return whether the element was over {@link Limits#maxRecordBytes()}: read past, not kept */
        public boolean oversized() {
            return value == null;
        }
    }

    /**
     * Bounds on hostile input. {@code maxStringLength} and {@code maxNestingDepth} are Jackson's stream read
     * constraints: a file that breaks them fails at that offset, with a clear reason. An element longer than
     * {@code maxRecordBytes} (characters for UTF-16/32 input) is not kept in memory: it is read past (streamed, not
     * buffered) and returned as {@linkplain Element#oversized() oversized}, so the file goes on.
     */
    public record Limits(int maxStringLength, int maxNestingDepth, long maxRecordBytes) {
        public static final Limits DEFAULT = new Limits(1_048_576, 32, 1_048_576);

        JsonFactory factory() {
            return JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxStringLength(maxStringLength)
                            .maxNestingDepth(maxNestingDepth)
                            .build())
                    .build();
        }
    }

    /**
     * @param in         the blob content from {@code startOffset} on
     * @param startOffset 0 for the whole blob, else the byte offset of element {@code firstIndex}
     * @param firstIndex index of the first element in {@code in}
     */
    public StoreArrayReader(ObjectMapper mapper, InputStream in, long startOffset, long firstIndex) throws IOException {
        this(mapper, in, startOffset, firstIndex, Limits.DEFAULT);
    }

    /**
     * @param in          the blob content from {@code startOffset} on
     * @param startOffset 0 for the whole blob, else the byte offset of element {@code firstIndex}
     * @param firstIndex  index of the first element in {@code in}
     * @param limits      bounds on strings and nesting
     */
    public StoreArrayReader(ObjectMapper mapper, InputStream in, long startOffset, long firstIndex, Limits limits)
            throws IOException {
        this.mapper = mapper;
        this.maxRecordBytes = limits.maxRecordBytes();
        JsonFactory factory = limits.factory();
        factory.setCodec(mapper);
        if (startOffset > 0) {
            this.parser = factory.createParser(new SequenceInputStream(new ByteArrayInputStream(OPEN), in));
            this.base = startOffset - OPEN.length;
        } else {
            this.parser = factory.createParser(in);
            this.base = 0;
        }
        this.nextIndex = firstIndex;
    }

    /**
     * @return the next element, or null after the closing ']'
     * @throws MalformedFileException if the content is not a JSON array (reason and byte offset)
     * @throws IOException            if reading the blob failed
     */
    public Element next() throws MalformedFileException, IOException {
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
            JsonNode value = token.isStructStart() ? readBounded(at) : mapper.readTree(parser);
            return new Element(nextIndex++, at, endOffset() - at, value);
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

    /**
     * @return whether elements' byte offsets are known, so reading can resume at one (a ranged read): true for
     *         UTF-8 input; false for UTF-16/32 input, which Jackson decodes to characters first
     */
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
