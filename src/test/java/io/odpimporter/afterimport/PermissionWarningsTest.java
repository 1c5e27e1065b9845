package io.odpimporter.afterimport;

import io.odpimporter.testing.CapturedLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.EnumSet;
import java.util.List;
import java.util.logging.Level;

import static org.assertj.core.api.Assertions.assertThat;

/** The start-up log line for an after-import action the credential may not do (docs/operations.md). */
class PermissionWarningsTest {

    @RegisterExtension
    final CapturedLog logged = CapturedLog.of(PermissionWarnings.class);

    @Test
    void eachActionWithoutItsPermissionIsOneWarnLineWithoutTheSignature() {
        String sas = "sv=2025-01-05&sp=rl&sig=c2VjcmV0LXNpZ25hdHVyZQ%3D%3D";

        PermissionWarnings.warn(
                ActionPermissions.missingInSas(EnumSet.of(AfterImportAction.TAG, AfterImportAction.DELETE), sas));

        List<String> warnings = logged.messages(Level.WARNING);
        assertThat(warnings).hasSize(2);
        assertThat(warnings).anySatisfy(w -> assertThat(w).contains("action tag", "Imports go on"));
        assertThat(warnings).anySatisfy(w -> assertThat(w).contains("action delete"));
        assertThat(warnings).noneMatch(w -> w.contains("c2VjcmV0") || w.contains("sig="));
    }

    @Test
    void nothingMissingLogsNothing() {
        PermissionWarnings.warn(List.of());

        assertThat(logged.messages(Level.ALL)).isEmpty();
    }
}
