package io.odpimporter.odp;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static io.odpimporter.odp.OdpAnswer.Kind.ACCEPTED;
import static io.odpimporter.odp.OdpAnswer.Kind.CONFIGURATION;
import static io.odpimporter.odp.OdpAnswer.Kind.INVALID;
import static io.odpimporter.odp.OdpAnswer.Kind.RETRY;
import static io.odpimporter.odp.OdpAnswer.classify;
import static org.assertj.core.api.Assertions.assertThat;

class OdpAnswerTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String ACCEPTED_BODY =
            "{\"title\":\"Accepted\",\"status\":202,\"timestamp\":\"2026-11-29T06:00:00Z\"}";

    @Test
    void only2xxWithOdpsJsonIsAccepted() {
        assertThat(classify(202, ACCEPTED_BODY, MAPPER)).isEqualTo(ACCEPTED);
        assertThat(classify(200, ACCEPTED_BODY, MAPPER)).isEqualTo(ACCEPTED);
        assertThat(classify(200, "<html>proxy</html>", MAPPER)).isEqualTo(RETRY);
        assertThat(classify(202, "", MAPPER)).isEqualTo(RETRY);
        assertThat(classify(302, null, MAPPER)).isEqualTo(RETRY);
    }

    @Test
    void transientAnswersAreRetriedAndBadRequestsSplit() {
        assertThat(classify(429, null, MAPPER)).isEqualTo(RETRY);
        for (int status : new int[] {500, 502, 503, 504}) {
            assertThat(classify(status, "oops", MAPPER)).isEqualTo(RETRY);
        }
        assertThat(classify(400, "{}", MAPPER)).isEqualTo(INVALID);
        assertThat(classify(413, null, MAPPER)).isEqualTo(INVALID);
    }

    @Test
    void badKeyOrUnknownObjectIsAConfigurationFault() {
        assertThat(classify(401, null, MAPPER)).isEqualTo(CONFIGURATION);
        assertThat(classify(403, "{\"message\":\"Forbidden\"}", MAPPER)).isEqualTo(CONFIGURATION);
        assertThat(classify(404, null, MAPPER)).isEqualTo(CONFIGURATION);
    }

    @Test
    void invalidIndexesAreReadOnlyWhenEveryEntryNamesARecordOfTheRequest() {
        String byIndex = "{\"title\":\"Bad Request\",\"status\":400,\"detail\":{\"invalids\":["
                + "{\"event\":0,\"message\":\"Missing required field `product_id`\"},{\"event\":2,\"message\":\"bad\"}]}}";
        assertThat(OdpAnswer.invalidIndexes(byIndex, 3, MAPPER))
                .containsEntry(0, "Missing required field `product_id`")
                .containsEntry(2, "bad")
                .hasSize(2);
        assertThat(OdpAnswer.invalidIndexes(byIndex, 2, MAPPER))
                .as("index 2 is outside a 2-object request")
                .isEmpty();
        String byField = "{\"status\":400,\"detail\":{\"invalids\":[{\"field\":\"name\",\"reason\":\"too long\"}]}}";
        assertThat(OdpAnswer.invalidIndexes(byField, 3, MAPPER)).isEmpty();
        assertThat(OdpAnswer.invalidIndexes("<html>", 3, MAPPER)).isEmpty();
        assertThat(OdpAnswer.invalidIndexes(null, 3, MAPPER)).isEmpty();
    }

    @Test
    void retryAfterIsReadAsSecondsOrAnHttpDateAndCapped() {
        Instant now = Instant.parse("2026-11-29T06:00:00Z");
        Duration cap = Duration.ofMinutes(5);
        assertThat(OdpAnswer.retryAfter("2", cap, now)).contains(Duration.ofSeconds(2));
        assertThat(OdpAnswer.retryAfter("Sun, 29 Nov 2026 06:00:30 GMT", cap, now))
                .contains(Duration.ofSeconds(30));
        assertThat(OdpAnswer.retryAfter("86400", cap, now)).contains(cap);
        assertThat(OdpAnswer.retryAfter("Sun, 29 Nov 2026 05:00:00 GMT", cap, now))
                .contains(Duration.ZERO);
        assertThat(OdpAnswer.retryAfter("soon", cap, now)).isEmpty();
        assertThat(OdpAnswer.retryAfter(null, cap, now)).isEmpty();
    }
}
