package io.odpimporter.importer;

import io.odpimporter.domain.TieGroup;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Files of one Last-Modified second that share primary keys: one group per second, bounded memory. */
class TieDetectorTest {

    static final Instant SECOND = Instant.parse("2026-12-04T10:00:00Z");

    private final List<TieGroup> reported = new ArrayList<>();

    /** Imports one file (its keys) and keeps what it reports. @return its report */
    private Optional<TieGroup> file(
            TieDetector ties, String run, Instant lastModified, String versionId, String name, String... keys) {
        TieDetector.File file = ties.begin(run, "c", lastModified, versionId, "c/" + name + "@etag", name);
        for (String key : keys) {
            file.add(key);
        }
        Optional<TieGroup> group = file.finish();
        group.ifPresent(reported::add);
        return group;
    }

    @Test
    void filesOfOneSecondSharingAKeyAreOneGroupWithCountNamesAndTheLastFile() {
        TieDetector ties = new TieDetector(1000);
        assertThat(file(ties, "run-1", SECOND.plusMillis(100), null, "a.json", "k1", "k2"))
                .isEmpty();
        assertThat(file(ties, "run-1", SECOND.plusMillis(900), null, "b.json", "k3", "k1"))
                .contains(new TieGroup("c", SECOND, 2, List.of("a.json", "b.json"), "b.json", true));
        // a third file joins through another key: the same group (same second), grown
        assertThat(file(ties, "run-1", SECOND, null, "c.json", "k2"))
                .contains(new TieGroup("c", SECOND, 3, List.of("a.json", "b.json", "c.json"), "c.json", true));
    }

    @Test
    void aGroupNamesItsFirstFiveFilesAndCountsThemAll() {
        TieDetector ties = new TieDetector(1000);
        for (int i = 0; i < 7; i++) {
            file(ties, "run-1", SECOND, null, "f" + i + ".json", "shared", "own-" + i);
        }
        assertThat(reported.get(reported.size() - 1))
                .isEqualTo(new TieGroup(
                        "c",
                        SECOND,
                        7,
                        List.of("f0.json", "f1.json", "f2.json", "f3.json", "f4.json"),
                        "f6.json",
                        true));
    }

    @Test
    void aFileWithoutSharedKeysIsNotInTheGroupAndReportsNothing() {
        TieDetector ties = new TieDetector(1000);
        file(ties, "run-1", SECOND, null, "a.json", "k1");
        file(ties, "run-1", SECOND, null, "b.json", "k1");
        assertThat(file(ties, "run-1", SECOND, null, "c.json", "k9")).isEmpty();
        assertThat(file(ties, "run-1", SECOND, null, "d.json", "k1"))
                .contains(new TieGroup("c", SECOND, 3, List.of("a.json", "b.json", "d.json"), "d.json", true));
    }

    @Test
    void aBulkOfUnrelatedFilesInOneSecondReportsNothing() {
        TieDetector ties = new TieDetector(1000);
        for (int i = 0; i < 20; i++) {
            file(ties, "run-1", SECOND, null, "bulk-" + i + ".json", "a-" + i, "b-" + i, "a-" + i);
        }
        assertThat(reported).isEmpty();
    }

    @Test
    void theSameKeyInDifferentSecondsRunsOrContainersIsNoTie() {
        TieDetector ties = new TieDetector(1000);
        file(ties, "run-1", SECOND, null, "a.json", "k1");
        file(ties, "run-1", SECOND.plusSeconds(1), null, "b.json", "k1");
        file(ties, "run-2", SECOND, null, "c.json", "k1");
        TieDetector.File other = ties.begin("run-1", "other-container", SECOND, null, "o/d.json@e", "d.json");
        other.add("k1");
        assertThat(other.finish()).isEmpty();
        assertThat(reported).isEmpty();
    }

    @Test
    void filesWithVersionIdsWereOrderedByThemAndAreNotChecked() {
        TieDetector ties = new TieDetector(1000);
        file(ties, "run-1", SECOND, "2026-12-04T10:00:00.1000000Z", "a.json", "k1");
        assertThat(file(ties, "run-1", SECOND, "2026-12-04T10:00:00.2000000Z", "b.json", "k1"))
                .isEmpty();
        assertThat(file(ties, "run-1", null, null, "c.json", "k1")).isEmpty();
        assertThat(reported).isEmpty();
    }

    @Test
    void aFileImportedAgainIsNoTieWithItself() {
        TieDetector ties = new TieDetector(1000);
        file(ties, "run-1", SECOND, null, "a.json", "k1", "k2");
        // a retry of the same blob version (same identity) after a transient failure
        assertThat(file(ties, "run-1", SECOND, null, "a.json", "k1", "k2")).isEmpty();
    }

    @Test
    void aSecondBeyondTheKeyCapIsReportedAsCheckedIncompletelyOnceItHasAnotherFile() {
        TieDetector ties = new TieDetector(3);
        // alone in its second: nothing to compare, nothing reported even though the cap is reached
        assertThat(file(ties, "run-1", SECOND, null, "big.json", "k1", "k2", "k3", "k4", "k5"))
                .isEmpty();
        // another file of that second: its keys k4/k5 were not remembered, so it cannot tell: incomplete
        assertThat(file(ties, "run-1", SECOND, null, "small.json", "k5"))
                .contains(new TieGroup("c", SECOND, 2, List.of("big.json", "small.json"), "small.json", false));
    }

    @Test
    void theCapForgetsOlderSecondsFirstAndALateFileOfAForgottenSecondIsReportedAsIncomplete() {
        TieDetector ties = new TieDetector(3);
        file(ties, "run-1", SECOND, null, "a.json", "k1", "k2");
        // the next second needs the room: the first one is forgotten, and this one is checked in full
        assertThat(file(ties, "run-1", SECOND.plusSeconds(1), null, "b.json", "x1", "x2"))
                .isEmpty();
        assertThat(file(ties, "run-1", SECOND.plusSeconds(1), null, "c.json", "x2"))
                .contains(new TieGroup("c", SECOND.plusSeconds(1), 2, List.of("b.json", "c.json"), "c.json", true));
        // a late file of the forgotten second: whether it shares keys with a.json is unknown
        assertThat(file(ties, "run-1", SECOND, null, "d.json", "k1"))
                .contains(new TieGroup("c", SECOND, 1, List.of("d.json"), "d.json", false));
    }

    @Test
    void onlyTheNewest64SecondsAreKept() {
        TieDetector ties = new TieDetector(1000);
        for (int i = 0; i <= TieDetector.SECONDS_KEPT; i++) {
            file(ties, "run-1", SECOND.plusSeconds(i), null, "f" + i + ".json", "k" + i);
        }
        // the 65th second pushed out the first: a late file of it cannot be checked in full
        assertThat(file(ties, "run-1", SECOND, null, "late.json", "k0"))
                .map(TieGroup::complete)
                .contains(false);
        // the newest 64 are still known
        assertThat(file(ties, "run-1", SECOND.plusSeconds(2), null, "g.json", "k2"))
                .map(TieGroup::complete)
                .contains(true);
    }
}
