package io.odpimporter.health;

import io.odpimporter.afterimport.ActionPermissions;
import io.odpimporter.afterimport.AfterImportPolicy;
import io.odpimporter.config.ImporterConfig;
import io.odpimporter.rules.Rules;
import io.odpimporter.testing.TestConfig;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Wellness's {@code after-import} check reports a permission the actions in use lack (docs/operations.md). */
class AfterImportWellnessTest {

    static final String SAS_READ_LIST =
            "BlobEndpoint=https://acct.blob.core.windows.net/;SharedAccessSignature=sv=2026-06-06&sp=rl&sig=c2VjcmV0";

    @Test
    void aSasWithoutTheTagPermissionIsDownNamingTheActionAndThePermissionAndNotTheSignature() {
        HealthCheckResponse answer =
                check(Map.of("importer.azure.connection-string", SAS_READ_LIST, "importer.after-import.action", "tag"));

        assertThat(answer.getName()).isEqualTo("after-import");
        assertThat(answer.getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
        assertThat(answer.getData().orElseThrow())
                .containsEntry("actions", "tag")
                .extractingByKey("problem")
                .asString()
                .startsWith("after-import action tag needs the blob index tag write permission (SAS permission t")
                .endsWith("sp=rl, without t")
                .doesNotContain("c2VjcmV0");
    }

    @Test
    void withoutActionsOrWithTheirPermissionsItIsUp() {
        assertThat(check(Map.of("importer.azure.connection-string", SAS_READ_LIST))
                        .getStatus())
                .isEqualTo(HealthCheckResponse.Status.UP);
        assertThat(check(Map.of(
                                "importer.azure.connection-string",
                                SAS_READ_LIST.replace("sp=rl", "sp=rwdlt"),
                                "importer.after-import.action",
                                "move"))
                        .getStatus())
                .isEqualTo(HealthCheckResponse.Status.UP);
    }

    private static HealthCheckResponse check(Map<String, String> settings) {
        ImporterConfig config = TestConfig.load(settings);
        ActionPermissions permissions =
                new ActionPermissions(null, new AfterImportPolicy(new Rules(config), config), config);
        return new AfterImportWellness(permissions, config).call().await().atMost(Duration.ofSeconds(10));
    }
}
