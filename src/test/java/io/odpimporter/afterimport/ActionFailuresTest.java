package io.odpimporter.afterimport;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.odpimporter.afterimport.StorageAnswers.refusal;
import static org.assertj.core.api.Assertions.assertThat;

/** Which refusals stop an after-import action for good, what they say, and the backoff of the others. */
class ActionFailuresTest {

    @Test
    void a403IsPermanentAndNamesTheActionAndThePermissionItNeeds() {
        ActionFailures.Failure tag =
                ActionFailures.of(AfterImportAction.TAG, refusal(403, "AuthorizationPermissionMismatch"));
        assertThat(tag.permanent()).isTrue();
        assertThat(tag.message())
                .startsWith(
                        "Blob Storage refused to tag the blob (HTTP 403 AuthorizationPermissionMismatch): tag needs")
                .contains("SAS permission t");
        assertThat(ActionFailures.of(AfterImportAction.MOVE, refusal(403, "AuthorizationFailure"))
                        .message())
                .contains("SAS permissions w and d");
        assertThat(ActionFailures.of(AfterImportAction.DELETE, refusal(403, "AuthorizationFailure"))
                        .message())
                .contains("SAS permission d");
    }

    @Test
    void aLeaseIsPermanent() {
        for (String code : new String[] {"LeaseIdMissing", "LeasePresent"}) {
            ActionFailures.Failure f = ActionFailures.of(AfterImportAction.DELETE, refusal(409, code));
            assertThat(f.permanent()).as(code).isTrue();
            assertThat(f.message()).startsWith("the blob has an active lease (HTTP 409 " + code + ")");
        }
    }

    @Test
    void anImmutabilityPolicyOrLegalHoldIsPermanent() {
        for (String code : new String[] {"BlobImmutableDueToPolicy", "BlobImmutableDueToLegalHold"}) {
            ActionFailures.Failure f = ActionFailures.of(AfterImportAction.MOVE, refusal(409, code));
            assertThat(f.permanent()).as(code).isTrue();
            assertThat(f.message())
                    .isEqualTo("an immutability policy or legal hold protects the blob (HTTP 409 " + code
                            + "): it cannot be moved while it lasts");
        }
    }

    @Test
    void serverErrorsThrottlingAPendingCopyAndNoAnswerAreRetried() {
        assertThat(ActionFailures.of(AfterImportAction.TAG, refusal(500, "InternalError"))
                        .permanent())
                .isFalse();
        assertThat(ActionFailures.of(AfterImportAction.TAG, refusal(503, "ServerBusy"))
                        .permanent())
                .isFalse();
        assertThat(ActionFailures.of(AfterImportAction.MOVE, refusal(409, "PendingCopyOperation"))
                        .permanent())
                .isFalse();
        assertThat(ActionFailures.of(new IllegalStateException("the copy is PENDING")))
                .isEqualTo(new ActionFailures.Failure(false, "the copy is PENDING; retried"));
        // a client's own message may quote a URL with a SAS: only its class is kept
        assertThat(ActionFailures.of(new RuntimeException("https://a/b?sig=secret"))
                        .message())
                .isEqualTo("RuntimeException; retried");
    }

    @Test
    void theBackoffDoublesFromRetryMinUpToRetryMax() {
        Duration min = Duration.ofSeconds(10);
        Duration max = Duration.ofMinutes(15);
        assertThat(ActionFailures.backoff(1, min, max)).isEqualTo(Duration.ofSeconds(10));
        assertThat(ActionFailures.backoff(2, min, max)).isEqualTo(Duration.ofSeconds(20));
        assertThat(ActionFailures.backoff(4, min, max)).isEqualTo(Duration.ofSeconds(80));
        assertThat(ActionFailures.backoff(7, min, max)).isEqualTo(Duration.ofSeconds(640));
        assertThat(ActionFailures.backoff(8, min, max)).isEqualTo(max);
        assertThat(ActionFailures.backoff(1000, min, max)).isEqualTo(max);
    }
}
