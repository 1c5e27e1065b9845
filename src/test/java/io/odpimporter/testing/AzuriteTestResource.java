package io.odpimporter.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import org.testcontainers.containers.GenericContainer;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;

/**
 * Starts Azurite's blob service (installed by the build from the committed package.json and lock file) as a
 * child process, in memory, on a free port, and gives the service its connection string. With {@code -Dcontainers},
 * Azurite's image runs as a container instead ({@link Containers}, needs Docker).
 */
public class AzuriteTestResource implements QuarkusTestResourceLifecycleManager {

    /** Azurite's well-known development account (public, documented by Microsoft). */
    public static final String ACCOUNT = "devstoreaccount1";

    public static final String KEY =
            "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private static Process process;
    /** With {@code -Dcontainers} ({@link Containers}): Azurite's container instead of the child process. */
    private static GenericContainer<?> container;

    private static String connectionString;

    @Override
    public synchronized Map<String, String> start() {
        if (Containers.enabled()) {
            if (container == null) {
                container = Containers.azurite();
                connectionString = connectionString(Containers.azuriteEndpoint(container, ACCOUNT));
            }
            return Map.of("importer.azure.connection-string", connectionString);
        }
        if (process == null) {
            try {
                int port = freePort();
                Path bin = Path.of("node_modules", ".bin", "azurite-blob").toAbsolutePath();
                if (!Files.isExecutable(bin)) {
                    throw new IllegalStateException(bin + " is missing: run 'npm ci' (the Maven build does it)");
                }
                Path log = Path.of("target", "azurite.log").toAbsolutePath();
                Files.createDirectories(log.getParent());
                process = new ProcessBuilder(List.of(
                                bin.toString(),
                                "--blobHost",
                                "127.0.0.1",
                                "--blobPort",
                                Integer.toString(port),
                                "--inMemoryPersistence",
                                "--skipApiVersionCheck",
                                "--loose",
                                "--disableTelemetry"))
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile())
                        .start();
                Process started = process;
                // a child process outlives the JVM unless told otherwise
                Runtime.getRuntime().addShutdownHook(new Thread(started::destroy));
                String endpoint = "http://127.0.0.1:" + port + "/" + ACCOUNT;
                await("Azurite on port " + port)
                        .atMost(Duration.ofSeconds(60))
                        .pollInterval(Duration.ofMillis(200))
                        .until(() -> answers(endpoint));
                connectionString = connectionString(endpoint);
            } catch (IOException e) {
                throw new IllegalStateException("Cannot start Azurite", e);
            }
        }
        return Map.of("importer.azure.connection-string", connectionString);
    }

    private static String connectionString(String endpoint) {
        return "DefaultEndpointsProtocol=http;AccountName=" + ACCOUNT + ";AccountKey=" + KEY + ";BlobEndpoint="
                + endpoint + ";";
    }

    /** @return the connection string of the running Azurite */
    public static String connectionString() {
        return connectionString;
    }

    private static boolean answers(String endpoint) {
        if (!process.isAlive()) {
            throw new IllegalStateException("Azurite exited: see target/azurite.log");
        }
        try {
            HttpURLConnection c = (HttpURLConnection)
                    URI.create(endpoint + "?comp=list").toURL().openConnection();
            c.setConnectTimeout(500);
            c.setReadTimeout(500);
            return c.getResponseCode() > 0;
        } catch (IOException e) {
            return false;
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Override
    public synchronized void stop() {
        if (container != null) {
            container.stop();
            container = null;
        }
        if (process != null) {
            process.destroy();
            process = null;
        }
    }
}
