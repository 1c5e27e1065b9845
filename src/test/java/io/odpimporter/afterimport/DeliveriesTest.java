package io.odpimporter.afterimport;

import io.odpimporter.domain.FileFormat;
import io.odpimporter.domain.LedgerEntry;
import io.odpimporter.domain.RuleRef;
import io.odpimporter.runs.FileDelivery;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The delivered judgement: when a ledger entry becomes DELIVERED, with which counts, and by which replica. */
class DeliveriesTest {

    private static final Instant NOW = Instant.parse("2026-12-05T09:30:00Z");
    private static final Duration TAKEOVER = Duration.ofSeconds(30);
    private static final String RUN = "20261205-090000-abcd";

    @Test
    void anImportedVersionWhoseFileIsDeliveredBecomesDeliveredWithItsCountsRuleFormatAndLastModified() {
        LedgerEntry imported = imported(RUN, NOW.minusSeconds(1));

        LedgerEntry delivered = Deliveries.delivered(imported, delivery(RUN), true, NOW, TAKEOVER)
                .orElseThrow();

        assertThat(delivered.state()).isEqualTo(LedgerEntry.State.DELIVERED);
        assertThat(delivered.accepted()).isEqualTo(7);
        assertThat(delivered.rejected()).isEqualTo(2);
        assertThat(delivered.parked()).isEqualTo(3);
        assertThat(delivered.runId()).isEqualTo(RUN);
        assertThat(delivered.records()).isEqualTo(10);
        assertThat(delivered.rule()).isEqualTo(imported.rule());
        assertThat(delivered.format()).isEqualTo(imported.format());
        assertThat(delivered.lastModified()).isEqualTo(imported.lastModified());
        assertThat(delivered.updatedAt()).isEqualTo(NOW);
    }

    @Test
    void neverOverAnotherRunsStateNorOverANewerOrOtherState() {
        assertThat(Deliveries.delivered(imported("20261205-091500-eeee", NOW), delivery(RUN), true, NOW, TAKEOVER))
                .isEmpty();
        for (LedgerEntry.State state : new LedgerEntry.State[] {
            LedgerEntry.State.IN_PROGRESS, LedgerEntry.State.DELIVERED, LedgerEntry.State.FAILED
        }) {
            LedgerEntry other = imported(RUN, NOW).withState(state, RUN, NOW);
            assertThat(Deliveries.delivered(other, delivery(RUN), true, NOW, TAKEOVER))
                    .as("over %s", state)
                    .isEmpty();
        }
        assertThat(Deliveries.delivered(imported(RUN, NOW), Optional.empty(), true, NOW, TAKEOVER))
                .isEmpty();
    }

    @Test
    void anotherReplicaTakesOverOnlyOnceTheImportedStateIsOlderThanTheTakeover() {
        assertThat(Deliveries.delivered(imported(RUN, NOW.minusSeconds(29)), delivery(RUN), false, NOW, TAKEOVER))
                .isEmpty();
        assertThat(Deliveries.delivered(imported(RUN, NOW.minusSeconds(31)), delivery(RUN), false, NOW, TAKEOVER))
                .isPresent();
    }

    @Test
    void theTakeoverIsThreeReconcilePassesAtLeastThirtySeconds() {
        assertThat(Deliveries.takeoverAfter(Duration.ofSeconds(2))).isEqualTo(Duration.ofSeconds(30));
        assertThat(Deliveries.takeoverAfter(Duration.ofSeconds(15))).isEqualTo(Duration.ofSeconds(45));
    }

    private static Optional<FileDelivery> delivery(String runId) {
        return Optional.of(new FileDelivery(runId, "offline-stores/stores.csv@0x8DC1", 7, 2, 3));
    }

    private static LedgerEntry imported(String runId, Instant at) {
        return new LedgerEntry(
                        LedgerEntry.SCHEMA_VERSION,
                        "offline-stores",
                        "stores.csv",
                        "0x8DC1",
                        LedgerEntry.State.IMPORTED,
                        runId,
                        10,
                        null,
                        at,
                        RuleRef.parse("stores@3f2a91c0"),
                        null,
                        null,
                        null,
                        null)
                .withBlob(Instant.parse("2026-12-05T08:00:00Z"), FileFormat.fromName("stores.csv"));
    }
}
