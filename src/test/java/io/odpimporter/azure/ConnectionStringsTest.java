package io.odpimporter.azure;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConnectionStringsTest {

    @Test
    void acceptsAccountKeyAndSasForms() {
        assertThat(ConnectionStrings.parse("DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=a2V5;"
                        + "EndpointSuffix=core.windows.net"))
                .containsEntry("accountname", "acct");
        assertThat(ConnectionStrings.parse("BlobEndpoint=https://acct.blob.core.windows.net/;"
                        + "SharedAccessSignature=sv=2024&sig=abc%3D"))
                .containsKey("sharedaccesssignature");
    }

    @Test
    void aMalformedStringNamesTheKeyButNeverEchoesTheSecret() {
        String secret = "AccountName=acct;TopSecretKeyValue";
        assertThatThrownBy(() -> ConnectionStrings.parse(secret))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("importer.azure.connection-string")
                .hasMessageNotContaining("TopSecretKeyValue");
        assertThatThrownBy(() -> ConnectionStrings.parse("AccountName=acct;AccountKey="))
                .hasMessageContaining("importer.azure.connection-string")
                .hasMessageContaining("AccountKey");
        assertThatThrownBy(() -> ConnectionStrings.parse("AccountName=acct;Password=hunter2"))
                .hasMessageContaining("needs AccountName and AccountKey")
                .hasMessageNotContaining("hunter2");
    }
}
