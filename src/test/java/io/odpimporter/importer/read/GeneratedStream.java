package io.odpimporter.importer.read;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** A stream of a prefix, then one byte repeated many times, then a suffix: a huge row without holding it. */
final class GeneratedStream extends InputStream {

    private final byte[] prefix;
    private final byte filler;
    private final long fillerCount;
    private final byte[] suffix;
    private long pos;

    GeneratedStream(String prefix, char filler, long fillerCount, String suffix) {
        this.prefix = prefix.getBytes(StandardCharsets.UTF_8);
        this.filler = (byte) filler;
        this.fillerCount = fillerCount;
        this.suffix = suffix.getBytes(StandardCharsets.UTF_8);
    }

    long size() {
        return prefix.length + fillerCount + suffix.length;
    }

    @Override
    public int read() {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) {
        if (pos >= size()) {
            return -1;
        }
        int n = 0;
        while (n < len && pos < size()) {
            if (pos < prefix.length) {
                b[off + n] = prefix[(int) pos];
            } else if (pos < prefix.length + fillerCount) {
                int run = (int) Math.min(len - n, prefix.length + fillerCount - pos);
                Arrays.fill(b, off + n, off + n + run, filler);
                n += run;
                pos += run;
                continue;
            } else {
                b[off + n] = suffix[(int) (pos - prefix.length - fillerCount)];
            }
            n++;
            pos++;
        }
        return n;
    }
}
