package io.odpimporter.state;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.odpimporter.config.ImporterConfig;
import io.odpimporter.domain.LedgerEntry;
import io.odpimporter.kafka.KafkaWriter;
import io.odpimporter.kafka.Payloads;
import io.odpimporter.testing.TestConfig;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The claim of the after-import actions and of DELIVERED (docs/architecture.md §5.8, §5.9): a replica knows whether it
 * wrote a version's latest state (state, run, action state and attempts), nothing else.
 */
class LedgerClaimTest {

    private static final ObjectMapper MAPPER = new ObjectMapper().registerModule(new JavaTimeModule());

    private final Ledger ledger = ledger();

    @Test
    void aReplicaKnowsTheStateItWroteLastAndNoOther() {
        LedgerEntry imported = entry(LedgerEntry.State.IMPORTED, "run-1");
        LedgerEntry delivered = imported.delivered(3, 0, 0, Instant.now());
        assertThat(ledger.wroteHere(imported)).isFalse();

        ledger.write(imported);
        assertThat(ledger.wroteHere(imported)).isTrue();
        assertThat(ledger.wroteHere(delivered)).isFalse();
        assertThat(ledger.wroteHere(entry(LedgerEntry.State.IMPORTED, "run-2"))).isFalse();

        ledger.write(delivered);
        assertThat(ledger.wroteHere(imported)).isFalse();
        assertThat(ledger.wroteHere(delivered)).isTrue();

        LedgerEntry pending = delivered.withAfterImport(new LedgerEntry.AfterImport(
                "tag", LedgerEntry.ActionState.PENDING, Instant.now(), "HTTP 503", null, 1, Instant.now()));
        assertThat(ledger.wroteHere(pending)).isFalse();
        ledger.write(pending);
        assertThat(ledger.wroteHere(pending)).isTrue();
        // another replica's next attempt: not this one's
        assertThat(ledger.wroteHere(delivered.withAfterImport(new LedgerEntry.AfterImport(
                        "tag", LedgerEntry.ActionState.PENDING, Instant.now(), "HTTP 503", null, 2, Instant.now()))))
                .isFalse();
    }

    private static Ledger ledger() {
        ImporterConfig config = TestConfig.load(Map.of());
        MockProducer<String, byte[]> kafka =
                new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer());
        return new Ledger(null, config, new KafkaWriter(kafka, MAPPER), new Payloads(MAPPER));
    }

    private static LedgerEntry entry(LedgerEntry.State state, String runId) {
        return new LedgerEntry(
                LedgerEntry.SCHEMA_VERSION,
                "offline-stores",
                "stores.csv",
                "0x8DC1",
                state,
                runId,
                3,
                null,
                Instant.now(),
                null,
                null,
                null,
                null,
                null);
    }
}
