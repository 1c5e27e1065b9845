package io.odpimporter.logging;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RedactorTest {

    static final String SECRET = "hook-Secret/7+x y";
    private final Redactor redactor = new Redactor(List.of(SECRET, "ab"), List.of("sharedKey"));

    @Test
    void aSecretIsRedactedPlainUrlEncodedAndJsonEscaped() {
        assertThat(redactor.redact("got " + SECRET + " there")).isEqualTo("got <redacted> there");
        String encoded = URLEncoder.encode(SECRET, StandardCharsets.UTF_8);
        assertThat(redactor.redact("/hook?x=" + encoded)).isEqualTo("/hook?x=<redacted>");
        assertThat(redactor.redact("/hook?x=" + encoded.replace("+", "%20"))).isEqualTo("/hook?x=<redacted>");
        assertThat(redactor.redact("/hook?x=" + encoded.toLowerCase())).doesNotContain("Secret");
        Redactor quoted = new Redactor(List.of("pa\"ss\\word"), List.of());
        assertThat(quoted.redact("{\"p\":\"pa\\\"ss\\\\word\"}")).isEqualTo("{\"p\":\"<redacted>\"}");
    }

    @Test
    void aSecretIsRedactedInBase64AtAnyOffsetAsInABasicHeader() {
        for (String around : List.of("", "u:", "us:", "use:", "user:")) {
            String basic = Base64.getEncoder().encodeToString((around + SECRET + "!").getBytes(StandardCharsets.UTF_8));
            String line = redactor.redact("Authorisation header: " + basic);
            // what is left around the marker is at most 3 characters of the user name's and the end's encoding
            assertThat(line)
                    .contains(Redactor.MARKER)
                    .doesNotContain(basic)
                    .matches("Authorisation header: [A-Za-z0-9+/]{0,8}<redacted>[A-Za-z0-9+/=]{0,4}");
        }
        String urlSafe = Base64.getUrlEncoder().encodeToString(SECRET.getBytes(StandardCharsets.UTF_8));
        assertThat(redactor.redact(urlSafe)).startsWith(Redactor.MARKER);
    }

    @Test
    void secretQueryAndSettingValuesAreRedactedWhateverTheirValue() {
        assertThat(redactor.redact("HTTP Request to /events/blob-created?secret=anything-at-all failed"))
                .isEqualTo("HTTP Request to /events/blob-created?secret=<redacted> failed");
        assertThat(redactor.redact("GET /x?a=1&SIG=abc%2Fdef&b=2")).isEqualTo("GET /x?a=1&SIG=<redacted>&b=2");
        assertThat(redactor.redact("https://h/p?token=t0k3n")).isEqualTo("https://h/p?token=<redacted>");
        assertThat(redactor.redact("AccountName=a;AccountKey=k3y==;BlobEndpoint=x"))
                .isEqualTo("AccountName=a;AccountKey=<redacted>;BlobEndpoint=x");
        assertThat(redactor.redact("password=\"pw\" user=u")).isEqualTo("password=\"<redacted>\" user=u");
        // the webhook's configured parameter name
        assertThat(redactor.redact("/hook?sharedKey=v4lue")).isEqualTo("/hook?sharedKey=<redacted>");
        // a word merely ending in a parameter's name is not one
        assertThat(redactor.redact("notoken=1 asig=2")).isEqualTo("notoken=1 asig=2");
    }

    @Test
    void authorizationCredentialsAndJwtsAreRedacted() {
        assertThat(redactor.redact("Authorization: Basic dXNlcjpwYXNz")).isEqualTo("Authorization: Basic <redacted>");
        assertThat(redactor.redact("headers={authorization=Bearer abc.def}"))
                .isEqualTo("headers={authorization=Bearer <redacted>}");
        assertThat(redactor.redact("token eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln here"))
                .isEqualTo("token <redacted> here");
        assertThat(redactor.redact("Basic authentication is enabled")).isEqualTo("Basic authentication is enabled");
    }

    @Test
    void valuesShorterThanTheMinimumAreNotSearchedFor() {
        assertThat(redactor.redact("a cab and an abbey")).isEqualTo("a cab and an abbey");
        assertThat(new Redactor(List.of("12345"), List.of()).needleCount()).isZero();
        assertThat(new Redactor(List.of("123456"), List.of()).redact("id 123456"))
                .isEqualTo("id <redacted>");
    }

    @Test
    void textWithoutSecretsIsReturnedAsIs() {
        String line = "Sweep found 3 blobs";
        assertThat(redactor.redact(line)).isSameAs(line);
        assertThat(redactor.redact((String) null)).isNull();
    }

    @Test
    void everyMessageOfTheCauseChainAndSuppressedIsRedactedAndTheStackTraceKept() {
        IOException root = new IOException("refused for " + SECRET);
        IllegalStateException middle = new IllegalStateException("wrapper", root);
        UncheckedIOException top = new UncheckedIOException("GET /x?secret=zzz-top failed", new IOException(middle));
        top.addSuppressed(new RuntimeException("also " + SECRET));

        Throwable redacted = redactor.redact(top);

        assertThat(redacted)
                .isInstanceOf(Redactor.RedactedException.class)
                .hasMessage("java.io.UncheckedIOException: GET /x?secret=<redacted> failed");
        assertThat(redacted.getStackTrace()).isEqualTo(top.getStackTrace());
        assertThat(redacted.getSuppressed())
                .singleElement()
                .satisfies(s -> assertThat(s).hasMessage("java.lang.RuntimeException: also <redacted>"));
        Throwable t = redacted;
        StringBuilder chain = new StringBuilder();
        while (t != null) {
            chain.append(t).append('\n');
            t = t.getCause();
        }
        assertThat(chain.toString())
                .doesNotContain(SECRET)
                .doesNotContain("zzz-top")
                .contains("java.lang.IllegalStateException: wrapper")
                .contains("java.io.IOException: refused for " + Redactor.MARKER);
    }

    @Test
    void anExceptionWithoutSecretsIsKeptAsItIs() {
        IOException plain = new IOException("disk full", new IllegalStateException("x"));
        assertThat(redactor.redact(plain)).isSameAs(plain);
    }

    @Test
    void aCauseLoopEnds() {
        IllegalStateException a = new IllegalStateException("a " + SECRET);
        IllegalStateException b = new IllegalStateException("b", a);
        a.initCause(b);
        assertThat(redactor.redact(b).getCause().getMessage()).contains(Redactor.MARKER);
    }
}
