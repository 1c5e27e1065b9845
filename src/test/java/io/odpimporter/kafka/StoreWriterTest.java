package io.odpimporter.kafka;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.odpimporter.domain.StoreRecord;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The importer's store records: sent in windows, the producer flushed before a window's acknowledgements are awaited. */
class StoreWriterTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final List<Header> HEADERS =
            List.of(new RecordHeader("odp-importer.ref", "r - c/b@e 0".getBytes(StandardCharsets.UTF_8)));

    /** Completes nothing by itself: a record is acknowledged only by a flush (or by the test). */
    private final MockProducer<String, byte[]> producer =
            new MockProducer<>(false, null, new StringSerializer(), new ByteArraySerializer());

    private final StoreWriter writer = new StoreWriter(producer, MAPPER);

    private static StoreRecord record(String id) {
        return new StoreRecord(StoreRecord.SCHEMA_VERSION, "stores", Map.of("store_id", id));
    }

    @Test
    void awaitingAWindowFlushesTheProducerSoNothingWaitsOutTheLinger() {
        StoreWriter.Window window = writer.window("odp-importer.stores");
        window.send("a", record("a"), HEADERS);
        window.send("b", record("b"), HEADERS);
        assertThat(window.unacknowledged()).isEqualTo(2);
        assertThat(producer.flushed()).isFalse();

        window.awaitAcknowledged();

        assertThat(producer.flushed()).isTrue();
        assertThat(window.unacknowledged()).isZero();
        assertThat(producer.history())
                .extracting(r -> r.topic() + "/" + r.key())
                .containsExactly("odp-importer.stores/a", "odp-importer.stores/b");
        assertThat(producer.history().get(0).headers().toArray()).containsExactlyElementsOf(HEADERS);
    }

    @Test
    void aRecordTheBrokerRefusedFailsTheWaitAndTheNextWindowStartsClean() {
        StoreWriter.Window window = writer.window("odp-importer.stores");
        window.send("a", record("a"), HEADERS);
        window.send("b", record("b"), HEADERS);
        producer.errorNext(new NotEnoughReplicasException("not enough replicas"));

        assertThatThrownBy(window::awaitAcknowledged)
                .isInstanceOf(KafkaWriter.KafkaWriteException.class)
                .hasMessageContaining("not enough replicas");

        window.send("c", record("c"), HEADERS);
        window.awaitAcknowledged();
        assertThat(window.unacknowledged()).isZero();
    }

    @Test
    void theValueIsTheRecordsJson() throws Exception {
        StoreWriter.Window window = writer.window("odp-importer.stores");
        StoreRecord value = record("a");
        window.send("a", value, HEADERS);
        window.awaitAcknowledged();
        assertThat(producer.history().get(0).value()).isEqualTo(MAPPER.writeValueAsBytes(value));
    }

    @Test
    void aSendThatThrowsLeavesNothingToWaitFor() {
        producer.sendException = new IllegalStateException("producer closed");
        StoreWriter.Window window = writer.window("odp-importer.stores");
        assertThatThrownBy(() -> window.send("a", record("a"), HEADERS)).hasMessageContaining("producer closed");
        assertThat(window.unacknowledged()).isZero();
    }
}
