package io.odpimporter.domain;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A blob version's one string form, {@code container/name@etag}, and its exact inverse. */
class BlobVersionTest {

    static final List<String> HOSTILE_NAMES = List.of(
            "a.json",
            "2026/11/stores.json",
            "a@b.json",
            "x@y/z@0x1",
            "@",
            "/",
            "//",
            "@@",
            "a b  c.json",
            " leading and trailing ",
            "stores-ü-日本語-🙂.json",
            "100%25 a+b.json",
            "ends-with-at@",
            "ends/with/slash/",
            "/starts-with-slash",
            "tab\tand\nnewline",
            "\"quoted\"",
            "");

    @Test
    void theKeyIsContainerSlashNameAtEtag() {
        BlobVersion version = new BlobVersion("offline-stores", "2026/11/stores.json", "0x8DD1F2A3B4C5D6E");
        assertThat(version.key()).isEqualTo("offline-stores/2026/11/stores.json@0x8DD1F2A3B4C5D6E");
        assertThat(version).hasToString(version.key());
    }

    @Test
    void parseIsTheExactInverseOfTheKeyForHostileNames() {
        for (String name : HOSTILE_NAMES) {
            for (String etag : List.of("0x8DD1F2A3B4C5D6E", "\"0x8D\"", "", "e/t/a/g")) {
                BlobVersion version = new BlobVersion("c-1", name, etag);
                assertThat(BlobVersion.parse(version.key())).as("%s", version).isEqualTo(version);
                assertThat(BlobVersion.parse(version.key()).key()).isEqualTo(version.key());
            }
        }
    }

    @Test
    void parseSplitsAtTheFirstSlashAndTheLastAt() {
        assertThat(BlobVersion.parse("c/a@b/c@d@0x1")).isEqualTo(new BlobVersion("c", "a@b/c@d", "0x1"));
        assertThat(BlobVersion.parse("c//@0x1")).isEqualTo(new BlobVersion("c", "/", "0x1"));
    }

    @Test
    void parseRefusesWhatIsNoKey() {
        for (String bad : List.of("no-slash@0x1", "c/no-at", "c@0x1/name", "")) {
            assertThatThrownBy(() -> BlobVersion.parse(bad))
                    .as(bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(bad);
        }
    }

    @Test
    void aVersionNeedsEveryPartAndNoSeparatorWhereItWouldBeAmbiguous() {
        assertThatThrownBy(() -> new BlobVersion(null, "a", "e")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new BlobVersion("c", null, "e")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new BlobVersion("c", "a", null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new BlobVersion("c/d", "a", "e")).hasMessageContaining("'/'");
        assertThatThrownBy(() -> new BlobVersion("c", "a", "e@f")).hasMessageContaining("'@'");
    }

    @Test
    void ofIsEmptyForPartsThatMakeNoVersion() {
        assertThat(BlobVersion.of("c", "a", "e")).contains(new BlobVersion("c", "a", "e"));
        assertThat(BlobVersion.of(null, "a", "e")).isEmpty();
        assertThat(BlobVersion.of("c", null, "e")).isEmpty();
        assertThat(BlobVersion.of("c", "a", null)).isEmpty();
        assertThat(BlobVersion.of("c/d", "a", "e")).isEmpty();
        assertThat(BlobVersion.of("c", "a", "e@f")).isEmpty();
    }

    @Test
    void theKeysOfTopicValuesAreTheVersionsKey() {
        BlobVersion version = new BlobVersion("c", "a@b/ü.json", "0x1");
        FileDiscovered event = new FileDiscovered(
                1, "acct", "c", "a@b/ü.json", "0x1", null, 1, FileDiscovered.Source.SWEEP, "run-1", null, false);
        LedgerEntry entry = new LedgerEntry(version, LedgerEntry.State.IMPORTED, "run-1", 1, null, null);
        assertThat(event.version()).isEqualTo(version);
        assertThat(entry.version()).isEqualTo(version);
        assertThat(entry.key()).isEqualTo("c/a@b/ü.json@0x1");
        assertThat(DeadLetter.of(DeadLetterKind.INVALID_RECORD, "run-1", version, 0, 0, "r", null)
                        .version())
                .contains(version);
    }

    @Test
    void unquoteTakesTheQuotesOffAnEtag() {
        assertThat(BlobVersion.unquote("\"0x8D\"")).isEqualTo("0x8D");
        assertThat(BlobVersion.unquote("0x8D")).isEqualTo("0x8D");
        assertThat(BlobVersion.unquote("\"")).isEqualTo("\"");
        assertThat(BlobVersion.unquote(null)).isNull();
    }
}
