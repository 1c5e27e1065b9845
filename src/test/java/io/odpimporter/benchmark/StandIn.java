package io.odpimporter.benchmark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.odpimporter.testing.OdpRateLimit;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import static org.awaitility.Awaitility.await;

/**
 * The benchmark's ODP stand-in: WireMock standalone in a JVM of its own, with the local stack's mappings
 * ({@code src/test/resources/odp-stand-in}: ODP's objects contract; the two that parse each body are replaced by
 * {@link OdpObjectCounter}'s checks), no request journal, {@code threads} Jetty
 * threads and asynchronous delayed answers (a 50 ms latency holds no thread), counting objects with
 * {@link OdpObjectCounter}. The latency is WireMock's global fixed delay, changed between runs. The 429 mode
 * ({@link OdpRateLimit}: a token bucket in front of every upsert) is turned on and off through its admin API.
 * It runs without the schema with state ({@code OdpSchemaStandIn}): the schema mappings' static answer (the
 * quickstart object and its fields, what the default rule sends) serves the base commit's service and the current
 * one alike, so both measure imports, not the schema bootstrap.
 */
final class StandIn implements AutoCloseable {

    static final int THREADS = 200;
    static final int ASYNC_THREADS = 64;

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private final Process process;
    private final String base;

    /** What the rate limit of the 429 mode admitted and refused since it was turned on. */
    record Limited(long admitted, long refused) {}

    /** What the stand-in counted for one id tag. */
    record Count(long objects, long distinct, long requests, long firstAt, long lastAt) {
        static final Count NONE = new Count(0, 0, 0, 0, 0);
    }

    StandIn(int port, Path log) throws IOException, InterruptedException {
        String jar = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(e -> e.contains("wiremock-standalone"))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("wiremock-standalone is not on the class path"));
        // the local stack's mappings but the two that parse every body as JSON (03 not an array, 04 over 500
        // objects): OdpObjectCounter checks those rules in its scan instead, so the stand-in stays cheap
        Path root = log.getParent().resolve("odp-stand-in");
        Path mappings = root.resolve("mappings");
        Files.createDirectories(mappings);
        try (var files = Files.list(Path.of("src", "test", "resources", "odp-stand-in", "mappings"))) {
            for (Path mapping : files.toList()) {
                String name = mapping.getFileName().toString();
                if (!name.startsWith("03-") && !name.startsWith("04-")) {
                    Files.copy(mapping, mappings.resolve(name), StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g",
                "-cp",
                jar + File.pathSeparator + Path.of("target", "test-classes").toAbsolutePath(),
                "wiremock.Run",
                "--port",
                Integer.toString(port),
                "--bind-address",
                "127.0.0.1",
                "--root-dir",
                root.toString(),
                "--no-request-journal",
                "--container-threads",
                Integer.toString(THREADS),
                "--async-response-enabled",
                "true",
                "--async-response-threads",
                Integer.toString(ASYNC_THREADS),
                "--extensions",
                OdpObjectCounter.class.getName() + "," + OdpRateLimit.class.getName(),
                "--disable-banner"));
        process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        base = "http://127.0.0.1:" + port;
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
        await("the ODP stand-in on port " + port + " (log: " + log + ")")
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(250))
                .ignoreExceptions()
                .failFast("the ODP stand-in exited: see " + log, () -> !process.isAlive())
                .until(() -> counts() != null);
    }

    String baseUrl() {
        return base;
    }

    long pid() {
        return process.pid();
    }

    /** Sets the delay of every ODP answer. */
    void latency(int millis) throws IOException, InterruptedException {
        post("/__admin/settings", "{\"fixedDelay\":" + millis + "}");
    }

    /** Answers 429 above {@code perSecond} upserts a second (a token bucket with {@code burst}); counts from 0. */
    void rateLimit(double perSecond, int burst) throws IOException, InterruptedException {
        post(String.format(Locale.ROOT, "/__admin/bench/rate-limit?perSecond=%s&burst=%d", perSecond, burst), "");
    }

    /** Turns the 429 mode off. */
    void noRateLimit() throws IOException, InterruptedException {
        post("/__admin/bench/rate-limit?perSecond=0", "");
    }

    /** @return what the 429 mode admitted and refused since it was turned on */
    Limited limited() throws IOException, InterruptedException {
        JsonNode limit = MAPPER.readTree(get("/__admin/bench/rate-limit"));
        return new Limited(limit.get("admitted").asLong(), limit.get("refused").asLong());
    }

    void reset() throws IOException, InterruptedException {
        post("/__admin/bench/reset", "{}");
    }

    /** @return the counts of {@code tag} */
    Count count(String tag) throws IOException, InterruptedException {
        JsonNode c = counts().get(tag);
        return c == null
                ? Count.NONE
                : new Count(
                        c.get("objects").asLong(),
                        c.get("distinct").asLong(),
                        c.get("requests").asLong(),
                        c.get("firstAt").asLong(),
                        c.get("lastAt").asLong());
    }

    private JsonNode counts() throws IOException, InterruptedException {
        return MAPPER.readTree(get("/__admin/bench/counts"));
    }

    private String get(String path) throws IOException, InterruptedException {
        return http.send(
                        HttpRequest.newBuilder(URI.create(base + path))
                                .timeout(Duration.ofSeconds(10))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
    }

    private void post(String path, String body) throws IOException, InterruptedException {
        HttpResponse<String> answer = http.send(
                HttpRequest.newBuilder(URI.create(base + path))
                        .timeout(Duration.ofSeconds(10))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() / 100 != 2) {
            throw new IOException("the stand-in answered " + answer.statusCode() + " to " + path);
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        process.waitFor();
    }
}
