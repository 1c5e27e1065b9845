package io.odpimporter.sink;

import io.odpimporter.domain.BlobVersion;
import io.odpimporter.domain.DeadLetter;
import io.odpimporter.domain.DeadLetterKind;
import io.odpimporter.domain.RunEvent;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What the sink writes to Kafka about records: run events (ACCEPTED, REJECTED) and dead letters. */
final class SinkEvents {

    private SinkEvents() {}

    /** @return one ACCEPTED run event per run and file of the batch's records (records without a run have none) */
    static List<RunEvent> accepted(List<Pending> batch) {
        Map<FileOfRun, List<Pending>> byFile = new LinkedHashMap<>();
        List<Pending> group = null;
        Pending groupFirst = null;
        for (Pending p : batch) {
            if (p.runId() == null) {
                continue;
            }
            // a batch's records mostly come from one file: look the group up only when the file changes
            if (group == null || !sameFile(groupFirst, p)) {
                group = byFile.computeIfAbsent(new FileOfRun(p.runId(), p.file()), k -> new ArrayList<>());
                groupFirst = group.isEmpty() ? p : group.get(0);
            }
            group.add(p);
        }
        List<RunEvent> events = new ArrayList<>(byFile.size());
        byFile.values().forEach(records -> {
            Pending first = records.get(0);
            List<Long> indices = records.stream().map(Pending::index).toList();
            events.add(RunEvent.accepted(first.runId(), first.file().key(), part(first, indices), indices));
        });
        return events;
    }

    /** A run's file: the records of one ACCEPTED event. */
    private record FileOfRun(String runId, BlobVersion file) {}

    private static boolean sameFile(Pending a, Pending b) {
        return (a.file() == b.file() || a.file().equals(b.file()))
                && (a.runId() == b.runId() || a.runId().equals(b.runId()));
    }

    /** @return the REJECTED run event of a record ODP refused, or null if it belongs to no run */
    static RunEvent rejected(Pending p, String reason) {
        return p.runId() == null
                ? null
                : RunEvent.rejected(
                        p.runId(),
                        p.file().key(),
                        part(p, List.of(p.index())),
                        List.of(p.index()),
                        "record " + p.index() + ": " + reason);
    }

    /**
     * @return the dead letter of a record ODP refused, with ODP's reason and the target it was sent to (a replay
     *         sends it there again); the rule is not known to the sink (null)
     */
    static DeadLetter refused(Pending p, String reason) {
        return DeadLetter.of(
                        DeadLetterKind.REJECTED_BY_ODP,
                        p.runId(),
                        p.file(),
                        p.index(),
                        -1,
                        reason,
                        new String(p.fieldsJson(), StandardCharsets.UTF_8))
                .with(null, p.target());
    }

    /** @return the dead letter of a stores-topic record the sink cannot read */
    static DeadLetter unreadable(String reason, byte[] value) {
        return DeadLetter.of(
                DeadLetterKind.UNREADABLE_EVENT,
                null,
                null,
                null,
                null,
                -1,
                -1,
                reason,
                value == null ? null : new String(value, StandardCharsets.UTF_8));
    }

    /** @return a run-event key part that differs when the set of indices differs (compaction keeps each set) */
    static String part(Pending first, List<Long> indices) {
        return first.partition() + "-" + first.offset() + "-" + Integer.toHexString(indices.hashCode());
    }
}
