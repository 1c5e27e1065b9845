package io.odpimporter.files;

import io.odpimporter.domain.BlobVersion;
import io.odpimporter.domain.StoreRecord;
import io.odpimporter.rules.Rule;
import io.odpimporter.rules.Rules;
import io.odpimporter.testing.TestRules;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Which rule a re-import imports with. */
class ReimportTest {

    static final Rules RULES = new TestRules(
            TestRules.rule("stores@abc12345", "stores/", StoreRecord.Target.objects("stores"), List.of()));
    static final Instant T0 = Instant.parse("2026-11-29T06:00:00Z");

    @Test
    void aMovedBlobIsReimportedFromItsDestinationWithTheRuleOfTheNameItWasImportedUnder() {
        // the move put stores/a.json under processed/, which the rule's prefix stores/ does not match
        BlobVersion destination = new BlobVersion("offline-stores", "processed/stores/a.json", "0x8D9");
        ReimportDecision.Start moved = new ReimportDecision.Start(
                destination, new ListedBlob(destination.blobName(), "0x8D9", T0, 42), "stores/a.json");

        assertThat(RULES.match(destination.blobName())).isEmpty();
        assertThat(Reimport.rule(RULES, moved)).map(Rule::displayName).contains("stores");
        assertThat(moved.matchedName()).isEqualTo("stores/a.json");
    }

    @Test
    void aBlobInPlaceIsMatchedByItsOwnName() {
        BlobVersion here = new BlobVersion("offline-stores", "stores/b.json", "0x8D1");
        ReimportDecision.Start start =
                new ReimportDecision.Start(here, new ListedBlob(here.blobName(), "0x8D1", T0, 42), null);
        assertThat(Reimport.rule(RULES, start)).map(Rule::displayName).contains("stores");

        BlobVersion other = new BlobVersion("offline-stores", "misc/readme.txt", "0x8D2");
        assertThat(Reimport.rule(
                        RULES,
                        new ReimportDecision.Start(other, new ListedBlob(other.blobName(), "0x8D2", T0, 1), null)))
                .isEmpty();
    }
}
