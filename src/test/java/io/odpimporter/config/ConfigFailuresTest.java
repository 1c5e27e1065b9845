package io.odpimporter.config;

import io.odpimporter.testing.TestConfig;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every configuration key that can hold a bad value: start-up fails with a message naming the key and the allowed
 * values or an example (the same constraints Quarkus checks when the service starts, no service started here).
 */
class ConfigFailuresTest {

    private static final String POSITIVE = "e.g. 30s, 500ms, 5m or P1D";
    private static final String TOPIC = "e.g. odp-importer.files";

    /** key, bad value, what the message must say besides the key (parts joined by {@code &&}). */
    static Stream<Arguments> badValues() {
        List<Arguments> cases = new ArrayList<>(List.of(
                Arguments.of("importer.sweep.cron", "every night", "e.g. \"0 0 6 * * ?\""),
                Arguments.of("importer.sweep.cron", "0 0 25 * * ?", "or off"),
                Arguments.of("importer.sweep.cron", "0 6 * * *", "with a seconds field"),
                Arguments.of("importer.sweep.time-zone", "Mars/Olympus", "e.g. UTC, Europe/Prague"),
                Arguments.of("importer.sweep.time-zone", "CEST", "e.g. UTC, Europe/Prague"),
                Arguments.of("importer.odp.base-url", "api.zaius.com", "e.g. https://api.eu1.odp.optimizely.com"),
                Arguments.of("importer.odp.base-url", "ftp://api.zaius.com", "absolute http(s) URL"),
                Arguments.of("importer.odp.base-url", "https://api.zaius.com/v3?x=1", "without user info, query"),
                Arguments.of("importer.odp.region", "mars", "allowed values: &&eu&&au&&us"),
                Arguments.of("importer.odp.object-type", "Offline Stores", "^[a-z][a-z0-9_]{1,61}$"),
                Arguments.of("importer.odp.fields.id", "Id", "^[a-z][a-z0-9_]{1,61}$"),
                Arguments.of("importer.odp.fields.name", "x", "^[a-z][a-z0-9_]{1,61}$"),
                Arguments.of("importer.odp.fields.location", "9loc", "^[a-z][a-z0-9_]{1,61}$"),
                Arguments.of("importer.odp.api-key", " ", "must not be blank"),
                Arguments.of("importer.azure.container", "Offline_Stores", "3-63 characters"),
                Arguments.of(
                        "importer.azure.auth",
                        "password",
                        "allowed values: &&connection-string&&client-secret&&default"),
                Arguments.of(
                        "importer.azure.account-url",
                        "myaccount.blob.core.windows.net",
                        "e.g. https://myaccount.blob.core.windows.net"),
                Arguments.of(
                        "importer.azure.authority-host",
                        "http://login.microsoftonline.us",
                        "e.g. https://login.microsoftonline.us"),
                Arguments.of("importer.sink.batch-size", "0", "greater than or equal to 1"),
                Arguments.of("importer.sink.batch-size", "501", "less than or equal to 500"),
                Arguments.of("importer.sink.batch-size", "many", "many"),
                Arguments.of("importer.sink.max-in-flight", "65", "less than or equal to 64"),
                Arguments.of("importer.sink.max-request-rate", "-1", "greater than or equal to 0"),
                Arguments.of("importer.sink.initial-limit", "0", "greater than or equal to 1"),
                Arguments.of("importer.sink.buffer-capacity", "0", "greater than or equal to 1"),
                Arguments.of("importer.sink.linger", "-1s", "must not be negative, e.g. 500ms"),
                Arguments.of("importer.sink.linger", "half a second", POSITIVE),
                Arguments.of("importer.file-import.progress-every", "0", "greater than or equal to 1"),
                Arguments.of("importer.file-import.max-tracked-ids", "-1", "greater than or equal to 0"),
                Arguments.of("importer.file-import.max-string-length", "0", "greater than or equal to 1"),
                Arguments.of("importer.file-import.max-nesting-depth", "1", "greater than or equal to 2"),
                Arguments.of("importer.file-import.max-record-bytes", "8", "greater than or equal to 16"),
                Arguments.of("importer.file-import.max-text-length", "0", "greater than or equal to 1"),
                Arguments.of("importer.formats.csv.delimiter", "colon", "allowed values: comma, semicolon, tab, pipe"),
                Arguments.of("importer.formats.gzip.max-ratio", "0", "greater than or equal to 1"),
                Arguments.of("importer.formats.gzip.max-uncompressed-bytes", "0", "greater than or equal to 1"),
                Arguments.of("importer.topics.files-partitions", "0", "greater than or equal to 1"),
                Arguments.of("importer.topics.stores-partitions", "0", "greater than or equal to 1"),
                Arguments.of("importer.topics.state-partitions", "0", "greater than or equal to 1"),
                Arguments.of("importer.topics.replication-factor", "0", "greater than or equal to 1"),
                Arguments.of("importer.topics.min-insync-replicas", "0", "greater than or equal to 1"),
                Arguments.of("importer.runs.keep", "0", "greater than or equal to 1"),
                Arguments.of("importer.activity.keep", "0", "greater than or equal to 1"),
                Arguments.of("importer.activity.notify-url", "hooks.slack.com/x", "must be an http(s) URL"),
                Arguments.of("importer.activity.notify-level", "LOUD", "allowed values: &&info&&success&&warn&&error"),
                Arguments.of("importer.run-logs.level", "TRACE", "must be DEBUG, INFO, WARN or ERROR"),
                Arguments.of("importer.run-logs.max-lines-per-run", "0", "greater than or equal to 1"),
                Arguments.of("importer.webhook.path", "events", "must be a path starting with /"),
                Arguments.of("importer.webhook.secret-parameter", "the secret", "e.g. secret"),
                Arguments.of("importer.webhook.secret-header", "X Secret", "e.g. X-Webhook-Secret"),
                Arguments.of("importer.webhook.entra.tenant-id", "a tenant", "a tenant id (a GUID) or domain"),
                Arguments.of(
                        "importer.webhook.entra.authority",
                        "https://login.microsoftonline.com/",
                        "without a trailing /"),
                Arguments.of("importer.webhook.entra.event-grid-app-id", " ", "must not be blank"),
                Arguments.of("importer.sweep.start-after", "yesterday", "2026-12-01T00:00:00Z&&or first-start"),
                Arguments.of("importer.sweep.start-after", "2026-12-01", "2026-12-01T00:00:00Z&&or first-start"),
                Arguments.of("importer.consumer-group", " ", "e.g. odp-blob-importer")));
        for (String topic : List.of(
                "files",
                "stores",
                "dead-letter",
                "ledger",
                "runs",
                "progress",
                "activity",
                "run-logs",
                "locks",
                "state")) {
            cases.add(Arguments.of("importer.topics." + topic, "odp importer/" + topic, TOPIC));
        }
        for (String duration : List.of(
                "webhook.write-timeout",
                "webhook.run-window",
                "activity.notify-initial-backoff",
                "activity.notify-give-up-after",
                "health.probe-cache",
                "health.probe-timeout",
                "runs.reconcile-every",
                "azure.connect-timeout",
                "azure.read-timeout",
                "odp.connect-timeout",
                "odp.read-timeout",
                "topics.retention",
                "sweep.lock-lease",
                "sweep.lock-heartbeat",
                "sweep.stale-in-progress-after",
                "sweep.ledger-catch-up-timeout",
                "sink.retry-initial-backoff",
                "sink.retry-max-backoff",
                "sink.retry-after-cap")) {
            cases.add(Arguments.of("importer." + duration, "0s", POSITIVE));
            cases.add(Arguments.of("importer." + duration, "ten seconds", POSITIVE));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}={1}")
    @MethodSource("badValues")
    void aBadValueFailsNamingTheKeyAndWhatIsAllowed(String key, String value, String allowed) {
        assertThatThrownBy(() -> TestConfig.load(Map.of(key, value)))
                .hasMessageContaining(key)
                .hasMessageContainingAll(allowed.split("&&"))
                .hasMessageNotContaining("secret-api-key-value");
    }
}
