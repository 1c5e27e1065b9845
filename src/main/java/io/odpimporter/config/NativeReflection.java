package io.odpimporter.config;

import io.odpimporter.activity.ActivityEntry;
import io.odpimporter.discovery.SweepRequest;
import io.odpimporter.kafka.DeadLetter;
import io.odpimporter.kafka.FileDiscovered;
import io.odpimporter.kafka.LedgerEntry;
import io.odpimporter.kafka.LockEvent;
import io.odpimporter.kafka.ProgressMark;
import io.odpimporter.kafka.RunEvent;
import io.odpimporter.kafka.StoreRecord;
import io.odpimporter.kafka.TieGroup;
import io.odpimporter.logging.RunLogLine;
import io.odpimporter.runs.RunSummary;
import io.odpimporter.webhook.BlobCreated;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Native image only: the types Jackson reads and writes outside the REST layer (Kafka values of our topics, Event
 * Grid events), with their nested types, registered for reflection (the REST layer registers its own). In JVM mode
 * this class does nothing.
 */
@RegisterForReflection(ignoreNested = false, targets = {
        StoreRecord.class, FileDiscovered.class, LedgerEntry.class, ProgressMark.class, RunEvent.class,
        LockEvent.class, DeadLetter.class, ActivityEntry.class, RunLogLine.class, RunSummary.class,
        SweepRequest.class, BlobCreated.class, TieGroup.class})
public final class NativeReflection {
    private NativeReflection() {
    }
}
