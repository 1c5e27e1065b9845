package io.odpimporter.discovery;

import io.odpimporter.config.StartAfterSetting;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code importer.sweep.start-after}: parsing, and which blobs it leaves alone. */
class StartAfterTest {

    private static final Instant AFTER = Instant.parse("2026-12-01T09:00:00.600Z");

    @Test
    void theSettingIsAnInstantOrFirstStart() {
        assertThat(StartAfterSetting.Validator.instant("2026-12-01T00:00:00Z"))
                .contains(Instant.parse("2026-12-01T00:00:00Z"));
        assertThat(StartAfterSetting.Validator.instant(" first-start ")).isEmpty();
        assertThat(StartAfterSetting.Validator.isFirstStart("FIRST-START")).isTrue();
        assertThatThrownBy(() -> StartAfterSetting.Validator.instant("2026-12-01"))
                .hasMessageContaining("importer.sweep.start-after")
                .hasMessageContaining("first-start")
                .hasMessageContaining("2026-12-01T00:00:00Z");
        StartAfterSetting.Validator validator = new StartAfterSetting.Validator();
        assertThat(validator.isValid("first-start", null)).isTrue();
        assertThat(StartAfterSetting.Validator.instant("2026-12-01T00:00:00+01:00"))
                .contains(Instant.parse("2026-11-30T23:00:00Z"));
        assertThat(validator.isValid("now", null)).isFalse();
    }

    @Test
    void blobsLastModifiedBeforeTheInstantsSecondAreLeftAlone() {
        assertThat(StartAfter.leavesAlone(Instant.parse("2026-12-01T08:59:59Z"), AFTER))
                .isTrue();
        assertThat(StartAfter.leavesAlone(Instant.parse("2020-01-01T00:00:00Z"), AFTER))
                .isTrue();
        // Last-Modified has one-second resolution: a blob of the instant's own second may be after it
        assertThat(StartAfter.leavesAlone(Instant.parse("2026-12-01T09:00:00Z"), AFTER))
                .isFalse();
        assertThat(StartAfter.leavesAlone(Instant.parse("2026-12-01T09:00:01Z"), AFTER))
                .isFalse();
        assertThat(StartAfter.leavesAlone(Instant.parse("2020-01-01T00:00:00Z"), null))
                .isFalse();
    }
}
