package io.odpimporter.kafka;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import io.odpimporter.domain.StoreRecord;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;

import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Writes the importer's store records through a producer of its own ({@link KafkaClients#STORES_PRODUCER}), which
 * lingers longer and fills larger batches than the shared producer (fewer, larger batches: less CPU per record in the
 * producer, the broker and the sink's consumer). Records are sent in {@linkplain Window windows}: one callback per
 * window, no future per record. <b>The producer is flushed before the importer waits</b> for a window's
 * acknowledgements, so the linger never delays a progress mark or a file's end (and so never an Event Grid import's
 * upload-to-ODP latency). {@code acks=all} and idempotence as for every producer of the service.
 */
@ApplicationScoped
public class StoreWriter {

    private final Producer<String, byte[]> producer;
    private final ObjectWriter json;

    public StoreWriter(
            @Identifier(KafkaClients.STORES_PRODUCER) Producer<String, byte[]> producer, ObjectMapper mapper) {
        this.producer = producer;
        this.json = mapper.writerFor(StoreRecord.class);
    }

    /**
     * @param topic the stores topic
     * @return a window for one file's records, used by one thread at a time
     */
    public Window window(String topic) {
        return new Window(topic);
    }

    /** Records sent since the last {@link #awaitAcknowledged()}; the producer's one callback for all of them. */
    public final class Window implements Callback {

        private final String topic;
        private final AtomicLong unacknowledged = new AtomicLong();
        private final AtomicReference<Exception> failure = new AtomicReference<>();

        private Window(String topic) {
            this.topic = topic;
        }

        /** Sends {@code value} keyed {@code key}; {@code headers} are only read. */
        public void send(String key, StoreRecord value, List<Header> headers) {
            byte[] bytes;
            try {
                bytes = json.writeValueAsBytes(value);
            } catch (JsonProcessingException e) {
                throw new UncheckedIOException(e);
            }
            unacknowledged.incrementAndGet();
            try {
                producer.send(new ProducerRecord<>(topic, null, key, bytes, headers), this);
            } catch (RuntimeException e) {
                unacknowledged.decrementAndGet(); // not sent: the producer calls no callback for it
                throw e;
            }
        }

        /**
         * Flushes the producer (what lingers is sent at once) and returns when every record sent since the last call
         * is acknowledged.
         *
         * @throws KafkaWriter.KafkaWriteException if the broker did not acknowledge one of them (the first error)
         */
        public void awaitAcknowledged() {
            producer.flush(); // returns once every record sent before it completed, callbacks included
            Exception error = failure.getAndSet(null);
            if (error != null) {
                unacknowledged.set(0);
                throw new KafkaWriter.KafkaWriteException(
                        "Kafka did not acknowledge a store record: " + error.getMessage(), error);
            }
            long left = unacknowledged.get();
            if (left != 0) {
                throw new IllegalStateException(left + " store record(s) not completed after the producer's flush");
            }
        }

        /** @return records sent and not acknowledged yet */
        public long unacknowledged() {
            return unacknowledged.get();
        }

        @Override
        public void onCompletion(RecordMetadata metadata, Exception exception) {
            if (exception != null) {
                failure.compareAndSet(null, exception);
            }
            unacknowledged.decrementAndGet();
        }
    }
}
