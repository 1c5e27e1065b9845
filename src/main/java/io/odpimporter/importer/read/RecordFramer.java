package io.odpimporter.importer.read;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Finds the records of a line-framed file (JSON Lines or CSV) in its bytes: the only place these formats are
 * tokenized. A record ends at LF, CRLF or a lone CR; in CSV mode not inside quotes, where a '"' opens a quoted field
 * only at a field's start (the record's start or just after the delimiter), '""' inside quotes is an escaped quote
 * and a line break inside quotes is part of the field (Jackson's CSV parser reads fields the same way). In JSON Lines
 * mode there are no quotes to track: JSON forbids raw line breaks in strings.
 *
 * <p>Tells each record's byte offset and length in the content (bytes, not characters: '"', the delimiters, CR and
 * LF are ASCII and never occur inside a UTF-8 multi-byte sequence) and the line it starts on. Skips a UTF-8 BOM at
 * the file's start (offsets still count it) and blank records (nothing between two line breaks). Keeps at most
 * {@code maxRecordBytes} of a record: a longer one is read past to its end and reported {@link #oversized()}, with
 * its full length.
 */
final class RecordFramer {

    private static final byte LF = '\n';
    private static final byte CR = '\r';
    private static final byte QUOTE = '"';
    private static final int READ_BUFFER = 65_536;
    private static final int FIRST_RECORD_BUFFER = 8_192;
    private static final int MAX_ARRAY = Integer.MAX_VALUE - 16;
    /** Most bytes of a problem row's text kept for its dead letter. */
    static final int MAX_TEXT_BYTES = 65_536;

    private final InputStream in;
    private final boolean csv;
    private final byte delimiter;
    private final long maxRecordBytes;
    private final int keepLimit;
    private final boolean lines;
    private final byte[] buf = new byte[READ_BUFFER];
    private int pos;
    private int limit;
    /** byte offset in the content of {@code buf[0]} */
    private long bufBase;

    private boolean checkStart;
    private boolean skipLf;
    private boolean eof;
    private long line;

    private byte[] record = new byte[0];
    private int kept;
    private long length;
    private long offset;
    private long recordLine;
    private boolean nul;

    private final CharsetDecoder decoder = StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    private CharBuffer chars = CharBuffer.allocate(0);
    private int malformedAt;

    /**
     * @param in             the content from {@code startOffset} on
     * @param startOffset    where {@code in} starts in the content: 0, or a record's start
     * @param startLine      the line {@code in} starts on (1-based), -1 if unknown (lines are then all -1)
     * @param csvDelimiter   the CSV delimiter, or null for JSON Lines (no quotes)
     * @param maxRecordBytes longest record kept in memory
     */
    RecordFramer(InputStream in, long startOffset, long startLine, Character csvDelimiter, long maxRecordBytes) {
        this.in = in;
        this.csv = csvDelimiter != null;
        this.delimiter = csv ? (byte) csvDelimiter.charValue() : 0;
        this.maxRecordBytes = maxRecordBytes;
        this.keepLimit = (int) Math.min(maxRecordBytes, MAX_ARRAY);
        this.bufBase = startOffset;
        this.checkStart = startOffset == 0;
        this.lines = startLine >= 0;
        this.line = startLine;
    }

    /**
     * Frames the next record that is not blank.
     *
     * @return whether there is one; false at the end of the content
     * @throws MalformedFileException a UTF-16/32 BOM at the start, or the end of the content inside quotes (at the
     *                                offset of the record holding the opening quote)
     * @throws IOException            reading failed
     */
    boolean next() throws MalformedFileException, IOException {
        if (checkStart) {
            checkStart = false;
            checkByteOrderMark();
        }
        while (frame()) {
            if (length > 0) {
                return true;
            }
        }
        return false;
    }

    /** @return the record's bytes, valid up to {@link #kept()} and until the next call of {@link #next()} */
    byte[] bytes() {
        return record;
    }

    /** @return how many of the record's bytes were kept: all of them unless {@link #oversized()} */
    int kept() {
        return kept;
    }

    /** @return the record's length in bytes, without its line break */
    long length() {
        return length;
    }

    /** @return whether the record is longer than {@code maxRecordBytes} (then not kept whole) */
    boolean oversized() {
        return length > maxRecordBytes;
    }

    /** @return the record's byte offset in the content */
    long offset() {
        return offset;
    }

    /** @return the line the record starts on (1-based), -1 if unknown */
    long line() {
        return recordLine;
    }

    /** @return why an {@linkplain #oversized() oversized} record is parked */
    String oversizedReason() {
        return "the record is " + length + " bytes, more than importer.file-import.max-record-bytes (" + maxRecordBytes
                + ")";
    }

    /** @return whether the record holds a NUL byte */
    boolean hasNul() {
        return nul;
    }

    /**
     * Decodes the kept bytes of the record as UTF-8 into {@link #chars()}.
     *
     * @return whether they are valid UTF-8; if not, {@link #malformedAt()} tells where
     */
    boolean decode() {
        if (chars.capacity() < kept) {
            chars = CharBuffer.allocate(Math.max(kept, 2 * chars.capacity()));
        }
        chars.clear();
        decoder.reset();
        ByteBuffer bytes = ByteBuffer.wrap(record, 0, kept);
        CoderResult result = decoder.decode(bytes, chars, true);
        if (result.isUnderflow()) {
            result = decoder.flush(chars);
        }
        if (result.isError()) {
            malformedAt = bytes.position();
            return false;
        }
        chars.flip();
        return true;
    }

    /** @return the record's characters after a successful {@link #decode()}: {@code array()} up to {@code limit()} */
    CharBuffer chars() {
        return chars;
    }

    /** @return the index in the record of the first byte that is not UTF-8, after a failed {@link #decode()} */
    int malformedAt() {
        return malformedAt;
    }

    /**
     * @return the record as read, for its dead letter: at most {@link #MAX_TEXT_BYTES} bytes of it, cut at a
     *         character's start; bytes that are not UTF-8 become U+FFFD
     */
    String text() {
        int n = Math.min(kept, MAX_TEXT_BYTES);
        if (n < kept) {
            while (n > 0 && (record[n] & 0xC0) == 0x80) {
                n--;
            }
        }
        return new String(record, 0, n, StandardCharsets.UTF_8);
    }

    /** Frames one record, possibly blank; false at the end of the content. */
    private boolean frame() throws MalformedFileException, IOException {
        if (skipLf) {
            skipLf = false;
            if (available() && buf[pos] == LF) {
                pos++;
            }
        }
        if (!available()) {
            return false;
        }
        offset = bufBase + pos;
        recordLine = line;
        length = 0;
        kept = 0;
        nul = false;
        boolean fieldStart = true;
        boolean quoted = false;
        boolean quoteSeen = false;
        boolean crSeen = false;
        long breaks = 0;
        while (available()) {
            byte[] b = buf;
            int from = pos;
            int end = limit;
            int i = from;
            for (; i < end; i++) {
                byte c = b[i];
                if (quoted) {
                    if (quoteSeen) {
                        quoteSeen = false;
                        if (c == QUOTE) {
                            continue; // "" inside quotes: an escaped quote
                        }
                        quoted = false; // the closing quote: c is outside quotes
                    } else {
                        if (c == QUOTE) {
                            quoteSeen = true;
                        } else if (c == LF) {
                            breaks += crSeen ? 0 : 1;
                            crSeen = false;
                        } else if (c == CR) {
                            breaks++;
                            crSeen = true;
                        } else {
                            crSeen = false;
                            nul |= c == 0;
                        }
                        continue;
                    }
                }
                if (c == LF || c == CR) {
                    break;
                }
                nul |= c == 0;
                if (csv) {
                    if (c == QUOTE && fieldStart) {
                        quoted = true;
                        crSeen = false;
                    }
                    fieldStart = c == delimiter;
                }
            }
            keep(from, i);
            if (i < end) {
                skipLf = b[i] == CR;
                pos = i + 1;
                advanceLines(breaks + 1);
                return true;
            }
            pos = end;
        }
        if (quoted && !quoteSeen) {
            throw new MalformedFileException(
                    "unterminated quote: the quoted field opened in the record"
                            + (recordLine >= 0 ? " on line " + recordLine : "")
                            + " is not closed before the end of the file",
                    offset);
        }
        advanceLines(breaks);
        return true;
    }

    private void advanceLines(long breaks) {
        if (lines) {
            line += breaks;
        }
    }

    /** Adds {@code buf[from, to)} to the record, keeping at most {@code keepLimit} bytes. */
    private void keep(int from, int to) {
        int n = to - from;
        length += n;
        int room = keepLimit - kept;
        int copy = Math.min(n, room);
        if (copy <= 0) {
            return;
        }
        if (kept + copy > record.length) {
            long grown = Math.max((long) kept + copy, Math.max(FIRST_RECORD_BUFFER, 2L * record.length));
            byte[] bigger = new byte[(int) Math.min(grown, keepLimit)];
            System.arraycopy(record, 0, bigger, 0, kept);
            record = bigger;
        }
        System.arraycopy(buf, from, record, kept, copy);
        kept += copy;
    }

    /** @return whether a byte is buffered at {@code pos}, reading more if needed; false at the end */
    private boolean available() throws IOException {
        if (pos < limit) {
            return true;
        }
        if (eof) {
            return false;
        }
        bufBase += limit;
        pos = 0;
        limit = 0;
        int n;
        do {
            n = in.read(buf, 0, buf.length);
        } while (n == 0);
        if (n < 0) {
            eof = true;
            return false;
        }
        limit = n;
        return true;
    }

    /** Skips a UTF-8 BOM; refuses UTF-16 and UTF-32 (by their BOM). */
    private void checkByteOrderMark() throws MalformedFileException, IOException {
        while (limit < 4 && !eof) {
            int n = in.read(buf, limit, buf.length - limit);
            if (n < 0) {
                eof = true;
            } else {
                limit += n;
            }
        }
        int b0 = byteAt(0);
        int b1 = byteAt(1);
        int b2 = byteAt(2);
        int b3 = byteAt(3);
        if (b0 == 0xEF && b1 == 0xBB && b2 == 0xBF) {
            pos = 3;
        } else if ((b0 == 0xFF && b1 == 0xFE && b2 == 0 && b3 == 0)
                || (b0 == 0 && b1 == 0 && b2 == 0xFE && b3 == 0xFF)) {
            throw new MalformedFileException("UTF-32 text: save the file as UTF-8", 0);
        } else if ((b0 == 0xFE && b1 == 0xFF) || (b0 == 0xFF && b1 == 0xFE)) {
            throw new MalformedFileException("UTF-16 text: save the file as UTF-8", 0);
        }
    }

    /** Closes the content. */
    void close() throws IOException {
        in.close();
    }

    private int byteAt(int i) {
        return i < limit ? buf[i] & 0xFF : -1;
    }
}
