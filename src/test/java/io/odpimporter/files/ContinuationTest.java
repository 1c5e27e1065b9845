package io.odpimporter.files;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ContinuationTest {

    static final String HOSTILE_KEY = "offline-stores/a b/%41?x=1#frag+plus/ünï 😀@0x8D";

    @Test
    void aLedgerKeyWithAnyCharacterRoundTripsThroughTheOpaqueForm() {
        Continuation next = Continuation.afterKey(HOSTILE_KEY);
        String opaque = next.encode();
        assertThat(opaque).matches("[A-Za-z0-9_-]+"); // safe in a query parameter as it is
        assertThat(Continuation.decode(opaque)).isEqualTo(next);
        assertThat(Continuation.decode(opaque).ledger()).isTrue();
    }

    @Test
    void anAzureTokenRoundTripsAndIsToldApartFromALedgerKey() {
        Continuation next = Continuation.listing(
                "2!120!MDAwMDQ2IWZvbGRlci9maWxlLmpzb24hMDAwMDI4ITk5OTktMTItMzFUMjM6NTk6NTkuOTk5OTk5OVoh");
        Continuation decoded = Continuation.decode(next.encode());
        assertThat(decoded).isEqualTo(next);
        assertThat(decoded.ledger()).isFalse();
    }

    @Test
    void whatThisApiDidNotReturnIsRefused() {
        assertThatThrownBy(() -> Continuation.decode("not base64 !")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Continuation.decode("eHl6")) // "xyz": no kind
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a continuation");
        assertThatThrownBy(() -> Continuation.decode("Szo")) // "K:" with nothing after it
                .isInstanceOf(IllegalArgumentException.class);
    }
}
