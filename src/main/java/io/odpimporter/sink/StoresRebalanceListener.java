package io.odpimporter.sink;

import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;

import java.util.Collection;

/**
 * Tells the batching sink which stores partitions it owns (channel property
 * {@code consumer-rebalance-listener.name=stores-rebalance}), so records of a partition moved to another replica
 * are not sent after the new owner sent newer ones (docs/architecture.md §5.4).
 */
@ApplicationScoped
@Identifier(StoresRebalanceListener.NAME)
public class StoresRebalanceListener implements KafkaConsumerRebalanceListener {

    public static final String NAME = "stores-rebalance";

    private final BatchingSink sink;

    public StoresRebalanceListener(BatchingSink sink) {
        this.sink = sink;
    }

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        sink.assigned(partitions.stream().map(TopicPartition::partition).toList());
    }

    @Override
    public void onPartitionsRevoked(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        sink.revoked(partitions.stream().map(TopicPartition::partition).toList());
    }

    @Override
    public void onPartitionsLost(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        sink.revoked(partitions.stream().map(TopicPartition::partition).toList());
    }
}
