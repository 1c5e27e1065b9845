package io.odpimporter.runs;

import io.odpimporter.domain.FileStatus;
import io.odpimporter.domain.RunEvent;
import io.odpimporter.domain.Trigger;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** When a run's file counts as delivered, and its accepted, rejected (by ODP) and parked figures. */
class FileDeliveryTest {

    private static final String RUN = "20261205-090000-abcd";
    private static final String FILE = "offline-stores/stores.csv@0x8DC1";

    @Test
    void aFileIsDeliveredOnceEveryRecordIsAcceptedOrParkedWithOdpRefusalsApartFromInvalidRecords() {
        Run run = started();
        run.apply(RunEvent.fileDone(RUN, FILE, "stores.csv", FileStatus.IMPORTED, 5, 3, null, null, 0));
        run.apply(new RunEvent.Rejected(RUN, Instant.now(), FILE, "importer-3", List.of(3L), "line 5: no id"));
        run.apply(new RunEvent.Accepted(RUN, Instant.now(), FILE, "0-17-1f", List.of(0L, 1L)));
        assertThat(run.delivery(FILE)).isEmpty();
        run.apply(new RunEvent.Rejected(RUN, Instant.now(), FILE, "0-19-2a", List.of(4L), "record 4: 400"));
        assertThat(run.delivery(FILE)).isEmpty();
        run.apply(new RunEvent.Accepted(RUN, Instant.now(), FILE, "0-18-3b", List.of(2L)));

        assertThat(run.delivery(FILE)).contains(new FileDelivery(RUN, FILE, 3, 1, 2));
    }

    @Test
    void aReplaysStillInvalidRecordsCountAsParkedNotAsRefusedByOdp() {
        Run run = started();
        run.apply(RunEvent.fileDone(RUN, FILE, "stores.csv", FileStatus.IMPORTED, 2, 1, List.of(1L), null, 0));
        run.apply(new RunEvent.Accepted(RUN, Instant.now(), FILE, "0-1-1f", List.of(0L)));

        assertThat(run.delivery(FILE)).contains(new FileDelivery(RUN, FILE, 1, 0, 1));
    }

    @Test
    void noDeliveryBeforeFileDoneNorForAFailedOrSkippedFile() {
        Run run = started();
        run.apply(new RunEvent.Accepted(RUN, Instant.now(), FILE, "0-1-1f", List.of(0L)));
        assertThat(run.delivery(FILE)).isEmpty();

        run.apply(RunEvent.fileDone(RUN, FILE, "stores.csv", FileStatus.FAILED, 1, 1, null, "bad gzip", 0));
        assertThat(run.delivery(FILE)).isEmpty();
        String skipped = "offline-stores/old.csv@0x1";
        run.apply(RunEvent.fileDone(RUN, skipped, "old.csv", FileStatus.SKIPPED, 0, 0, null, "already", 0));
        assertThat(run.delivery(skipped)).isEmpty();
        assertThat(run.delivery("offline-stores/unknown.csv@0x2")).isEmpty();
    }

    @Test
    void anEmptyImportedFileIsDeliveredWithZeroCounts() {
        Run run = started();
        run.apply(RunEvent.fileDone(RUN, FILE, "stores.csv", FileStatus.IMPORTED, 0, 0, null, null, 0));

        assertThat(run.delivery(FILE)).contains(new FileDelivery(RUN, FILE, 0, 0, 0));
    }

    @Test
    void theFirstDeliveryIsToldOnceAndNothingBeforeIt() {
        Run run = started();
        run.apply(RunEvent.fileDone(RUN, FILE, "stores.csv", FileStatus.IMPORTED, 1, 1, null, null, 0));
        assertThat(run.firstDelivery(FILE)).isEmpty();
        run.apply(new RunEvent.Accepted(RUN, Instant.now(), FILE, "0-1-1f", List.of(0L)));

        assertThat(run.firstDelivery(FILE)).isPresent();
        assertThat(run.firstDelivery(FILE)).isEmpty();
        assertThat(run.firstDelivery(null)).isEmpty();
    }

    @Test
    void theRecordsFileIsTheOneARunEventNames() {
        assertThat(Run.fileOf(new RunEvent.Accepted(RUN, Instant.now(), FILE, "p", List.of())))
                .isEqualTo(FILE);
        assertThat(Run.fileOf(RunEvent.sweepFinished(RUN, 1, null))).isNull();
        assertThat(Run.importerPart("importer-0")).isTrue();
        assertThat(Run.importerPart("3-120-7fa2")).isFalse();
    }

    private static Run started() {
        Run run = new Run(RUN);
        run.apply(new RunEvent.Started(RUN, Instant.now(), Trigger.MANUAL, null, false, "", "replica-a", null));
        return run;
    }
}
