package io.odpimporter.importer;

import io.odpimporter.domain.FileFormat;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PushbackInputStream;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The format is decided by name, then Content-Encoding, then the gzip magic bytes. */
class FormatDetectionTest {

    private static final byte[] GZIP_HEAD = {0x1f, (byte) 0x8b};
    private static final byte[] TEXT_HEAD = {'i', 'd'};

    @Test
    void theNameDecidesTheFramingAndItsGzSuffixDecidesCompressionFirst() {
        assertThat(FormatDetection.decide("in/stores.csv", null, TEXT_HEAD)).hasToString("csv");
        assertThat(FormatDetection.decide("in/stores.CSV.GZ", null, TEXT_HEAD)).hasToString("csv.gz");
        assertThat(FormatDetection.decide("in/a.ndjson", null, TEXT_HEAD)).hasToString("jsonl");
        assertThat(FormatDetection.decide("in/a.jsonl.gz", "identity", TEXT_HEAD))
                .hasToString("jsonl.gz");
        assertThat(FormatDetection.decide("in/a.json", null, TEXT_HEAD)).isEqualTo(FileFormat.JSON_ARRAY);
        assertThat(FormatDetection.decide("in/stores-export", null, TEXT_HEAD)).isEqualTo(FileFormat.JSON_ARRAY);
    }

    @Test
    void thenTheContentEncodingMakesItGzip() {
        assertThat(FormatDetection.decide("in/stores.csv", "gzip", TEXT_HEAD)).hasToString("csv.gz");
        assertThat(FormatDetection.decide("in/stores.csv", "x-gzip", TEXT_HEAD)).hasToString("csv.gz");
        assertThat(FormatDetection.decide("in/stores.jsonl", "identity, GZIP", TEXT_HEAD))
                .hasToString("jsonl.gz");
        assertThat(FormatDetection.decide("in/stores.csv", "br", TEXT_HEAD)).hasToString("csv");
    }

    @Test
    void thenTheMagicBytesMakeItGzip() {
        assertThat(FormatDetection.decide("in/stores.csv", null, GZIP_HEAD)).hasToString("csv.gz");
        assertThat(FormatDetection.decide("in/export", null, GZIP_HEAD)).hasToString("json.gz");
        assertThat(FormatDetection.decide("in/stores.csv", null, new byte[] {0x1f}))
                .hasToString("csv");
        assertThat(FormatDetection.decide("in/stores.csv", null, new byte[0])).hasToString("csv");
    }

    @Test
    void aRulesFormatReplacesTheNameEntirely() {
        Optional<FileFormat> csv = Optional.of(FileFormat.parse("csv"));
        assertThat(FormatDetection.decide("in/orders.json", csv, null, TEXT_HEAD))
                .hasToString("csv");
        // the name's .gz does not make it gzip under a rule: only the content does
        assertThat(FormatDetection.decide("in/orders.txt.gz", csv, null, TEXT_HEAD))
                .hasToString("csv");
        assertThat(FormatDetection.decide("in/orders.csv", Optional.empty(), null, TEXT_HEAD))
                .hasToString("csv");
    }

    @Test
    void underARuleOfAPlainFormatGzipIsStillDetectedFromContentEncodingAndMagicBytes() {
        Optional<FileFormat> jsonl = Optional.of(FileFormat.parse("jsonl"));
        assertThat(FormatDetection.decide("in/orders.dat", jsonl, "gzip", TEXT_HEAD))
                .hasToString("jsonl.gz");
        assertThat(FormatDetection.decide("in/orders.dat", jsonl, null, GZIP_HEAD))
                .hasToString("jsonl.gz");
        // a rule naming .gz is always gzip
        assertThat(FormatDetection.decide("in/orders.dat", Optional.of(FileFormat.parse("jsonl.gz")), null, TEXT_HEAD))
                .hasToString("jsonl.gz");
    }

    @Test
    void peekingLosesNoByte() throws IOException {
        PushbackInputStream in =
                FormatDetection.peekable(new ByteArrayInputStream(new byte[] {0x1f, (byte) 0x8b, 8, 0}));
        assertThat(FormatDetection.peek(in)).isEqualTo(GZIP_HEAD);
        assertThat(in.readAllBytes()).containsExactly(0x1f, 0x8b, 8, 0);
        PushbackInputStream one = FormatDetection.peekable(new ByteArrayInputStream(new byte[] {'['}));
        assertThat(FormatDetection.peek(one)).containsExactly('[');
        assertThat(one.readAllBytes()).containsExactly('[');
    }
}
