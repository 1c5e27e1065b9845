package io.odpimporter.discovery;

import io.odpimporter.domain.Trigger;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A backfill's Last-Modified range: parsing the trigger's parameters, and which blobs a sweep imports. */
class ModifiedRangeTest {

    private static final Instant FROM = Instant.parse("2026-11-01T00:00:00Z");
    private static final Instant TO = Instant.parse("2026-11-08T00:00:00Z");
    private static final Instant START_AFTER = Instant.parse("2026-12-01T09:00:00.600Z");

    @Test
    void theRangeIsReadFromTwoIsoInstantsEitherOptional() {
        assertThat(ModifiedRange.parse("2026-11-01T00:00:00Z", "2026-11-08T00:00:00Z"))
                .contains(new ModifiedRange(FROM, TO, false));
        assertThat(ModifiedRange.parse("2026-11-01T00:00:00Z", null)).contains(new ModifiedRange(FROM, null, false));
        assertThat(ModifiedRange.parse(null, " 2026-11-08T00:00:00Z ")).contains(new ModifiedRange(null, TO, false));
        assertThat(ModifiedRange.parse(null, "")).isEmpty();
    }

    @Test
    void aBadValueOrFromNotBeforeToIsRefusedNamingTheParameter() {
        assertThatThrownBy(() -> ModifiedRange.parse("2026-11-01", null))
                .hasMessageStartingWith("modifiedFrom must be an ISO-8601 instant")
                .hasMessageContaining("'2026-11-01'");
        assertThatThrownBy(() -> ModifiedRange.parse(null, "last week"))
                .hasMessageStartingWith("modifiedTo must be an ISO-8601 instant");
        assertThatThrownBy(() -> ModifiedRange.parse("2026-11-08T00:00:00Z", "2026-11-01T00:00:00Z"))
                .hasMessageStartingWith("modifiedFrom must be before modifiedTo");
        assertThatThrownBy(() -> ModifiedRange.parse("2026-11-01T00:00:00Z", "2026-11-01T00:00:00Z"))
                .hasMessageStartingWith("modifiedFrom must be before modifiedTo");
    }

    @Test
    void fromIsInclusiveAndToExclusive() {
        ModifiedRange range = new ModifiedRange(FROM, TO, false);
        assertThat(range.contains(FROM)).isTrue();
        assertThat(range.contains(TO.minusSeconds(1))).isTrue();
        assertThat(range.contains(TO)).isFalse();
        assertThat(range.contains(FROM.minusSeconds(1))).isFalse();
        assertThat(new ModifiedRange(null, TO, false).contains(Instant.EPOCH)).isTrue();
        assertThat(new ModifiedRange(FROM, null, false).contains(Instant.parse("2030-01-01T00:00:00Z")))
                .isTrue();
    }

    @Test
    void aSweepWithoutARangeImportsFromTheStartAfterSecondOnAndABackfillIgnoresStartAfter() {
        SweepRequest plain = SweepRequest.manual(null, false, "");
        SweepRequest backfill = SweepRequest.manual(null, false, "", FROM, TO, "alice");
        SweepRequest scheduled = SweepRequest.scheduled(Instant.parse("2026-12-02T06:00:00Z"));

        ModifiedRange fromStart = ModifiedRange.of(plain, START_AFTER);
        assertThat(fromStart.contains(Instant.parse("2026-12-01T08:59:59Z"))).isFalse();
        assertThat(fromStart.contains(Instant.parse("2026-12-01T09:00:00Z"))).isTrue();
        assertThat(ModifiedRange.of(scheduled, START_AFTER).contains(FROM)).isFalse();
        // a backfill below the start-after instant is honoured: it was asked for on purpose
        assertThat(ModifiedRange.of(backfill, START_AFTER).contains(FROM)).isTrue();
        assertThat(ModifiedRange.of(backfill, START_AFTER).contains(START_AFTER))
                .isFalse();
        // without start-after every blob
        assertThat(ModifiedRange.of(plain, null)).isEqualTo(ModifiedRange.ALL);
        assertThat(ModifiedRange.ALL.contains(Instant.EPOCH)).isTrue();
        assertThat(new SweepRequest(Trigger.MANUAL, null, false, "", null, null).backfill())
                .isFalse();
    }

    @Test
    void theSweepsLogLineSaysWhyBlobsWereLeftAlone() {
        assertThat(ModifiedRange.of(SweepRequest.manual(null, false, ""), START_AFTER)
                        .describe())
                .isEqualTo("last modified before importer.sweep.start-after (2026-12-01T09:00:00.600Z)");
        assertThat(new ModifiedRange(FROM, TO, false).describe())
                .isEqualTo("last modified outside the backfill range [2026-11-01T00:00:00Z, 2026-11-08T00:00:00Z)");
    }
}
