package io.odpimporter.afterimport;

import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpHeaders;
import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.storage.blob.models.BlobStorageException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.nio.ByteBuffer;
import java.nio.charset.Charset;

/** Blob Storage answers for unit tests: a response with a status and headers, and a refusal. */
final class StorageAnswers {

    private StorageAnswers() {}

    /** @return Blob Storage's refusal with {@code status} and {@code x-ms-error-code: code} */
    static BlobStorageException refusal(int status, String code) {
        HttpRequest request = new HttpRequest(HttpMethod.PUT, "https://acct.blob.core.windows.net/c/b");
        return new BlobStorageException(
                "refused",
                response(request, status, new HttpHeaders().set(HttpHeaderName.fromString("x-ms-error-code"), code)),
                null);
    }

    /** @return an empty-bodied answer to {@code request} */
    static HttpResponse response(HttpRequest request, int status, HttpHeaders headers) {
        return new HttpResponse(request) {
            @Override
            public int getStatusCode() {
                return status;
            }

            @Override
            @Deprecated
            public String getHeaderValue(String name) {
                return headers.getValue(HttpHeaderName.fromString(name));
            }

            @Override
            public HttpHeaders getHeaders() {
                return headers;
            }

            @Override
            public Flux<ByteBuffer> getBody() {
                return Flux.empty();
            }

            @Override
            public Mono<byte[]> getBodyAsByteArray() {
                return Mono.empty();
            }

            @Override
            public Mono<String> getBodyAsString() {
                return Mono.empty();
            }

            @Override
            public Mono<String> getBodyAsString(Charset charset) {
                return Mono.empty();
            }
        };
    }
}
