package io.odpimporter.sink;

import io.odpimporter.domain.RunEvent;
import io.odpimporter.domain.StoreRecord;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The positional commit rule ({@link CommitTracker}): a poll's last record of a partition is acknowledged (so its
 * offset + 1 may be committed) only when every record of the partition in the poll is in ODP or parked.
 */
class CommitTrackerTest {

    private final CommitTracker commits = new CommitTracker();
    private final List<String> acked = new ArrayList<>();

    CommitTrackerTest() {
        commits.assigned(List.of(0));
    }

    private PolledPartition poll(int partition, int records) {
        PolledPartition part = commits.polled(partition, () -> {
            acked.add("partition " + partition);
            return CompletableFuture.completedFuture(null);
        });
        for (int i = 0; i < records; i++) {
            part.admitOne();
        }
        return part;
    }

    private void finish(PolledPartition part) {
        commits.finished(part).await().indefinitely();
    }

    @Test
    void commitsOffsetNPlusOneOnlyWhenEverythingUpToNIsDelivered() {
        PolledPartition part = poll(0, 3);
        finish(part); // the poll is read
        finish(part);
        finish(part);
        assertThat(acked).as("one of three records is not finished").isEmpty();

        finish(part);

        assertThat(acked).containsExactly("partition 0");
    }

    @Test
    void aPollIsNotAcknowledgedBeforeItIsReadWhateverIsFinished() {
        PolledPartition part = poll(0, 1);
        finish(part);
        assertThat(acked).isEmpty();

        finish(part); // the poll is read

        assertThat(acked).containsExactly("partition 0");
    }

    private static Pending record(PolledPartition part, long offset) {
        return new Pending(
                "k" + offset,
                StoreRecord.Target.objects("stores"),
                new byte[0],
                null,
                null,
                offset,
                part.partition(),
                offset,
                -1,
                part);
    }

    @Test
    void aBatchOfTwoPartitionsAcknowledgesEachPollOnceWhenItsLastRecordIsFinished() {
        commits.assigned(List.of(1));
        PolledPartition zero = poll(0, 2);
        PolledPartition one = poll(1, 1);
        finish(zero); // the polls are read
        finish(one);

        commits.finishedAll(List.of(record(zero, 0), record(one, 0))).await().indefinitely();
        assertThat(acked).as("partition 0 has a record not finished").containsExactly("partition 1");

        commits.finishedAll(List.of(record(zero, 1))).await().indefinitely();
        assertThat(acked).containsExactly("partition 1", "partition 0");
    }

    @Test
    void aBatchWithNoPollToAcknowledgeCompletesAtOnce() {
        PolledPartition part = poll(0, 2);
        finish(part); // the poll is read

        assertThat(commits.finishedAll(List.of(record(part, 0))).await().indefinitely())
                .isNull();
        assertThat(commits.finishedAll(List.of()).await().indefinitely()).isNull();
        assertThat(acked).isEmpty();
    }

    @Test
    void parkedRecordsCountAsDeliveredForTheCommit() {
        SinkHarness sink = new SinkHarness();
        sink.poll(0, 0, "a");
        sink.linger();

        sink.odp.theOpenOne().answer(400, "{\"status\":400}");

        assertThat(sink.writes.parkedIndices()).containsExactly(0L);
        assertThat(sink.acked()).containsExactly("0@0");
    }

    @Test
    void theAcknowledgementWaitsForKafkaToAcknowledgeTheRunEvents() {
        SinkHarness sink = new SinkHarness();
        sink.writes.holdAcks();
        sink.poll(0, 0, "a", "b", "c");

        sink.odp.theOpenOne().accept();
        assertThat(sink.writes.events()).hasSize(1);
        assertThat(sink.acked()).isEmpty();

        sink.writes.releaseAcks();

        assertThat(sink.acked()).containsExactly("0@2");
    }

    @Test
    void aPartitionsPollsAreAcknowledgedEachWhenItsOwnRecordsAreDelivered() {
        SinkHarness sink = new SinkHarness(3, 1, 100, 0);
        sink.poll(0, 0, "a", "b", "c");
        sink.poll(0, 3, "d", "e", "f");

        sink.odp.theOpenOne().accept();
        assertThat(sink.acked()).containsExactly("0@2");
        sink.odp.theOpenOne().accept();

        assertThat(sink.acked()).containsExactly("0@2", "0@5");
    }

    @Test
    void revocationMidRequestDoesNotCommitUnfinishedOffsets() {
        SinkHarness sink = new SinkHarness();
        sink.poll(0, 0, "a", "b", "c");
        FakeOdp.Request inFlight = sink.odp.theOpenOne();

        sink.revoke(0);
        inFlight.accept();

        assertThat(sink.acked()).isEmpty();
        assertThat(sink.writes.indices(RunEvent.Type.ACCEPTED))
                .as("ODP has them: the run counts them")
                .containsExactly(0L, 1L, 2L);
    }

    @Test
    void aRevokedPartitionsRecordsAreNotSentAgainOnRetry() {
        SinkHarness sink = new SinkHarness(4, 2, 100, 0);
        sink.commits.assigned(List.of(1));
        PolledPartition zero = sink.commits.polled(0, () -> CompletableFuture.completedFuture(null));
        PolledPartition one = sink.commits.polled(1, () -> CompletableFuture.completedFuture(null));
        sink.add(
                zero,
                List.of(
                        SinkHarness.pending("a", SinkHarness.TYPE, 0, 0, zero),
                        SinkHarness.pending("b", SinkHarness.TYPE, 1, 0, zero)));
        sink.add(
                one,
                List.of(
                        SinkHarness.pending("c", SinkHarness.TYPE, 0, 1, one),
                        SinkHarness.pending("d", SinkHarness.TYPE, 1, 1, one)));
        sink.odp.theOpenOne().answer(503, "{\"status\":503}");
        assertThat(sink.odp.theOpenOne().ids()).containsExactly("a", "b", "c", "d");

        sink.revoke(1);
        sink.odp.theOpenOne().answer(503, "{\"status\":503}");

        assertThat(sink.odp.theOpenOne().ids()).containsExactly("a", "b");
    }

    @Test
    void aPollOfAPartitionNotOwnedIsNeverAcknowledged() {
        PolledPartition part = poll(1, 0);

        finish(part);

        assertThat(part.owned()).isFalse();
        assertThat(acked).isEmpty();
    }

    @Test
    void aPartitionReassignedMeanwhileIsNotAcknowledgedFromTheOldPoll() {
        PolledPartition old = poll(0, 1);
        finish(old);
        commits.revoked(List.of(0));
        commits.assigned(List.of(0));

        finish(old);
        assertThat(acked).isEmpty();

        PolledPartition fresh = poll(0, 0);
        finish(fresh);
        assertThat(acked).containsExactly("partition 0");
    }
}
