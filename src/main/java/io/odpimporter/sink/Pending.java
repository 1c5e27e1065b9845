package io.odpimporter.sink;

import io.odpimporter.domain.BlobVersion;
import io.odpimporter.domain.StoreRecord;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A store record waiting for ODP.
 *
 * @param primaryKey       the Kafka key: objects: the record's primary key in ODP (the order gate's key); events:
 *                         the event's first identifier (partitioning only: no order gate)
 * @param target           where it goes: objects of a type, or events (one ODP request holds one target)
 * @param fieldsJson       the record's fields (objects) or the event (events), the JSON object as the importer
 *                         wrote it (UTF-8)
 * @param runId            the run the record belongs to, or null
 * @param file             the blob version the record came from, or null if its headers do not name one
 * @param index            the record's index in its file, or -1
 * @param partition        the stores partition it was polled from
 * @param offset           its offset there, or -1
 * @param uploadedAtMillis when its file was uploaded (epoch milliseconds), or -1
 * @param polled           the part of the poll it came in: acknowledged once all its records are finished
 */
record Pending(
        String primaryKey,
        StoreRecord.Target target,
        byte[] fieldsJson,
        String runId,
        BlobVersion file,
        long index,
        int partition,
        long offset,
        long uploadedAtMillis,
        PolledPartition polled) {

    /** @return whether the per-key order gate holds this record: objects only (events have no order to keep) */
    boolean gated() {
        return target.kind() == StoreRecord.Target.Kind.OBJECTS;
    }

    /** @return the runs whose records are in {@code batch} */
    static Set<String> runIds(List<Pending> batch) {
        Set<String> runs = new HashSet<>();
        batch.forEach(p -> runs.add(p.runId()));
        return runs;
    }
}
