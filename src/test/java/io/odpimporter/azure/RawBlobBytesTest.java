package io.odpimporter.azure;

import io.vertx.core.http.HttpClientOptions;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The importer reads a blob's raw bytes, gzip included, and inflates them itself (with limits): the HTTP client must
 * not ask for compression nor decompress. azure-core-http-vertx's builder (1.1.4) never touches either option (its
 * byte code sets only timeouts, header size and proxy), so Vert.x' defaults hold: they are pinned here.
 */
class RawBlobBytesTest {

    @Test
    void vertxNeitherSendsAcceptEncodingNorDecompressesByDefault() {
        HttpClientOptions defaults = new HttpClientOptions();
        assertThat(defaults.isDecompressionSupported()).isFalse();
        assertThat(defaults.isTryUseCompression()).isFalse();
    }
}
