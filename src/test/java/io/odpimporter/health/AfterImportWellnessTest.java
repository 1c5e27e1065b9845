package io.odpimporter.health;

import io.odpimporter.afterimport.ActionPermissions;
import io.odpimporter.afterimport.AfterImportPolicy;
import io.odpimporter.config.ImporterConfig;
import io.odpimporter.rules.Rules;
import io.odpimporter.testing.CapturedLog;
import io.odpimporter.testing.TestConfig;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.Map;
import java.util.logging.Level;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Wellness's {@code after-import} check reports a permission the actions in use lack (docs/operations.md). */
class AfterImportWellnessTest {

    @RegisterExtension
    final CapturedLog logged = CapturedLog.of(AfterImportWellness.class);

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

    @Test
    void atStartUpEachActionWithoutItsPermissionIsOneWarnLineWithoutTheSignature() {
        wellness(Map.of(
                        "importer.azure.connection-string",
                        SAS_READ_LIST,
                        "importer.rules[0].name",
                        "stores",
                        "importer.rules[0].prefix",
                        "stores/",
                        "importer.rules[0].object-type",
                        "stores",
                        "importer.rules[0].primary-key",
                        "id",
                        "importer.rules[0].after-import",
                        "tag",
                        "importer.after-import.action",
                        "delete"))
                .onStart(null);

        await().atMost(Duration.ofSeconds(10))
                .until(() -> logged.messages(Level.WARNING).size() == 2);
        assertThat(logged.messages(Level.WARNING))
                .anySatisfy(w -> assertThat(w).contains("action tag needs", "Imports go on"))
                .anySatisfy(w -> assertThat(w).contains("action delete needs"))
                .noneMatch(w -> w.contains("c2VjcmV0"));
    }

    @Test
    void atStartUpWithoutActionsNothingIsProbedOrLogged() {
        wellness(Map.of("importer.azure.connection-string", SAS_READ_LIST)).onStart(null);

        assertThat(logged.messages(Level.ALL)).isEmpty();
    }

    private static HealthCheckResponse check(Map<String, String> settings) {
        return wellness(settings).call().await().atMost(Duration.ofSeconds(10));
    }

    private static AfterImportWellness wellness(Map<String, String> settings) {
        ImporterConfig config = TestConfig.load(settings);
        ActionPermissions permissions =
                new ActionPermissions(null, new AfterImportPolicy(new Rules(config), config), config);
        return new AfterImportWellness(permissions, config);
    }
}
