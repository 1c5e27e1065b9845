package io.odpimporter.sink;

import io.odpimporter.activity.ActivityLog;
import io.odpimporter.domain.ActivityEntry;
import io.odpimporter.domain.StoreRecord;
import io.odpimporter.health.OdpWellness;
import io.odpimporter.odp.OdpAnswer;

import java.time.Instant;
import java.util.function.Function;

/**
 * Tells people about the sink's configuration faults: an activity-log entry when one begins and when it is over,
 * and the wellness check ({@code /q/health/well}) DOWN with ODP's answer while it lasts.
 */
final class FaultReports implements SinkState.Listener {

    private final ActivityLog activity;
    private final OdpWellness wellness;
    /** The request's method and URL for a target (named in the entry). */
    private final Function<StoreRecord.Target, String> upsertRequest;

    FaultReports(ActivityLog activity, OdpWellness wellness, Function<StoreRecord.Target, String> upsertRequest) {
        this.activity = activity;
        this.wellness = wellness;
        this.upsertRequest = upsertRequest;
    }

    @Override
    public void faultBegan(int status, String reason, StoreRecord.Target target, Instant since) {
        activity.record(new ActivityEntry(
                ActivityEntry.SCHEMA_VERSION,
                "odp-configuration-fault/" + since,
                since,
                ActivityEntry.Level.ERROR,
                "configuration",
                status == 413 ? "ODP refuses a record as too large" : "ODP refuses the import (HTTP " + status + ")",
                (status == 413
                                ? "Check the request size limit of ODP or a proxy before it and "
                                        + "importer.file-import.max-text-length. "
                                : OdpAnswer.configurationProblem(status, upsertRequest.apply(target), target) + ". ")
                        + "The sink keeps the records and retries; nothing is parked or lost.",
                ActivityLog.details("status", status, "answer", reason),
                null));
    }

    @Override
    public void faultOver(int status, Instant since) {
        activity.record(new ActivityEntry(
                ActivityEntry.SCHEMA_VERSION,
                "odp-configuration-fault-over/" + since,
                Instant.now(),
                ActivityEntry.Level.INFO,
                "configuration",
                "ODP accepts the import again",
                "ODP answered HTTP " + status + " after the configuration fault that began " + since
                        + "; the sink goes on",
                ActivityLog.details("status", status, "faultSince", since == null ? null : since.toString()),
                null));
    }

    @Override
    public void configurationFault(String reason) {
        wellness.configurationFault(reason);
    }

    @Override
    public void odpAnswered() {
        wellness.odpAnswered();
    }
}
