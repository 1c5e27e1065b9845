package io.odpimporter.sink;

import io.odpimporter.domain.BlobVersion;
import io.odpimporter.domain.RunEvent;
import io.odpimporter.domain.StoreRecord;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** {@link SinkEvents#accepted}: one ACCEPTED run event per run and file of a batch's records. */
class SinkEventsTest {

    private static final BlobVersion A = new BlobVersion("c", "a.json", "0x1");
    private static final BlobVersion B = new BlobVersion("c", "b.json", "0x2");

    private static Pending record(String runId, BlobVersion file, long index) {
        // a copy of the file's version, as each poll's header reader makes its own
        BlobVersion version = file == null ? null : new BlobVersion(file.container(), file.blobName(), file.etag());
        return new Pending(
                "k" + index,
                StoreRecord.Target.objects("stores"),
                new byte[0],
                runId,
                version,
                index,
                0,
                index,
                -1,
                null);
    }

    @Test
    void interleavedFilesGiveOneEventEachInTheOrderOfTheirFirstRecord() {
        List<RunEvent> events = SinkEvents.accepted(List.of(
                record("run-1", A, 10),
                record("run-1", B, 20),
                record("run-1", A, 11),
                record(null, null, 99),
                record("run-1", B, 21),
                record("run-1", A, 12)));

        assertThat(events).hasSize(2);
        assertThat(events.get(0)).isInstanceOfSatisfying(RunEvent.Accepted.class, e -> {
            assertThat(e.file()).isEqualTo(A.key());
            assertThat(e.indices()).containsExactly(10L, 11L, 12L);
        });
        assertThat(events.get(1)).isInstanceOfSatisfying(RunEvent.Accepted.class, e -> {
            assertThat(e.file()).isEqualTo(B.key());
            assertThat(e.indices()).containsExactly(20L, 21L);
        });
    }

    @Test
    void theSameFileInTwoRunsGivesAnEventPerRun() {
        List<RunEvent> events =
                SinkEvents.accepted(List.of(record("run-1", A, 0), record("run-2", A, 0), record("run-1", A, 1)));

        assertThat(events)
                .extracting(RunEvent::runId, e -> ((RunEvent.Accepted) e).indices())
                .containsExactly(tuple("run-1", List.of(0L, 1L)), tuple("run-2", List.of(0L)));
    }

    @Test
    void recordsWithoutARunGiveNoEvent() {
        assertThat(SinkEvents.accepted(List.of(record(null, null, 0)))).isEmpty();
    }
}
