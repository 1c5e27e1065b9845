package io.odpimporter.discovery;

import com.azure.storage.blob.models.BlobItem;
import com.azure.storage.blob.models.BlobItemProperties;
import org.junit.jupiter.api.Test;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The sweep's order: (Last-Modified second, version id where there is one, name). */
class DiscoveryOrderTest {

    private static BlobItem blob(String name, String lastModified, String versionId) {
        return new BlobItem()
                .setName(name)
                .setVersionId(versionId)
                .setProperties(new BlobItemProperties().setLastModified(OffsetDateTime.parse(lastModified)));
    }

    private static List<String> sorted(BlobItem... blobs) {
        List<BlobItem> list = new ArrayList<>(List.of(blobs));
        list.sort(DiscoveryOrder.BLOBS);
        return list.stream().map(BlobItem::getName).toList();
    }

    @Test
    void anEarlierSecondComesFirstWhateverTheName() {
        assertThat(sorted(blob("a.json", "2024-01-01T10:00:01Z", null), blob("z.json", "2024-01-01T10:00:00Z", null)))
                .containsExactly("z.json", "a.json");
    }

    @Test
    void withinOneSecondTheVersionIdDecidesNotTheName() {
        // uploaded 0.9 s apart in the same Last-Modified second: z.json first
        assertThat(sorted(
                        blob("a.json", "2024-01-01T10:00:00Z", "2024-01-01T10:00:00.9876543Z"),
                        blob("z.json", "2024-01-01T10:00:00Z", "2024-01-01T10:00:00.1234567Z")))
                .containsExactly("z.json", "a.json");
    }

    @Test
    void versionIdsAreComparedAsTimesNotAsText() {
        // "…00.5Z" sorts after "…00.1234567Z" as text and as time; "…00Z" (no fraction) sorts after both as text
        assertThat(sorted(
                        blob("a.json", "2024-01-01T10:00:00Z", "2024-01-01T10:00:00.5Z"),
                        blob("b.json", "2024-01-01T10:00:00Z", "2024-01-01T10:00:00.1234567Z"),
                        blob("c.json", "2024-01-01T10:00:00Z", "2024-01-01T10:00:00Z")))
                .containsExactly("c.json", "b.json", "a.json");
    }

    @Test
    void withoutVersionIdsTheNameDecides() {
        assertThat(sorted(blob("b.json", "2024-01-01T10:00:00Z", null), blob("a.json", "2024-01-01T10:00:00Z", null)))
                .containsExactly("a.json", "b.json");
    }

    @Test
    void anUnversionedBlobComesBeforeAVersionedOneOfTheSameSecond() {
        // written before versioning was turned on, so earlier; the order stays total (no name-versus-version cycle)
        assertThat(sorted(
                        blob("a.json", "2024-01-01T10:00:00Z", "2024-01-01T10:00:00.1Z"),
                        blob("z.json", "2024-01-01T10:00:00Z", null),
                        blob("b.json", "2024-01-01T10:00:00Z", null),
                        blob("c.json", "2024-01-01T10:00:00Z", "2024-01-01T10:00:00.0Z")))
                .containsExactly("b.json", "z.json", "c.json", "a.json");
    }

    @Test
    void anUnreadableVersionIdCountsAsNone() {
        assertThat(DiscoveryOrder.versionTime("not-a-time")).isNull();
        assertThat(DiscoveryOrder.versionTime("")).isNull();
        assertThat(sorted(
                        blob("b.json", "2024-01-01T10:00:00Z", "2024-01-01T10:00:00.1Z"),
                        blob("a.json", "2024-01-01T10:00:00Z", "not-a-time")))
                .containsExactly("a.json", "b.json");
    }
}
