package io.odpimporter.afterimport;

import com.azure.core.http.HttpClient;
import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpHeaders;
import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.util.Context;
import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.BlobContainerClientBuilder;
import com.azure.storage.blob.BlobServiceVersion;
import io.odpimporter.domain.LedgerEntry;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ETag guards on the HTTP requests the Azure SDK sends for the actions' options (Azurite ignores conditions on
 * Set Blob Tags, so the tag's guard is checked here, on the wire).
 */
class GuardHeadersTest {

    private static final LedgerEntry VERSION = DeliveredVersions.delivered("stores/a b.csv", "0x8DC1A2B3C4D5E6F");

    private final List<HttpRequest> sent = new CopyOnWriteArrayList<>();
    private final BlobClient blob = new BlobContainerClientBuilder()
            .endpoint("https://acct.blob.core.windows.net/c")
            .serviceVersion(BlobServiceVersion.V2026_06_06)
            .httpClient(capturing())
            .buildClient()
            .getBlobClient(VERSION.blobName());

    @Test
    void setBlobTagsCarriesTheVersionsEtagAsXMsBlobIfMatch() {
        blob.setTagsWithResponse(
                BlobActions.tagsRequest(VERSION, Map.of("odp-import", "delivered")),
                Duration.ofSeconds(5),
                Context.NONE);

        HttpRequest request = only();
        assertThat(request.getHttpMethod()).isEqualTo(HttpMethod.PUT);
        assertThat(request.getUrl().getQuery()).contains("comp=tags");
        assertThat(header(request, "x-ms-blob-if-match")).isEqualTo("\"0x8DC1A2B3C4D5E6F\"");
    }

    @Test
    void theCopyPinsItsSourceToTheVersionsEtagAsXMsSourceIfMatch() {
        BlobClient target = new BlobContainerClientBuilder()
                .endpoint("https://acct.blob.core.windows.net/c")
                .serviceVersion(BlobServiceVersion.V2026_06_06)
                .httpClient(capturing())
                .buildClient()
                .getBlobClient("processed/" + VERSION.blobName());
        target.beginCopy(BlobActions.copyRequest(VERSION, blob.getBlobUrl())).waitForCompletion(Duration.ofSeconds(5));

        HttpRequest copy = sent.get(0);
        assertThat(copy.getHttpMethod()).isEqualTo(HttpMethod.PUT);
        assertThat(header(copy, "x-ms-copy-source")).isEqualTo(blob.getBlobUrl());
        assertThat(header(copy, "x-ms-source-if-match")).isEqualTo("\"0x8DC1A2B3C4D5E6F\"");
        assertThat(header(copy, "If-Match")).isNull();
    }

    @Test
    void theDeleteCarriesTheVersionsEtagAsIfMatch() {
        blob.deleteWithResponse(null, BlobActions.ifMatch(VERSION), Duration.ofSeconds(5), Context.NONE);

        HttpRequest request = only();
        assertThat(request.getHttpMethod()).isEqualTo(HttpMethod.DELETE);
        assertThat(header(request, "If-Match")).isEqualTo("\"0x8DC1A2B3C4D5E6F\"");
    }

    private HttpRequest only() {
        assertThat(sent).hasSize(1);
        return sent.get(0);
    }

    private static String header(HttpRequest request, String name) {
        return request.getHeaders().getValue(HttpHeaderName.fromString(name));
    }

    /** Answers every request with success (a copy: status success at once) and keeps it. */
    private HttpClient capturing() {
        return new HttpClient() {
            @Override
            public Mono<HttpResponse> send(HttpRequest request) {
                sent.add(request);
                int status = request.getHttpMethod() == HttpMethod.DELETE
                        ? 202
                        : request.getUrl().getQuery() != null
                                        && request.getUrl().getQuery().contains("comp=tags")
                                ? 204
                                : 202;
                HttpHeaders headers = new HttpHeaders()
                        .set(HttpHeaderName.fromString("x-ms-copy-id"), "copy-1")
                        .set(HttpHeaderName.fromString("x-ms-copy-status"), "success")
                        .set(HttpHeaderName.ETAG, "\"0x1\"")
                        .set(HttpHeaderName.LAST_MODIFIED, "Sat, 05 Dec 2026 09:00:00 GMT");
                return Mono.just(StorageAnswers.response(request, status, headers));
            }
        };
    }
}
