package io.odpimporter;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged service ({@code target/quarkus-app/quarkus-run.jar}, prod profile) started with one bad key stops at
 * once with the key and an example, before any component (the scheduler, Kafka) reads it: no Kafka is needed.
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
                "importer.odp.base-url    | api.zaius.com | e.g. https://api.eu1.odp.optimizely.com"
            })
    void aBadKeyStopsTheServiceAtStartNamingTheKeyAndAnExample(String key, String value, String example)
            throws IOException, InterruptedException {
        Path log = Files.createDirectories(Path.of("target", "startup-config")).resolve(key + ".log");
        ProcessBuilder builder = new ProcessBuilder(List.of(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx256m",
                        "-D" + key + "=" + value,
                        "-Dquarkus.http.port=" + freePort(),
                        "-Dquarkus.management.port=" + freePort(),
                        "-jar",
                        JAR.toString()))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put("IMPORTER_ODP_API_KEY", "startup-test-key"); // the one required key
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
        assertThat(output)
                .contains(key)
                .contains(example)
                .doesNotContain("ZoneRulesException")
                .doesNotContain("startup-test-key");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
