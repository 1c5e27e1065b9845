package io.odpimporter.pacing;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.odpimporter.config.ImporterConfig;
import io.odpimporter.metrics.PipelineMetrics;
import io.odpimporter.testing.TestConfig;
import org.junit.jupiter.api.Test;

import java.net.ConnectException;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;

/** One pacing per ODP account (host and API key), the key never shown; what each answer means for the limit. */
class PacingRegistryTest {

    private static final String KEY = "secret-api-key-123";

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    private PacingRegistry registry() {
        ImporterConfig config = TestConfig.load(Map.of("importer.odp.api-key", KEY));
        return new PacingRegistry(config, new PipelineMetrics(meters));
    }

    @Test
    void targetsOfOneAccountShareOnePacing() {
        PacingRegistry registry = registry();

        AccountPacing first = registry.account("https://api.zaius.com", KEY);

        assertThat(registry.account("https://api.zaius.com/", KEY)).isSameAs(first);
        assertThat(registry.account("https://api.zaius.com", "another-key")).isNotSameAs(first);
        assertThat(registry.account("https://api.eu1.odp.optimizely.com", KEY)).isNotSameAs(first);
    }

    @Test
    void theDefaultsStartAt4AndGrowTo32() {
        AccountPacing pacing = registry().account("https://api.zaius.com", KEY);

        assertThat(pacing.limit()).isEqualTo(4);
        assertThat(pacing.snapshot().max()).isEqualTo(32);
        assertThat(pacing.snapshot().lastChange()).isNull();
    }

    @Test
    void theApiKeyIsNeverShown() {
        PacingRegistry registry = registry();
        AccountPacing pacing = registry.account("http://localhost:8081", KEY);

        assertThat(pacing.host()).isEqualTo("localhost:8081");
        assertThat(pacing.toString()).doesNotContain(KEY);
        assertThat(registry.snapshots().toString()).doesNotContain(KEY).contains("localhost:8081");
        assertThat(meters.getMeters())
                .allSatisfy(m -> assertThat(m.getId().toString()).doesNotContain(KEY));
        assertThat(meters.find("odp.importer.sink.limit")
                        .tag("host", "localhost:8081")
                        .gauge())
                .isNotNull();
    }

    @Test
    void only429And503AndTimeoutsShrinkTheLimit() {
        assertThat(Outcome.ofStatus(202)).isEqualTo(Outcome.ACCEPTED);
        assertThat(Outcome.ofStatus(429).shrinks()).isEqualTo(LimitChange.Reason.TOO_MANY_REQUESTS);
        assertThat(Outcome.ofStatus(503).shrinks()).isEqualTo(LimitChange.Reason.UNAVAILABLE);
        assertThat(Outcome.ofStatus(504).shrinks()).isEqualTo(LimitChange.Reason.TIMEOUT);
        assertThat(Outcome.ofFailure(new CompletionException(new TimeoutException("read timeout"))))
                .isEqualTo(Outcome.TIMEOUT);
        for (int status : new int[] {400, 401, 403, 404, 413, 500, 502}) {
            assertThat(Outcome.ofStatus(status)).as("HTTP %d", status).isEqualTo(Outcome.IGNORED);
        }
        assertThat(Outcome.ofFailure(new ConnectException("Connection refused")))
                .isEqualTo(Outcome.IGNORED);
    }
}
