package io.odpimporter.kafka;

import io.odpimporter.config.ImporterConfig;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Creates the service's topics at start-up if they are missing, before the messaging channels start
 * (this observer runs before SmallRye Reactive Messaging's own start-up observer). Existing topics are
 * left as they are.
 *
 * <table>
 *   <tr><th>topic</th><th>partitions</th><th>cleanup.policy</th></tr>
 *   <tr><td>files</td><td>{@code files-partitions} (1)</td><td>delete, {@code retention}</td></tr>
 *   <tr><td>stores</td><td>{@code stores-partitions} (3)</td><td>delete, {@code retention}</td></tr>
 *   <tr><td>dead-letter</td><td>{@code stores-partitions} (3)</td><td>delete, {@code retention}</td></tr>
 *   <tr><td>ledger, runs, progress</td><td>{@code state-partitions} (3)</td><td>compact</td></tr>
 *   <tr><td>locks, state</td><td>1</td><td>compact</td></tr>
 *   <tr><td>activity</td><td>1</td><td>delete, {@code retention}</td></tr>
 *   <tr><td>run-logs</td><td>{@code state-partitions} (3)</td><td>delete, {@code retention}</td></tr>
 * </table>
 */
@ApplicationScoped
public class KafkaTopics {

    private static final Logger LOG = Logger.getLogger(KafkaTopics.class);

    private final Admin admin;
    private final ImporterConfig config;

    public KafkaTopics(Admin admin, ImporterConfig config) {
        this.admin = admin;
        this.config = config;
    }

    void onStart(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) StartupEvent event) {
        createMissing();
    }

    /**
     * Creates every missing topic.
     *
     * @throws IllegalStateException if Kafka cannot be reached or refuses to create a topic
     */
    public void createMissing() {
        ImporterConfig.Topics t = config.topics();
        String retention = Long.toString(t.retention().toMillis());
        Map<String, String> deleting = Map.of(
                TopicConfig.CLEANUP_POLICY_CONFIG,
                TopicConfig.CLEANUP_POLICY_DELETE,
                TopicConfig.RETENTION_MS_CONFIG,
                retention,
                TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG,
                Integer.toString(t.minInsyncReplicas()));
        Map<String, String> compacted = Map.of(
                TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT,
                TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, Integer.toString(t.minInsyncReplicas()),
                // a lock or run event must not be compacted away before every replica has read it
                TopicConfig.MIN_COMPACTION_LAG_MS_CONFIG, Long.toString(TimeUnit.HOURS.toMillis(1)));
        List<NewTopic> wanted = List.of(
                topic(t.files(), t.filesPartitions(), deleting),
                topic(t.stores(), t.storesPartitions(), deleting),
                topic(t.deadLetter(), t.storesPartitions(), deleting),
                topic(t.ledger(), t.statePartitions(), compacted),
                topic(t.runs(), t.statePartitions(), compacted),
                topic(t.progress(), t.statePartitions(), compacted),
                topic(t.locks(), 1, compacted),
                topic(t.state(), 1, compacted),
                topic(t.activity(), 1, deleting),
                topic(t.runLogs(), t.statePartitions(), deleting));
        try {
            Set<String> existing = admin.listTopics().names().get(60, TimeUnit.SECONDS);
            List<NewTopic> missing = new ArrayList<>();
            for (NewTopic topic : wanted) {
                if (!existing.contains(topic.name())) {
                    missing.add(topic);
                }
            }
            if (missing.isEmpty()) {
                return;
            }
            admin.createTopics(missing).values().forEach((name, future) -> {
                try {
                    future.get(60, TimeUnit.SECONDS);
                    LOG.infof("Created Kafka topic %s", name);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException(
                                "Cannot create Kafka topic " + name + ": "
                                        + e.getCause().getMessage(),
                                e.getCause());
                    }
                } catch (Exception e) {
                    throw new IllegalStateException("Cannot create Kafka topic " + name + ": " + e, e);
                }
            });
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while creating Kafka topics", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Cannot list Kafka topics (is kafka.bootstrap.servers right?): " + e, e);
        }
    }

    private NewTopic topic(String name, int partitions, Map<String, String> configs) {
        return new NewTopic(name, partitions, config.topics().replicationFactor()).configs(configs);
    }
}
