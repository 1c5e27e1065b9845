package io.odpimporter.webhook;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** Reading one event of either schema, with its time (the upload-to-ODP latency starts there). */
class BlobCreatedTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static BlobCreated of(String json) throws Exception {
        return BlobCreated.of(MAPPER.readTree(json));
    }

    @Test
    void theEventGridSchemasEventTimeIsReadWithItsSevenFractionalDigits() throws Exception {
        BlobCreated event = of("{\"id\":\"1\",\"eventType\":\"Microsoft.Storage.BlobCreated\",\"topic\":\"/t\","
                + "\"subject\":\"/s\",\"eventTime\":\"2026-11-29T06:00:00.1234567Z\",\"data\":{}}");
        assertThat(event.time()).isEqualTo(Instant.parse("2026-11-29T06:00:00.123456700Z"));
        assertThat(event.source()).isEqualTo("/t");
    }

    @Test
    void aCloudEventsTimeWithAnOffsetIsRead() throws Exception {
        BlobCreated event = of("{\"specversion\":\"1.0\",\"id\":\"1\",\"type\":\"Microsoft.Storage.BlobCreated\","
                + "\"source\":\"/s\",\"subject\":\"/x\",\"time\":\"2026-11-29T07:00:00.5+01:00\",\"data\":{}}");
        assertThat(event.time()).isEqualTo(Instant.parse("2026-11-29T06:00:00.500Z"));
    }

    @Test
    void aMissingOrUnreadableTimeIsNullAndTheEventStillCounts() throws Exception {
        assertThat(of("{\"eventType\":\"Microsoft.Storage.BlobCreated\",\"data\":{}}")
                        .time())
                .isNull();
        BlobCreated garbled = of("{\"eventType\":\"Microsoft.Storage.BlobCreated\",\"eventTime\":\"yesterday\"}");
        assertThat(garbled).isNotNull();
        assertThat(garbled.time()).isNull();
    }
}
