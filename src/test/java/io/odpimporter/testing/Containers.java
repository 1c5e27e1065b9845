package io.odpimporter.testing;

import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The integration tests' Kafka broker and Azurite as Docker containers (Testcontainers), for a machine with a
 * Docker engine: {@code ./mvnw verify -Dcontainers} sets {@code it.containers=true} (pom profile
 * {@code containers}). Without it, {@link KafkaTestResource} runs Kafka in-process and {@link AzuriteTestResource}
 * runs Azurite from {@code node_modules}. The images are the compose file's ({@code ComposeFileTest} checks).
 * <b>Unverified on the project's build machines</b>, which have no Docker engine.
 */
public final class Containers {

    /** The Kafka image of {@code docker-compose.yml}: the clients' version, KRaft. */
    public static final String KAFKA_IMAGE = "apache/kafka:4.1.2";
    /** The Azurite image of {@code docker-compose.yml}: package.json's version. */
    public static final String AZURITE_IMAGE = "mcr.microsoft.com/azure-storage/azurite:3.37.0";

    private static final int AZURITE_BLOB_PORT = 10000;

    private Containers() {}

    /** @return true when the tests should start their services as containers ({@code -Dit.containers=true}) */
    public static boolean enabled() {
        return Boolean.getBoolean("it.containers");
    }

    /**
     * Starts a single-node KRaft broker with topic auto-creation off (as in production).
     *
     * @return the started container; {@link KafkaContainer#getBootstrapServers()} is reachable from this host
     * @throws IllegalStateException (Testcontainers) if no Docker engine is reachable
     */
    public static KafkaContainer kafka() {
        KafkaContainer kafka = new KafkaContainer(DockerImageName.parse(KAFKA_IMAGE))
                .withEnv("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "false")
                .withEnv("KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS", "0")
                .withEnv("KAFKA_OFFSETS_TOPIC_NUM_PARTITIONS", "3");
        kafka.start();
        return kafka;
    }

    /**
     * Starts Azurite's blob service, in memory.
     *
     * @return the started container; see {@link #azuriteEndpoint}
     * @throws IllegalStateException (Testcontainers) if no Docker engine is reachable
     */
    public static GenericContainer<?> azurite() {
        GenericContainer<?> azurite = new GenericContainer<>(DockerImageName.parse(AZURITE_IMAGE))
                .withCommand(
                        "azurite-blob",
                        "--blobHost",
                        "0.0.0.0",
                        "--blobPort",
                        Integer.toString(AZURITE_BLOB_PORT),
                        "--inMemoryPersistence",
                        "--skipApiVersionCheck",
                        "--loose",
                        "--disableTelemetry")
                .withExposedPorts(AZURITE_BLOB_PORT)
                .waitingFor(Wait.forListeningPort());
        azurite.start();
        return azurite;
    }

    /** @return the blob endpoint of {@code account} on a started Azurite container, as seen from this host */
    public static String azuriteEndpoint(GenericContainer<?> azurite, String account) {
        return "http://" + azurite.getHost() + ":" + azurite.getMappedPort(AZURITE_BLOB_PORT) + "/" + account;
    }
}
