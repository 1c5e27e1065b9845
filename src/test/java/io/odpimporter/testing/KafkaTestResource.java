package io.odpimporter.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.testcontainers.kafka.KafkaContainer;

import java.util.Map;

/**
 * Starts a real single-node Kafka broker (KRaft, combined broker + controller) in-process with Kafka's own
 * test kit, and points the service at it. Topic auto-creation is off, as in production, so the service's
 * own topic creation is exercised. With {@code -Dcontainers}, the broker is a container instead
 * ({@link Containers}, needs Docker).
 */
public class KafkaTestResource implements QuarkusTestResourceLifecycleManager {

    private static KafkaClusterTestKit cluster;
    /** With {@code -Dcontainers} ({@link Containers}): the broker's container instead of the test kit. */
    private static KafkaContainer container;

    @Override
    public synchronized Map<String, String> start() {
        if (Containers.enabled()) {
            if (container == null) {
                container = Containers.kafka();
            }
            return Map.of("kafka.bootstrap.servers", container.getBootstrapServers());
        }
        try {
            if (cluster == null) {
                cluster = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                                .setCombined(true)
                                .setNumBrokerNodes(1)
                                .setNumControllerNodes(1)
                                .build())
                        .setConfigProp("auto.create.topics.enable", "false")
                        .setConfigProp("group.initial.rebalance.delay.ms", "0")
                        .setConfigProp("offsets.topic.replication.factor", "1")
                        .setConfigProp("offsets.topic.num.partitions", "3")
                        .setConfigProp("transaction.state.log.replication.factor", "1")
                        .setConfigProp("transaction.state.log.min.isr", "1")
                        .build();
                cluster.format();
                cluster.startup();
                cluster.waitForReadyBrokers();
            }
            return Map.of("kafka.bootstrap.servers", cluster.bootstrapServers());
        } catch (Exception e) {
            throw new IllegalStateException("Cannot start the Kafka test broker", e);
        }
    }

    /** @return the broker's bootstrap servers, for test clients */
    public static String bootstrapServers() {
        return container != null ? container.getBootstrapServers() : cluster.bootstrapServers();
    }

    @Override
    public synchronized void stop() {
        if (container != null) {
            container.stop();
            container = null;
        }
        if (cluster != null) {
            try {
                cluster.close();
            } catch (Exception e) {
                throw new IllegalStateException("Cannot stop the Kafka test broker", e);
            } finally {
                cluster = null;
            }
        }
    }
}
