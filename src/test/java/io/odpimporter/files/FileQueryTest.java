package io.odpimporter.files;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FileQueryTest {

    @Test
    void statusesAreCommaSeparatedInAnyCaseAndOnlyLedgerStatesPageThroughTheLedger() {
        FileQuery query = FileQuery.parse("failed, Delivered", null, null, null, 100, null);
        assertThat(query.statuses()).containsExactlyInAnyOrder(FileState.FAILED, FileState.DELIVERED);
        assertThat(query.ledgerOnly()).isTrue();
        assertThat(query.prefix()).isEmpty();
        assertThat(FileQuery.parse("FAILED,NOT_IMPORTED", null, null, null, 100, null)
                        .ledgerOnly())
                .isFalse();
        assertThat(FileQuery.parse("SKIPPED", null, null, null, 100, null).ledgerOnly())
                .isFalse();
        FileQuery all = FileQuery.parse(null, "x/", null, null, 100, null);
        assertThat(all.ledgerOnly()).isFalse();
        assertThat(all.wants(FileState.NOT_IMPORTED)).isTrue();
    }

    @Test
    void anUnknownStatusIsRefusedNamingTheParameterAndTheAllowedValues() {
        assertThatThrownBy(() -> FileQuery.parse("DONE", null, null, null, 100, null))
                .isInstanceOf(FileQuery.BadQueryException.class)
                .hasMessageStartingWith("status: unknown status 'DONE'")
                .hasMessageContaining("IN_PROGRESS, IMPORTED, DELIVERED, FAILED, SKIPPED, NOT_IMPORTED");
    }

    @Test
    void limitTimesAndTheirOrderAreChecked() {
        assertThatThrownBy(() -> FileQuery.parse(null, null, null, null, 0, null))
                .hasMessage("limit must be between 1 and 1000");
        assertThatThrownBy(() -> FileQuery.parse(null, null, null, null, 1001, null))
                .hasMessage("limit must be between 1 and 1000");
        assertThatThrownBy(() -> FileQuery.parse(null, null, "yesterday", null, 10, null))
                .hasMessageStartingWith("modifiedFrom: 'yesterday' is not an ISO-8601 instant");
        assertThatThrownBy(() -> FileQuery.parse(null, null, null, "2026-13-01", 10, null))
                .hasMessageStartingWith("modifiedTo:");
        assertThatThrownBy(() -> FileQuery.parse(null, null, "2026-12-01T00:00:00Z", "2026-11-01T00:00:00Z", 10, null))
                .hasMessageContaining("modifiedFrom (2026-12-01T00:00:00Z) must be before modifiedTo");
    }

    @Test
    void theTimeRangeIncludesItsStartExcludesItsEndAndLeavesUnknownTimesOutOnlyWhenGiven() {
        FileQuery query = FileQuery.parse(null, null, "2026-11-01T00:00:00Z", "2026-12-01T00:00:00Z", 10, null);
        assertThat(query.modifiedInRange(Instant.parse("2026-11-01T00:00:00Z"))).isTrue();
        assertThat(query.modifiedInRange(Instant.parse("2026-11-30T23:59:59Z"))).isTrue();
        assertThat(query.modifiedInRange(Instant.parse("2026-12-01T00:00:00Z"))).isFalse();
        assertThat(query.modifiedInRange(Instant.parse("2026-10-31T23:59:59Z"))).isFalse();
        assertThat(query.modifiedInRange(null)).isFalse();
        assertThat(FileQuery.parse(null, null, null, null, 10, null).modifiedInRange(null))
                .isTrue();
    }

    @Test
    void aContinuationMustBeOneThisApiReturnedForTheSameKindOfPage() {
        String ledgerPage = Continuation.afterKey("offline-stores/a@1").encode();
        assertThat(FileQuery.parse("FAILED", null, null, null, 10, ledgerPage).continuation())
                .isEqualTo(Continuation.afterKey("offline-stores/a@1"));
        assertThatThrownBy(() -> FileQuery.parse(null, null, null, null, 10, ledgerPage))
                .hasMessageStartingWith("continuation: it belongs to a listing with other status filters");
        assertThatThrownBy(() -> FileQuery.parse(null, null, null, null, 10, "%%%"))
                .hasMessageStartingWith("continuation: not a continuation this API returned");
    }
}
