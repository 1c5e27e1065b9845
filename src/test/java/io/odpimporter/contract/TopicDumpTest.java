package io.odpimporter.contract;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** A dumped record keeps its value as the bytes on the topic, and names its place, key and headers. */
class TopicDumpTest {

    private static ConsumerRecord<byte[], byte[]> record(String key, String value, RecordHeaders headers) {
        return new ConsumerRecord<>(
                "odp-importer.runs",
                2,
                41,
                1_796_402_541_953L,
                TimestampType.CREATE_TIME,
                -1,
                -1,
                bytes(key),
                bytes(value),
                headers,
                Optional.empty());
    }

    private static byte[] bytes(String text) {
        return text == null ? null : text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void theValueIsTheTopicsTextAsItIsNotReserialised() {
        String value =
                "{ \"schemaVersion\" : 1,\"name\":\"Zürich \\u00fc\",\"at\":\"2026-12-04T16:42:21.895839650Z\" }";
        ObjectNode line = TopicDump.line(record("run-1/STARTED", value, new RecordHeaders()));

        assertThat(line.path("value").asText()).isEqualTo(value);
        assertThat(line.path("topic").asText()).isEqualTo("odp-importer.runs");
        assertThat(line.path("partition").asInt()).isEqualTo(2);
        assertThat(line.path("offset").asLong()).isEqualTo(41);
        assertThat(line.path("timestamp").asLong()).isEqualTo(1_796_402_541_953L);
        assertThat(line.path("key").asText()).isEqualTo("run-1/STARTED");
        assertThat(line.path("headers").size()).isZero();
    }

    @Test
    void headersAreNamedWithTheirTextAndATombstoneHasANullValue() {
        RecordHeaders headers = new RecordHeaders();
        headers.add(new RecordHeader("odp-importer.record-index", bytes("7")));
        headers.add(new RecordHeader("odp-importer.blob", bytes("a/b ü.json")));
        ObjectNode line = TopicDump.line(record(null, null, headers));

        assertThat(line.path("headers").path("odp-importer.record-index").asText())
                .isEqualTo("7");
        assertThat(line.path("headers").path("odp-importer.blob").asText()).isEqualTo("a/b ü.json");
        assertThat(line.get("value").isNull()).isTrue();
        assertThat(line.get("key").isNull()).isTrue();
    }
}
