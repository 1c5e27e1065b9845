package io.odpimporter.afterimport;

import org.junit.jupiter.api.Test;

import java.util.EnumSet;

import static org.assertj.core.api.Assertions.assertThat;

/** A SAS connection string's permissions against the after-import actions in use. */
class ActionPermissionsTest {

    @Test
    void aSasWithoutAnActionsLettersNamesTheActionAndThePermission() {
        String sas = "sv=2026-06-06&ss=b&srt=co&sp=rl&se=2027-01-01T00:00:00Z&sig=c2VjcmV0";

        assertThat(ActionPermissions.missingInSas(EnumSet.of(AfterImportAction.TAG), sas))
                .singleElement()
                .asString()
                .startsWith("after-import action tag needs the blob index tag write permission (SAS permission t")
                .endsWith("the SAS of importer.azure.connection-string has sp=rl, without t")
                .doesNotContain("c2VjcmV0");
        assertThat(ActionPermissions.missingInSas(EnumSet.of(AfterImportAction.MOVE), "?sp=rlw&sig=x"))
                .singleElement()
                .asString()
                .endsWith("has sp=rlw, without d");
        assertThat(ActionPermissions.missingInSas(EnumSet.of(AfterImportAction.DELETE, AfterImportAction.TAG), sas))
                .hasSize(2);
    }

    @Test
    void aSasWithTheLettersPasses() {
        assertThat(ActionPermissions.missingInSas(
                        EnumSet.of(AfterImportAction.TAG, AfterImportAction.MOVE, AfterImportAction.DELETE),
                        "sv=2026-06-06&sp=rwdlt&sig=x"))
                .isEmpty();
        assertThat(ActionPermissions.sasPermissions("sig=x&SP=RL".toLowerCase()))
                .isEqualTo("rl");
        assertThat(ActionPermissions.sasPermissions("sig=x")).isEmpty();
    }
}
