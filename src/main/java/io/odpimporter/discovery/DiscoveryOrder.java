package io.odpimporter.discovery;

import com.azure.storage.blob.models.BlobItem;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;

/**
 * The order in which a sweep publishes blobs, so the later upload is imported later and its values win:
 * <ol>
 *   <li>Last-Modified, to the second (Blob Storage gives no finer Last-Modified);</li>
 *   <li>within one second, the version id where blob versioning is on: it is the time of the write with sub-second
 *       precision ({@code 2024-01-01T10:00:00.1234567Z}). A blob without one comes before a blob with one: it was
 *       last written before versioning was turned on, so earlier;</li>
 *   <li>the name. Azure documents no finer order across blobs (Event Grid's {@code sequencer} orders the events of
 *       one blob only), so two unversioned blobs of one second are ordered by name, and the importer reports them
 *       when they share a primary key ({@code importer.TieDetector}).</li>
 * </ol>
 */
public final class DiscoveryOrder {

    /** The sweep's publishing order. */
    public static final Comparator<BlobItem> BLOBS = Comparator.comparing((BlobItem b) ->
                    b.getProperties().getLastModified().toInstant().truncatedTo(ChronoUnit.SECONDS))
            .thenComparing(b -> versionTime(b.getVersionId()), Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparing(BlobItem::getName);

    private DiscoveryOrder() {}

    /**
     * @return the write time a version id names, or null for none (versioning off, or written before it was on) or
     *         one that is not an ISO-8601 time
     */
    static Instant versionTime(String versionId) {
        if (versionId == null || versionId.isEmpty()) {
            return null;
        }
        try {
            return Instant.parse(versionId);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
