package io.odpimporter.runs;

/**
 * The figures of a file of a run once every record is accepted by ODP or parked: what its ledger entry says when it
 * becomes DELIVERED (docs/architecture.md §5.8).
 *
 * @param runId    the run that imported the file
 * @param file     the blob version ({@code container/name@etag})
 * @param accepted records ODP accepted
 * @param rejected records ODP refused (parked by the sink)
 * @param parked   records parked in all: those ODP refused and those invalid at import
 */
public record FileDelivery(String runId, String file, long accepted, long rejected, long parked) {}
