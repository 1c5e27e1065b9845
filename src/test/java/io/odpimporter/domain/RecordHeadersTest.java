package io.odpimporter.domain;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The one codec of store-record and dead-letter headers: the names and bytes every producer wrote before it, absent
 * when null, and the sink's reader.
 */
class RecordHeadersTest {

    static final BlobVersion VERSION = new BlobVersion("offline-stores", "2026/11/ü @ä.json", "0x8DD1");

    private static List<String> pairs(List<Header> headers) {
        return headers.stream()
                .map(h -> h.key() + "=" + new String(h.value(), StandardCharsets.UTF_8))
                .toList();
    }

    /** @return the headers as a consumer record has them */
    static Headers kafka(List<Header> headers) {
        return new ProducerRecord<>("t", null, "k", "v", headers).headers();
    }

    @Test
    void aStoreRecordCarriesRunContainerBlobEtagThenItsIndex() {
        List<Header> file = RecordHeaders.file("run-1", VERSION, -1);
        assertThat(pairs(RecordHeaders.storeRecord(file, 42)))
                .containsExactly(
                        "odp-importer.run-id=run-1",
                        "odp-importer.container=offline-stores",
                        "odp-importer.blob=2026/11/ü @ä.json",
                        "odp-importer.etag=0x8DD1",
                        "odp-importer.record-index=42");
    }

    @Test
    void anEventGridImportsRecordAlsoCarriesTheUploadTimeBeforeItsIndex() {
        List<Header> file = RecordHeaders.file("run-eventgrid-1", VERSION, 1_764_633_600_123L);
        assertThat(pairs(RecordHeaders.storeRecord(file, 0)))
                .containsExactly(
                        "odp-importer.run-id=run-eventgrid-1",
                        "odp-importer.container=offline-stores",
                        "odp-importer.blob=2026/11/ü @ä.json",
                        "odp-importer.etag=0x8DD1",
                        "odp-importer.uploaded-at=1764633600123",
                        "odp-importer.record-index=0");
    }

    @Test
    void aMissingValueIsAbsentNeverEmpty() {
        // the replay wrote an empty header for a null part before; the dead letters left it out
        List<Header> file = RecordHeaders.file(null, VERSION, -1);
        assertThat(pairs(RecordHeaders.storeRecord(file, -1)))
                .containsExactly(
                        "odp-importer.container=offline-stores",
                        "odp-importer.blob=2026/11/ü @ä.json",
                        "odp-importer.etag=0x8DD1");
    }

    @Test
    void aDeadLettersHeadersAreItsValuesFactsInTheirOrder() {
        DeadLetter parked = new DeadLetter(
                1,
                DeadLetterKind.REJECTED_BY_ODP,
                "run-1",
                "offline-stores",
                "a.json",
                "0x1",
                7,
                123,
                "ODP refused it",
                "{}",
                Instant.parse("2026-11-29T06:00:02.311Z"));
        assertThat(pairs(parked.headers()))
                .containsExactly(
                        "odp-importer.reason=ODP refused it",
                        "odp-importer.kind=REJECTED_BY_ODP",
                        "odp-importer.run-id=run-1",
                        "odp-importer.container=offline-stores",
                        "odp-importer.blob=a.json",
                        "odp-importer.etag=0x1",
                        "odp-importer.record-index=7",
                        "odp-importer.byte-offset=123",
                        "odp-importer.parked-at=2026-11-29T06:00:02.311Z",
                        "odp-importer.schema-version=1");
    }

    @Test
    void aDeadLetterLeavesOutWhatItDoesNotKnow() {
        DeadLetter unreadable = new DeadLetter(
                1,
                DeadLetterKind.UNREADABLE_EVENT,
                null,
                null,
                "key",
                null,
                -1,
                -1,
                "not JSON",
                "x",
                Instant.parse("2026-11-29T06:00:02Z"));
        assertThat(pairs(unreadable.headers()))
                .containsExactly(
                        "odp-importer.reason=not JSON",
                        "odp-importer.kind=UNREADABLE_EVENT",
                        "odp-importer.blob=key",
                        "odp-importer.parked-at=2026-11-29T06:00:02Z",
                        "odp-importer.schema-version=1");
    }

    @Test
    void theReaderReadsWhatTheWriterWrote() {
        RecordHeaders.StoreReader reader = new RecordHeaders.StoreReader();
        RecordHeaders.Store store = reader.read(
                kafka(RecordHeaders.storeRecord(RecordHeaders.file("run-1", VERSION, 1_764_633_600_123L), 42)));
        assertThat(store).isEqualTo(new RecordHeaders.Store("run-1", VERSION, 42, 1_764_633_600_123L));
        assertThat(pairs(store.headers()))
                .isEqualTo(
                        pairs(RecordHeaders.storeRecord(RecordHeaders.file("run-1", VERSION, 1_764_633_600_123L), 42)));
    }

    @Test
    void oneReaderFollowsRecordsOfDifferentFilesAndRuns() {
        RecordHeaders.StoreReader reader = new RecordHeaders.StoreReader();
        BlobVersion other = new BlobVersion("offline-stores", "b.json", "0x2");
        List<Map.Entry<String, BlobVersion>> sequence = List.of(
                Map.entry("run-1", VERSION),
                Map.entry("run-1", VERSION),
                Map.entry("run-1", other),
                Map.entry("run-2", other),
                Map.entry("run-1", VERSION));
        long index = 0;
        for (Map.Entry<String, BlobVersion> each : sequence) {
            RecordHeaders.Store store = reader.read(
                    kafka(RecordHeaders.storeRecord(RecordHeaders.file(each.getKey(), each.getValue(), -1), index)));
            assertThat(store).isEqualTo(new RecordHeaders.Store(each.getKey(), each.getValue(), index, -1));
            index++;
        }
    }

    @Test
    void aRecordWithoutAWholeBlobVersionCountsForNoRun() {
        RecordHeaders.StoreReader reader = new RecordHeaders.StoreReader();
        RecordHeaders.Store store = reader.read(kafka(List.of(
                new RecordHeader(RecordHeaders.RUN_ID, "run-1".getBytes(StandardCharsets.UTF_8)),
                new RecordHeader(RecordHeaders.BLOB, "a.json".getBytes(StandardCharsets.UTF_8)))));
        assertThat(store).isEqualTo(new RecordHeaders.Store(null, null, -1, -1));
        assertThat(reader.read(kafka(List.of()))).isEqualTo(new RecordHeaders.Store(null, null, -1, -1));
    }

    @Test
    void aRecordIndexThatIsNoNumberIsBadAnUploadTimeThatIsNoNumberIsAbsent() {
        RecordHeaders.Store store = new RecordHeaders.StoreReader()
                .read(kafka(List.of(
                        new RecordHeader(RecordHeaders.RECORD_INDEX, "-1".getBytes(StandardCharsets.UTF_8)),
                        new RecordHeader(RecordHeaders.UPLOADED_AT, "soon".getBytes(StandardCharsets.UTF_8)))));
        assertThat(store.badRecordIndex()).isTrue();
        assertThat(store.uploadedAtMillis()).isEqualTo(-1);
        assertThat(new RecordHeaders.StoreReader()
                        .read(kafka(RecordHeaders.storeRecord(List.of(), 0)))
                        .badRecordIndex())
                .isFalse();
    }

    @Test
    void theSeparateLayoutWritesTheHeadersItAlwaysWrote() {
        assertThat(pairs(RecordHeaders.file(StoreHeaderLayout.SEPARATE, "run-1", VERSION, 1_764_633_600_123L)
                        .record(42)))
                .isEqualTo(
                        pairs(RecordHeaders.storeRecord(RecordHeaders.file("run-1", VERSION, 1_764_633_600_123L), 42)));
    }

    @Test
    void theCompactLayoutWritesOneHeaderOfRunUploadTimeVersionAndIndex() {
        assertThat(pairs(RecordHeaders.file(StoreHeaderLayout.COMPACT, "run-1", VERSION, -1)
                        .record(42)))
                .containsExactly("odp-importer.ref=run-1 - offline-stores/2026/11/ü @ä.json@0x8DD1 42");
        assertThat(pairs(RecordHeaders.file(StoreHeaderLayout.COMPACT, "run-eventgrid-1", VERSION, 1_764_633_600_123L)
                        .record(0)))
                .containsExactly(
                        "odp-importer.ref=run-eventgrid-1 1764633600123 offline-stores/2026/11/ü @ä.json@0x8DD1 0");
    }

    @Test
    void whatTheCompactLayoutCannotSayIsWrittenSeparately() {
        // no run id (or one with a space), or no record index: the separate layout, absent values left out
        assertThat(pairs(RecordHeaders.file(StoreHeaderLayout.COMPACT, null, VERSION, -1)
                        .record(3)))
                .isEqualTo(pairs(RecordHeaders.storeRecord(RecordHeaders.file(null, VERSION, -1), 3)));
        assertThat(pairs(RecordHeaders.file(StoreHeaderLayout.COMPACT, "run 1", VERSION, -1)
                        .record(3)))
                .isEqualTo(pairs(RecordHeaders.storeRecord(RecordHeaders.file("run 1", VERSION, -1), 3)));
        assertThat(pairs(RecordHeaders.file(StoreHeaderLayout.COMPACT, "run-1", VERSION, -1)
                        .record(-1)))
                .isEqualTo(pairs(RecordHeaders.storeRecord(RecordHeaders.file("run-1", VERSION, -1), -1)));
    }

    @Test
    void oneReaderReadsBothLayoutsInAnyMix() {
        // a rolling upgrade: records of old and new writers, of several files and runs, in one poll
        BlobVersion other = new BlobVersion("offline-stores", "b c@d.json", "0x2");
        RecordHeaders.StoreReader reader = new RecordHeaders.StoreReader();
        List<RecordHeaders.Store> written = List.of(
                new RecordHeaders.Store("run-1", VERSION, 0, -1),
                new RecordHeaders.Store("run-1", VERSION, 1, -1),
                new RecordHeaders.Store("run-1", other, 1_234_567, 1_764_633_600_123L),
                new RecordHeaders.Store("run-2", other, 7, -1),
                new RecordHeaders.Store("run-2", other, 8, -1),
                new RecordHeaders.Store("run-1", VERSION, 2, -1));
        for (StoreHeaderLayout layout : List.of(StoreHeaderLayout.SEPARATE, StoreHeaderLayout.COMPACT)) {
            for (int i = 0; i < written.size(); i++) {
                RecordHeaders.Store w = written.get(i);
                // alternate the layouts record by record too
                StoreHeaderLayout each = i % 2 == 0 ? layout : StoreHeaderLayout.values()[1 - layout.ordinal()];
                Headers headers = kafka(RecordHeaders.file(each, w.runId(), w.version(), w.uploadedAtMillis())
                        .record(w.recordIndex()));
                assertThat(reader.read(headers)).as(each + " " + w).isEqualTo(w);
            }
        }
    }

    @Test
    void aCompactHeaderThatSaysTooLittleCountsForNoRunAndABadIndexIsBad() {
        assertThat(compact("run-1 - offline-stores/a.json@0x1 x").badRecordIndex())
                .isTrue();
        assertThat(compact("run-1 - offline-stores/a.json@0x1 ").badRecordIndex())
                .isTrue();
        assertThat(compact("run-1 - offline-stores/a.json@0x1 9999999999999999999")
                        .badRecordIndex())
                .isTrue();
        // no blob version, no upload-time field, no space at all: no run, no version
        assertThat(compact("run-1 - a.json 5")).isEqualTo(new RecordHeaders.Store(null, null, 5, -1));
        assertThat(compact("run-1 offline-stores/a.json@0x1 5")).isEqualTo(new RecordHeaders.Store(null, null, 5, -1));
        assertThat(compact("5").badRecordIndex()).isFalse();
        assertThat(compact("5").version()).isNull();
        // an upload time that is no number is absent
        assertThat(compact("run-1 soon offline-stores/a.json@0x1 5"))
                .isEqualTo(new RecordHeaders.Store("run-1", new BlobVersion("offline-stores", "a.json", "0x1"), 5, -1));
    }

    @Test
    void theCompactHeaderWinsOverSeparateOnesOnTheSameRecord() {
        List<Header> both = new ArrayList<>(RecordHeaders.storeRecord(RecordHeaders.file("run-9", VERSION, -1), 9));
        both.addAll(RecordHeaders.file(StoreHeaderLayout.COMPACT, "run-1", VERSION, -1)
                .record(1));
        assertThat(new RecordHeaders.StoreReader().read(kafka(both)))
                .isEqualTo(new RecordHeaders.Store("run-1", VERSION, 1, -1));
    }

    private static RecordHeaders.Store compact(String value) {
        return new RecordHeaders.StoreReader()
                .read(kafka(List.of(new RecordHeader(RecordHeaders.REF, value.getBytes(StandardCharsets.UTF_8)))));
    }
}
