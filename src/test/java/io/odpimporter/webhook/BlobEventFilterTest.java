package io.odpimporter.webhook;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class BlobEventFilterTest {

    static final ObjectMapper MAPPER = new ObjectMapper();
    static final String TOPIC = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/acct";
    final BlobEventFilter filter = new BlobEventFilter("acct", "stores", "in/");

    private static BlobCreated event(String topic, String subject, String url, String api, long length, String etag) {
        ObjectNode data = MAPPER.createObjectNode()
                .put("api", api)
                .put("contentLength", length)
                .put("url", url)
                .put("eTag", etag);
        return new BlobCreated("1", BlobCreated.BLOB_CREATED, topic, subject, data, null);
    }

    private static BlobCreated ok(String api, long length) {
        return event(
                TOPIC,
                "/blobServices/default/containers/stores/blobs/in/a.json",
                "https://acct.blob.core.windows.net/stores/in/a.json",
                api,
                length,
                "\"0x8D\"");
    }

    @Test
    void committedBlobsOfOurContainerAreAcceptedWithTheEtagUnquoted() {
        for (String api : BlobEventFilter.IMPORTING_APIS) {
            BlobEventFilter.Verdict verdict = filter.judge(ok(api, 10));
            assertThat(verdict.accepted())
                    .as(api)
                    .isEqualTo(new BlobEventFilter.Accepted("in/a.json", "0x8D", 10, null));
        }
    }

    @Test
    void theMovesCopyUnderTheProcessedOrFailedPrefixIsIgnored() {
        BlobEventFilter all = new BlobEventFilter("acct", "stores", "", List.of("processed/", "failed/"));
        BlobCreated copy = event(
                TOPIC,
                "/blobServices/default/containers/stores/blobs/processed/in/a.json",
                "https://acct.blob.core.windows.net/stores/processed/in/a.json",
                "CopyBlob",
                10,
                "\"0x8E\"");
        assertThat(all.judge(copy).accepted()).isNull();
        assertThat(all.judge(copy).ignored())
                .isEqualTo("under processed/, where the after-import action moves blobs: processed/in/a.json");
        assertThat(all.judge(ok("CopyBlob", 10)).accepted()).isNotNull();
    }

    @Test
    void anEtagHoldingAnAtSignIsIgnored() {
        // a blob version's key splits at the last '@': a Blob Storage ETag never holds one
        BlobCreated event = event(
                TOPIC,
                "/blobServices/default/containers/stores/blobs/in/a.json",
                "https://acct.blob.core.windows.net/stores/in/a.json",
                "PutBlob",
                10,
                "\"0x8D@1\"");
        assertThat(filter.judge(event).accepted()).isNull();
        assertThat(filter.judge(event).ignored()).contains("0x8D@1");
    }

    @Test
    void otherApisAndEmptyBlobsAreIgnored() {
        assertThat(filter.judge(ok("CreateFile", 10)).ignored()).contains("CreateFile");
        assertThat(filter.judge(ok("SftpCreate", 10)).ignored()).contains("SftpCreate");
        assertThat(filter.judge(ok("PutBlob", 0)).ignored()).contains("empty");
    }

    @Test
    void anotherAccountContainerPrefixOrADisagreeingUrlIsIgnored() {
        assertThat(filter.judge(event(
                                TOPIC.replace("/acct", "/other"),
                                "/blobServices/default/containers/stores/blobs/in/a.json",
                                "https://acct.blob.core.windows.net/stores/in/a.json",
                                "PutBlob",
                                1,
                                "e"))
                        .ignored())
                .contains("account");
        assertThat(filter.judge(event(
                                TOPIC,
                                "/blobServices/default/containers/storesx/blobs/in/a.json",
                                "https://acct.blob.core.windows.net/storesx/in/a.json",
                                "PutBlob",
                                1,
                                "e"))
                        .ignored())
                .contains("container");
        assertThat(filter.judge(event(
                                TOPIC,
                                "/blobServices/default/containers/stores/blobs/out/a.json",
                                "https://acct.blob.core.windows.net/stores/out/a.json",
                                "PutBlob",
                                1,
                                "e"))
                        .ignored())
                .contains("prefix");
        assertThat(filter.judge(event(
                                TOPIC,
                                "/blobServices/default/containers/stores/blobs/in/a.json",
                                "https://evil.blob.core.windows.net/stores/in/a.json",
                                "PutBlob",
                                1,
                                "e"))
                        .ignored())
                .contains("data.url");
        assertThat(filter.judge(event(
                                TOPIC,
                                "/blobServices/default/containers/stores/blobs/in/a.json",
                                "https://acct.blob.core.windows.net/stores/in/b.json",
                                "PutBlob",
                                1,
                                "e"))
                        .ignored())
                .contains("data.url");
    }

    @Test
    void namesAreComparedDecodedAndAPlusStaysAPlus() {
        String name = "in/a b+c%d ü 🏬.json";
        String encoded = "in/a%20b%2Bc%25d%20%C3%BC%20%F0%9F%8F%AC.json";
        BlobEventFilter.Verdict verdict = filter.judge(event(
                TOPIC,
                "/blobServices/default/containers/stores/blobs/" + name,
                "https://acct.blob.core.windows.net/stores/" + encoded,
                "PutBlockList",
                5,
                "0x1"));
        assertThat(verdict.accepted()).isNotNull();
        assertThat(verdict.accepted().blobName()).isEqualTo(name);
        // "+" in the URL is a plus, not a space: a subject with a space does not match it
        assertThat(filter.judge(event(
                                TOPIC,
                                "/blobServices/default/containers/stores/blobs/in/a b.json",
                                "https://acct.blob.core.windows.net/stores/in/a+b.json",
                                "PutBlob",
                                5,
                                "0x1"))
                        .accepted())
                .isNull();
    }
}
