package io.odpimporter.importer.read;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RecordFramerTest {

    private static final Character COMMA = ',';

    /** One framed record: where it is and what was kept. */
    record Frame(long offset, long length, long line, String text, boolean oversized, boolean nul) {}

    private static List<Frame> frames(InputStream in, long start, long line, Character csv, long max)
            throws IOException, MalformedFileException {
        RecordFramer framer = new RecordFramer(in, start, line, csv, max);
        List<Frame> out = new ArrayList<>();
        while (framer.next()) {
            assertThat(framer.bytes().length).isLessThanOrEqualTo((int) Math.max(max, 0));
            String text = framer.oversized() ? null : framer.text();
            out.add(new Frame(
                    framer.offset(), framer.length(), framer.line(), text, framer.oversized(), framer.hasNul()));
        }
        return out;
    }

    private static List<Frame> frames(String content, Character csv) throws IOException, MalformedFileException {
        return frames(content.getBytes(StandardCharsets.UTF_8), csv);
    }

    private static List<Frame> frames(byte[] content, Character csv) throws IOException, MalformedFileException {
        List<Frame> whole = frames(new ByteArrayInputStream(content), 0, 1, csv, 1_048_576);
        // the same content one byte per read frames the same: no boundary depends on the read buffer
        assertThat(frames(new Trickle(new ByteArrayInputStream(content)), 0, 1, csv, 1_048_576))
                .isEqualTo(whole);
        return whole;
    }

    @Test
    void aRecordEndsAtLfCrLfOrALoneCr() throws Exception {
        List<Frame> frames = frames("a,1\nb,2\r\nc,3\rd,4", COMMA);
        assertThat(frames).extracting(Frame::text).containsExactly("a,1", "b,2", "c,3", "d,4");
        assertThat(frames).extracting(Frame::offset).containsExactly(0L, 4L, 9L, 13L);
        assertThat(frames).extracting(Frame::length).containsExactly(3L, 3L, 3L, 3L);
        assertThat(frames).extracting(Frame::line).containsExactly(1L, 2L, 3L, 4L);
    }

    @Test
    void quotedFieldsHoldDelimitersEscapedQuotesAndLineBreaks() throws Exception {
        String content = "\"a,b\",\"say \"\"hi\"\"\"\n\"x\ny\r\nz\rw\",2\nnext,3\n";
        List<Frame> frames = frames(content, COMMA);
        assertThat(frames)
                .extracting(Frame::text)
                .containsExactly("\"a,b\",\"say \"\"hi\"\"\"", "\"x\ny\r\nz\rw\",2", "next,3");
        // the record holding three quoted line breaks starts on line 2; the next one on line 6
        assertThat(frames).extracting(Frame::line).containsExactly(1L, 2L, 6L);
        assertThat(frames.get(2).offset()).isEqualTo(content.indexOf("next"));
    }

    @Test
    void aQuoteOpensAFieldOnlyAtTheFieldsStart() throws Exception {
        // a"b and  "c are not quoted fields (as Jackson reads them): the line break ends the record
        List<Frame> frames = frames("a\"b, \"c\nd;\"e\n", COMMA);
        assertThat(frames).extracting(Frame::text).containsExactly("a\"b, \"c", "d;\"e");
        // the delimiter decides where a field starts
        assertThat(frames(new ByteArrayInputStream("d;\"e\nf\"\n".getBytes(StandardCharsets.UTF_8)), 0, 1, ';', 100))
                .extracting(Frame::text)
                .containsExactly("d;\"e\nf\"");
    }

    @Test
    void jsonLinesHaveNoQuotesToTrack() throws Exception {
        List<Frame> frames = frames("{\"a\":\"x\n{\"b\":\"\"\"}\n", null);
        assertThat(frames).extracting(Frame::text).containsExactly("{\"a\":\"x", "{\"b\":\"\"\"}");
    }

    @Test
    void blankRecordsAreSkippedButTheirLinesCount() throws Exception {
        List<Frame> frames = frames("\n\r\na\n\n\rb\r\n\r\n", COMMA);
        assertThat(frames).extracting(Frame::text).containsExactly("a", "b");
        assertThat(frames).extracting(Frame::line).containsExactly(3L, 6L);
        assertThat(frames).extracting(Frame::offset).containsExactly(3L, 7L);
        assertThat(frames("", COMMA)).isEmpty();
        assertThat(frames("\n\n", null)).isEmpty();
    }

    @Test
    void aUtf8BomIsSkippedAndOffsetsCountIt() throws Exception {
        List<Frame> frames = frames("\uFEFFid\nx\n", COMMA);
        assertThat(frames).extracting(Frame::text).containsExactly("id", "x");
        assertThat(frames).extracting(Frame::offset).containsExactly(3L, 6L);
        assertThat(frames("\uFEFF", COMMA)).isEmpty();
    }

    @Test
    void utf16AndUtf32FailTheFileAtByteZero() {
        for (byte[] bom : List.of(
                new byte[] {(byte) 0xFF, (byte) 0xFE, 'i', 0},
                new byte[] {(byte) 0xFE, (byte) 0xFF, 0, 'i'},
                new byte[] {(byte) 0xFF, (byte) 0xFE})) {
            assertThatThrownBy(() -> frames(bom, COMMA))
                    .isInstanceOf(MalformedFileException.class)
                    .hasMessage("UTF-16 text: save the file as UTF-8 at byte 0");
        }
        for (byte[] bom :
                List.of(new byte[] {(byte) 0xFF, (byte) 0xFE, 0, 0}, new byte[] {0, 0, (byte) 0xFE, (byte) 0xFF})) {
            assertThatThrownBy(() -> frames(bom, null))
                    .isInstanceOf(MalformedFileException.class)
                    .hasMessage("UTF-32 text: save the file as UTF-8 at byte 0");
        }
    }

    @Test
    void offsetsAreBytesNotCharacters() throws Exception {
        String content = "é€,😀\n\"ü\nß\",x\nend\n";
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        List<Frame> frames = frames(bytes, COMMA);
        assertThat(frames).extracting(Frame::text).containsExactly("é€,😀", "\"ü\nß\",x", "end");
        assertThat(frames).extracting(Frame::offset).containsExactly(0L, 11L, 21L);
        assertThat(frames).extracting(Frame::length).containsExactly(10L, 9L, 3L);
        assertThat(new String(bytes, 21, 3, StandardCharsets.UTF_8)).isEqualTo("end");
    }

    @Test
    void aNulByteIsFlagged() throws Exception {
        assertThat(frames("a\0b\n\"c\0\"\nd\n", COMMA)).extracting(Frame::nul).containsExactly(true, true, false);
    }

    @Test
    void aRecordOverTheLimitIsReadPastNotKeptAndTheFileGoesOn() throws Exception {
        long huge = 50L * 1024 * 1024;
        GeneratedStream in = new GeneratedStream("a,1\n\"b,", 'x', huge, "\nzz\",2\nc,3\n");
        List<Frame> frames = frames(in, 0, 1, COMMA, 1024);
        assertThat(frames).hasSize(3);
        assertThat(frames.get(0)).isEqualTo(new Frame(0, 3, 1, "a,1", false, false));
        Frame big = frames.get(1);
        assertThat(big.oversized()).isTrue();
        assertThat(big.offset()).isEqualTo(4);
        assertThat(big.length()).isEqualTo(3 + huge + 6);
        assertThat(big.line()).isEqualTo(2);
        assertThat(frames.get(2)).isEqualTo(new Frame(4 + big.length() + 1, 3, 4, "c,3", false, false));
    }

    @Test
    void anUnterminatedQuoteFailsAtItsRecordAfterTheRecordsBeforeIt() throws Exception {
        RecordFramer framer = new RecordFramer(
                new ByteArrayInputStream("a,1\nb,\"2\nc,3\n".getBytes(StandardCharsets.UTF_8)), 0, 1, COMMA, 100);
        assertThat(framer.next()).isTrue();
        assertThat(framer.text()).isEqualTo("a,1");
        assertThatThrownBy(framer::next)
                .isInstanceOf(MalformedFileException.class)
                .hasMessage("unterminated quote: the quoted field opened in the record on line 2 is not closed"
                        + " before the end of the file at byte 4")
                .satisfies(e ->
                        assertThat(((MalformedFileException) e).byteOffset()).isEqualTo(4));
    }

    @Test
    void startsAtARecordBoundaryWithItsOffsetAndLineOrAnUnknownLine() throws Exception {
        String content = "x,1\n\"y\n\",2\nz,3\n";
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        int at = content.indexOf("\"y");
        List<Frame> resumed = frames(new ByteArrayInputStream(bytes, at, bytes.length - at), at, 2, COMMA, 100);
        assertThat(resumed).extracting(Frame::offset).containsExactly((long) at, (long) content.indexOf("z"));
        assertThat(resumed).extracting(Frame::line).containsExactly(2L, 4L);
        // no BOM check past the start, and an unknown line stays unknown
        List<Frame> unknown = frames(new ByteArrayInputStream(bytes, at, bytes.length - at), at, -1, COMMA, 100);
        assertThat(unknown).extracting(Frame::line).containsExactly(-1L, -1L);
    }

    @Test
    void aDecodedRecordReportsWhereItIsNotUtf8() throws Exception {
        byte[] content = {'a', 'b', (byte) 0xC3, 'c', '\n'};
        RecordFramer framer = new RecordFramer(new ByteArrayInputStream(content), 0, 1, COMMA, 100);
        assertThat(framer.next()).isTrue();
        assertThat(framer.decode()).isFalse();
        assertThat(framer.malformedAt()).isEqualTo(2);
        assertThat(framer.text()).isEqualTo("ab\uFFFDc");
    }

    /** Reads one byte at a time: every read boundary falls everywhere once. */
    private static final class Trickle extends FilterInputStream {
        Trickle(InputStream in) {
            super(in);
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return super.read(b, off, Math.min(len, 1));
        }
    }
}
