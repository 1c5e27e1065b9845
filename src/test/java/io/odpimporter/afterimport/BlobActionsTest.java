package io.odpimporter.afterimport;

import com.azure.core.http.HttpClient;
import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpHeaders;
import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.storage.blob.BlobContainerClientBuilder;
import com.azure.storage.blob.BlobServiceVersion;
import io.odpimporter.config.ImporterConfig;
import io.odpimporter.domain.LedgerEntry;
import io.odpimporter.rules.Rules;
import io.odpimporter.testing.TestConfig;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The actions on Blob Storage's answers (docs/operations.md, "After the import"): each is idempotent (an action found
 * already done is DONE), and an overwrite (412 on the guard) is never deleted.
 */
class BlobActionsTest {

    private static final LedgerEntry VERSION = DeliveredVersions.delivered("stores/a.json", "0x8D1");

    private final List<HttpRequest> sent = new CopyOnWriteArrayList<>();

    @Test
    void aMoveWhoseSourceIsGoneAndDestinationPresentIsDoneWithItsDestination() {
        // an earlier attempt moved it but its outcome was not recorded (a crash): the copy's source is 404
        BlobActions actions = actions(request -> isCopy(request) ? 404 : head(request, "processed/stores/a.json", 200));

        BlobActions.Result result = actions.run(AfterImportAction.MOVE, VERSION);

        assertThat(result).isEqualTo(BlobActions.Result.done("processed/stores/a.json"));
        assertThat(sent).noneMatch(r -> r.getHttpMethod() == HttpMethod.DELETE);
    }

    @Test
    void aMoveWhoseSourceAndDestinationAreGoneFailsSayingSo() {
        BlobActions actions = actions(request -> isCopy(request) ? 404 : 404);

        BlobActions.Result result = actions.run(AfterImportAction.MOVE, VERSION);

        assertThat(result.state()).isEqualTo(LedgerEntry.ActionState.FAILED);
        assertThat(result.error())
                .isEqualTo("the blob is gone and processed/stores/a.json does not exist: nothing to move");
    }

    @Test
    void aMoveOfAnOverwrittenBlobCopiesNothingAndDeletesNothing() {
        BlobActions actions = actions(request -> isCopy(request) ? 412 : 202);

        BlobActions.Result result = actions.run(AfterImportAction.MOVE, VERSION);

        assertThat(result.state()).isEqualTo(LedgerEntry.ActionState.FAILED);
        assertThat(result.error()).startsWith(ActionFailures.CHANGED);
        assertThat(sent).noneMatch(r -> r.getHttpMethod() == HttpMethod.DELETE);
    }

    @Test
    void aMoveWhoseDeleteMeetsAnOverwriteKeepsTheBlobAndRecordsTheCopy() {
        BlobActions actions = actions(request -> request.getHttpMethod() == HttpMethod.DELETE ? 412 : 202);

        BlobActions.Result result = actions.run(AfterImportAction.MOVE, VERSION);

        assertThat(result.state()).isEqualTo(LedgerEntry.ActionState.FAILED);
        assertThat(result.destination()).isEqualTo("processed/stores/a.json");
        assertThat(result.error()).contains("copied to processed/stores/a.json, the blob was not deleted");
    }

    @Test
    void aDeleteOfABlobAlreadyGoneIsDoneAndOfAnOverwrittenOneFails() {
        assertThat(actions(request -> 404).run(AfterImportAction.DELETE, VERSION))
                .isEqualTo(BlobActions.Result.done(null));

        BlobActions.Result changed = actions(request -> 412).run(AfterImportAction.DELETE, VERSION);
        assertThat(changed.state()).isEqualTo(LedgerEntry.ActionState.FAILED);
        assertThat(changed.error()).isEqualTo(ActionFailures.CHANGED + " (not deleted)");
    }

    @Test
    void aTagOfAnOverwrittenBlobFailsAndOfAGoneOneSaysSo() {
        BlobActions.Result changed = actions(request -> 412).run(AfterImportAction.TAG, VERSION);
        assertThat(changed.state()).isEqualTo(LedgerEntry.ActionState.FAILED);
        assertThat(changed.error()).isEqualTo(ActionFailures.CHANGED);

        BlobActions.Result gone = actions(request -> 404).run(AfterImportAction.TAG, VERSION);
        assertThat(gone.state()).isEqualTo(LedgerEntry.ActionState.FAILED);
        assertThat(gone.error()).startsWith("the blob is gone");
    }

    private static boolean isCopy(HttpRequest request) {
        return request.getHttpMethod() == HttpMethod.PUT
                && request.getHeaders().getValue(HttpHeaderName.fromString("x-ms-copy-source")) != null;
    }

    /** @return {@code status} for a HEAD of {@code name}, 404 for any other request */
    private static int head(HttpRequest request, String name, int status) {
        return request.getHttpMethod() == HttpMethod.HEAD
                        && URLDecoder.decode(request.getUrl().getPath(), StandardCharsets.UTF_8)
                                .endsWith("/" + name)
                ? status
                : 404;
    }

    /** @return the actions on a container whose every request is answered with {@code status} of it */
    private BlobActions actions(Function<HttpRequest, Integer> status) {
        HttpClient client = new HttpClient() {
            @Override
            public Mono<HttpResponse> send(HttpRequest request) {
                sent.add(request);
                int answer = status.apply(request);
                HttpHeaders headers = new HttpHeaders()
                        .set(HttpHeaderName.fromString("x-ms-copy-id"), "copy-1")
                        .set(HttpHeaderName.fromString("x-ms-copy-status"), "success")
                        .set(HttpHeaderName.ETAG, "\"0x1\"")
                        .set(HttpHeaderName.LAST_MODIFIED, "Sat, 05 Dec 2026 09:00:00 GMT");
                if (answer >= 400) {
                    headers.set(
                            HttpHeaderName.fromString("x-ms-error-code"),
                            answer == 404 ? "BlobNotFound" : "ConditionNotMet");
                }
                return Mono.just(StorageAnswers.response(request, answer, headers));
            }
        };
        ImporterConfig config = TestConfig.load(Map.of());
        return new BlobActions(
                new BlobContainerClientBuilder()
                        .endpoint("https://acct.blob.core.windows.net/c")
                        .serviceVersion(BlobServiceVersion.V2026_06_06)
                        .httpClient(client)
                        .buildClient(),
                new AfterImportPolicy(new Rules(config), config),
                config);
    }
}
