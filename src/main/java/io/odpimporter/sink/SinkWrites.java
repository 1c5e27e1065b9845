package io.odpimporter.sink;

import io.odpimporter.domain.DeadLetter;
import io.odpimporter.domain.RunEvent;

import java.util.concurrent.CompletableFuture;

/** The sink's Kafka writes: run events to the runs topic, dead letters to the dead-letter topic. */
interface SinkWrites {

    /** @return completes when Kafka acknowledged the run event */
    CompletableFuture<?> publish(RunEvent event);

    /** @return completes when Kafka acknowledged the dead letter, keyed {@code key} */
    CompletableFuture<?> park(String key, DeadLetter deadLetter);
}
