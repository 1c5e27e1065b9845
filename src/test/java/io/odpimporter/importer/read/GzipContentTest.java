package io.odpimporter.importer.read;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** gzip content: members, limits, and a broken stream told apart from a failure to read the blob. */
class GzipContentTest {

    private static final GzipContent.Limits DEFAULT = new GzipContent.Limits(200, 107_374_182_400L);

    static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        }
        return out.toByteArray();
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    /** Hands out at most {@code chunk} bytes per read and tells available() = 0, as a network stream may. */
    static InputStream trickle(byte[] data, int chunk) {
        return new ByteArrayInputStream(data) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, chunk));
            }

            @Override
            public synchronized int available() {
                return 0;
            }
        };
    }

    /** Random text-like bytes (compress about 1.5x: no ratio limit is near). */
    static byte[] random(int size, long seed) {
        byte[] b = new byte[size];
        Random r = new Random(seed);
        for (int i = 0; i < size; i++) {
            b[i] = (byte) ('a' + r.nextInt(26));
        }
        return b;
    }

    @Test
    void concatenatedMembersAreOneStreamEvenWhenTheBlobSaysNothingIsAvailable() throws IOException {
        byte[] first = random(100_000, 1);
        byte[] second = random(70_000, 2);
        byte[] third = "[{\"id\":\"3\"}]".getBytes(StandardCharsets.UTF_8);
        byte[] blob = concat(gzip(first), gzip(second), gzip(third));
        // each member's last read ends at its end and nothing is available then, as over a network: GZIPInputStream
        // alone would stop after the first member
        InputStream members = new SequenceInputStream(
                new SequenceInputStream(trickle(gzip(first), 4096), trickle(gzip(second), 4096)),
                trickle(gzip(third), 4096));
        try (GzipContent in = new GzipContent(members, DEFAULT)) {
            assertThat(in.readAllBytes()).isEqualTo(concat(first, second, third));
            assertThat(in.uncompressedOffset()).isEqualTo(first.length + second.length + third.length);
            assertThat(in.compressedOffset()).isEqualTo(blob.length);
        }
    }

    @Test
    void aTruncatedStreamFailsAtItsUncompressedOffset() throws IOException {
        byte[] data = random(300_000, 3);
        byte[] blob = gzip(data);
        byte[] truncated = Arrays.copyOf(blob, blob.length / 2);
        try (GzipContent in = new GzipContent(new ByteArrayInputStream(truncated), DEFAULT)) {
            assertThatThrownBy(in::readAllBytes)
                    .isInstanceOfSatisfying(BrokenContentException.class, e -> {
                        assertThat(e.uncompressedOffset()).isPositive().isLessThan(data.length);
                        assertThat(e.compressedOffset()).isEqualTo(truncated.length);
                    })
                    .hasMessageStartingWith("broken gzip stream: truncated")
                    .hasMessageContaining("at uncompressed byte ")
                    .hasMessageContaining("(compressed byte " + truncated.length + ")");
        }
    }

    @Test
    void corruptDataFailsWithTheInflatersReason() throws IOException {
        byte[] blob = gzip(random(50_000, 4));
        blob[blob.length / 2] ^= 0x55;
        blob[blob.length / 2 + 1] ^= 0x55;
        try (GzipContent in = new GzipContent(new ByteArrayInputStream(blob), DEFAULT)) {
            assertThatThrownBy(in::readAllBytes)
                    .isInstanceOf(BrokenContentException.class)
                    .hasMessageStartingWith("broken gzip stream: ");
        }
    }

    @Test
    void dataThatIsNotGzipFailsAtByteZero() {
        GzipContent in = new GzipContent(new ByteArrayInputStream("id,name\n1,a\n".getBytes()), DEFAULT);
        assertThatThrownBy(in::read)
                .isInstanceOfSatisfying(
                        BrokenContentException.class,
                        e -> assertThat(e.uncompressedOffset()).isZero())
                .hasMessageStartingWith("broken gzip stream: not gzip data");
    }

    @Test
    void aBombIsRefusedByItsRatioOnceOneMebibyteIsOut() throws IOException {
        byte[] zeros = new byte[8 << 20]; // 8 MiB of zeros compress about 1000 times
        byte[] blob = gzip(zeros);
        try (GzipContent in = new GzipContent(new ByteArrayInputStream(blob), DEFAULT)) {
            assertThatThrownBy(in::readAllBytes)
                    .isInstanceOfSatisfying(
                            BrokenContentException.class,
                            e -> assertThat(e.uncompressedOffset())
                                    .isGreaterThanOrEqualTo(GzipContent.RATIO_CHECKED_AFTER)
                                    .isLessThan(zeros.length))
                    .hasMessageContaining("importer.formats.gzip.max-ratio (200)");
        }
        // the same content under a ratio it stays within reads to its end
        try (GzipContent in =
                new GzipContent(new ByteArrayInputStream(blob), new GzipContent.Limits(100_000, Long.MAX_VALUE))) {
            assertThat(in.readAllBytes()).hasSize(zeros.length);
        }
    }

    @Test
    void aSmallFileIsNotJudgedByItsRatio() throws IOException {
        byte[] zeros = new byte[(int) GzipContent.RATIO_CHECKED_AFTER - 1];
        try (GzipContent in = new GzipContent(new ByteArrayInputStream(gzip(zeros)), DEFAULT)) {
            assertThat(in.readAllBytes()).hasSize(zeros.length);
        }
    }

    @Test
    void contentLargerThanTheOutputLimitIsRefusedThere() throws IOException {
        byte[] data = random(200_000, 5);
        try (GzipContent in =
                new GzipContent(new ByteArrayInputStream(gzip(data)), new GzipContent.Limits(200, 100_000))) {
            assertThatThrownBy(in::readAllBytes)
                    .isInstanceOfSatisfying(
                            BrokenContentException.class,
                            e -> assertThat(e.uncompressedOffset()).isGreaterThan(100_000))
                    .hasMessageContaining("importer.formats.gzip.max-uncompressed-bytes (100000)");
        }
    }

    /** A blob whose read fails after {@code failAfter} bytes, as a network read does. */
    static InputStream failing(byte[] data, int failAfter, IOException failure) {
        return new SequenceInputStream(new ByteArrayInputStream(data, 0, failAfter), new InputStream() {
            @Override
            public int read() throws IOException {
                throw failure;
            }
        });
    }

    @Test
    void aFailureToReadTheBlobStaysTransientEvenAsAnEofException() throws IOException {
        byte[] blob = gzip(random(300_000, 6));
        for (IOException failure : new IOException[] {new IOException("connection reset"), new EOFException("peer")}) {
            try (GzipContent in = new GzipContent(failing(blob, blob.length / 2, failure), DEFAULT)) {
                assertThatThrownBy(in::readAllBytes).isSameAs(failure).isNotInstanceOf(BrokenContentException.class);
            }
        }
    }

    @Test
    void aFailureBetweenMembersIsNotTakenForTheEnd() throws IOException {
        byte[] first = gzip(random(10_000, 7));
        byte[] blob = concat(first, gzip(random(10_000, 8)));
        IOException failure = new IOException("connection reset");
        // the blob's read fails right where the second member's header starts: GZIPInputStream swallows it
        try (GzipContent in = new GzipContent(failing(blob, first.length, failure), DEFAULT)) {
            assertThatThrownBy(in::readAllBytes).isSameAs(failure);
        }
    }

    @Test
    void skipFullyInflatesUpToAnOffsetAndReadingGoesOnFromThere() throws IOException {
        byte[] data = random(500_000, 9);
        try (GzipContent in = new GzipContent(new ByteArrayInputStream(gzip(data)), DEFAULT)) {
            in.skipFully(123_456);
            assertThat(in.uncompressedOffset()).isEqualTo(123_456);
            assertThat(in.readAllBytes()).isEqualTo(Arrays.copyOfRange(data, 123_456, data.length));
        }
        try (GzipContent in = new GzipContent(new ByteArrayInputStream(gzip(data)), DEFAULT)) {
            assertThatThrownBy(() -> in.skipFully(data.length + 1L))
                    .isInstanceOf(BrokenContentException.class)
                    .hasMessageContaining("ends before the resume point");
        }
    }
}
