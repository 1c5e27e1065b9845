package io.odpimporter;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged service ({@code target/quarkus-app/quarkus-run.jar}, prod profile) started with one bad key, or a rule
 * that cannot be used, stops at once with the key and an example (the rule: its name and key), before any component
 * (the scheduler, Kafka) reads it: no Kafka is needed.
 */
class StartupConfigIT {

    private static final Path JAR =
            Path.of("target", "quarkus-app", "quarkus-run.jar").toAbsolutePath();

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "importer.sweep.time-zone | Mars/Olympus | e.g. UTC, Europe/Prague",
                "importer.sweep.cron      | every night  | e.g. \"0 0 6 * * ?\"",
                "importer.odp.base-url    | api.zaius.com | e.g. https://api.eu1.odp.optimizely.com",
                "importer.sweep.start-after | yesterday   | or first-start"
            })
    void aBadKeyStopsTheServiceAtStartNamingTheKeyAndAnExample(String key, String value, String example)
            throws IOException, InterruptedException {
        String output = startAndAwaitExit(key, Map.of(key, value), Map.of());
        assertThat(output)
                .contains(key)
                .contains(example)
                .doesNotContain("ZoneRulesException")
                .doesNotContain("startup-test-key");
    }

    @Test
    void aRuleThatCannotBeUsedStopsTheServiceAtStartNamingTheRuleAndTheKey() throws IOException, InterruptedException {
        // an objects rule without its primary key (docs/configuration.md, "Rules"), in a properties file named by
        // QUARKUS_CONFIG_LOCATIONS, as the Kubernetes overlay mounts it: the refusal also shows the file is read
        Path rules =
                Files.createDirectories(Path.of("target", "startup-config")).resolve("rules.properties");
        Files.writeString(
                rules,
                String.join(
                        "\n",
                        "importer.rules[0].name=nightly-orders",
                        "importer.rules[0].pattern=orders/*.jsonl",
                        "importer.rules[0].object-type=orders",
                        "importer.rules[0].fields[0].name=order_id",
                        "importer.rules[0].fields[0].source=id",
                        ""));

        String output = startAndAwaitExit(
                "rules",
                Map.of(),
                Map.of("QUARKUS_CONFIG_LOCATIONS", rules.toAbsolutePath().toString()));

        assertThat(output)
                .contains("importer.rules[0].primary-key")
                .contains("nightly-orders")
                .doesNotContain("startup-test-key");
    }

    /**
     * Starts the packaged service with {@code properties} (system properties) and {@code env} (environment variables)
     * and waits until it stops by itself.
     *
     * @return its output; the test fails if it did not stop within a minute or stopped with exit code 0
     */
    private static String startAndAwaitExit(String name, Map<String, String> properties, Map<String, String> env)
            throws IOException, InterruptedException {
        Path log = Files.createDirectories(Path.of("target", "startup-config")).resolve(name + ".log");
        List<String> command = new ArrayList<>(
                List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m"));
        properties.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.addAll(List.of(
                "-Dquarkus.http.port=" + freePort(),
                "-Dquarkus.management.port=" + freePort(),
                "-jar",
                JAR.toString()));
        ProcessBuilder builder =
                new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("IMPORTER_ODP_API_KEY", "startup-test-key"); // the one required key
        builder.environment().putAll(env);
        Process process = builder.start();
        try {
            assertThat(process.waitFor(60, TimeUnit.SECONDS))
                    .as("the service stopped by itself")
                    .isTrue();
        } finally {
            process.destroyForcibly();
        }
        String output = Files.readString(log);
        assertThat(process.exitValue()).as(output).isNotZero();
        return output;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
