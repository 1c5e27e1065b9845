package io.odpimporter.config;

import io.odpimporter.discovery.SweepRequest;
import io.odpimporter.domain.ActivityEntry;
import io.odpimporter.domain.BlobVersion;
import io.odpimporter.domain.DeadLetter;
import io.odpimporter.domain.DeadLetterKind;
import io.odpimporter.domain.FileDiscovered;
import io.odpimporter.domain.FileFormat;
import io.odpimporter.domain.FileReport;
import io.odpimporter.domain.FileStatus;
import io.odpimporter.domain.LedgerEntry;
import io.odpimporter.domain.LockEvent;
import io.odpimporter.domain.ProblemKind;
import io.odpimporter.domain.ProgressMark;
import io.odpimporter.domain.RecordHeaders;
import io.odpimporter.domain.RuleRef;
import io.odpimporter.domain.RunEvent;
import io.odpimporter.domain.RunLogLine;
import io.odpimporter.domain.RunStatus;
import io.odpimporter.domain.SharedSetting;
import io.odpimporter.domain.StoreHeaderLayout;
import io.odpimporter.domain.StoreRecord;
import io.odpimporter.domain.StoreRef;
import io.odpimporter.domain.SweepOutcome;
import io.odpimporter.domain.TieGroup;
import io.odpimporter.domain.Trigger;
import io.odpimporter.runs.RunSummary;
import io.odpimporter.webhook.BlobCreated;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Native image only: the types Jackson reads and writes outside the REST layer (Kafka values of our topics, Event
 * Grid events), with their nested types ({@code ignoreNested = false}), registered for reflection (the REST layer
 * registers its own). Every class of {@code io.odpimporter.domain} is listed, the header types too: a unit test
 * ({@code NativeReflectionTest}) fails naming a domain class missing here. In JVM mode this class does nothing.
 */
@RegisterForReflection(
        ignoreNested = false,
        targets = {
            StoreRecord.class,
            FileDiscovered.class,
            LedgerEntry.class,
            ProgressMark.class,
            RunEvent.class,
            LockEvent.class,
            SharedSetting.class,
            DeadLetter.class,
            ActivityEntry.class,
            RunLogLine.class,
            RunSummary.class,
            SweepRequest.class,
            BlobCreated.class,
            TieGroup.class,
            Trigger.class,
            RunStatus.class,
            FileStatus.class,
            SweepOutcome.class,
            DeadLetterKind.class,
            BlobVersion.class,
            RecordHeaders.class,
            StoreHeaderLayout.class,
            StoreRef.class,
            StoreRef.File.class,
            FileFormat.class,
            FileFormat.Kind.class,
            RuleRef.class,
            StoreRecord.Target.class,
            StoreRecord.Target.Kind.class,
            FileReport.class,
            ProblemKind.class
        })
public final class NativeReflection {
    private NativeReflection() {}
}
