package io.odpimporter.config;

import io.odpimporter.domain.StoreHeaderLayout;
import io.odpimporter.testing.TestConfig;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.ConfigValidationException;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The mapping's defaults and its start-up validation (the same constraints Quarkus checks at start-up). */
class ImporterConfigTest {

    private static ImporterConfig load(Map<String, String> overrides) {
        return TestConfig.load(overrides);
    }

    @Test
    void defaultsAreTheOriginalJobs() {
        ImporterConfig config = load(Map.of());
        assertThat(config.sweep().cron()).isEqualTo("0 0 6 * * ?");
        assertThat(config.sweep().timeZone()).isEqualTo("UTC");
        assertThat(config.sink().batchSize()).isEqualTo(100);
        assertThat(config.sink().linger()).isEqualTo(Duration.ofMillis(500));
        assertThat(config.odp().resolvedBaseUrl()).isEqualTo("https://api.zaius.com");
        assertThat(config.odp().objectType()).isEqualTo("ocp_quickstart_offline_stores");
        assertThat(config.odp().fields().id()).isEqualTo("ocp_quickstart_offline_store_id");
        assertThat(config.odp().fields().name()).isEqualTo("offline_store_name");
        assertThat(config.odp().fields().location()).isEqualTo("offline_store_location");
        assertThat(config.azure().prefix()).isEmpty();
        assertThat(config.topics().filesPartitions()).isEqualTo(1);
    }

    @Test
    void storeRecordsKeepTheSeparateHeaderLayoutUntilCompactIsChosen() {
        // reader first: the compact layout is written only once no replica older than its reader runs
        assertThat(load(Map.of()).topics().storeHeaderLayout()).isEqualTo(StoreHeaderLayout.SEPARATE);
        assertThat(load(Map.of("importer.topics.store-header-layout", "compact"))
                        .topics()
                        .storeHeaderLayout())
                .isEqualTo(StoreHeaderLayout.COMPACT);
        assertThatThrownBy(() -> load(Map.of("importer.topics.store-header-layout", "tiny")))
                .hasMessageContaining("importer.topics.store-header-layout");
    }

    @Test
    void batchSizeOutside1To500IsRefusedNamingTheKey() {
        assertThatThrownBy(() -> load(Map.of("importer.sink.batch-size", "0")))
                .isInstanceOf(ConfigValidationException.class)
                .hasMessageContaining("importer.sink.batch-size")
                .hasMessageContaining("1");
        assertThatThrownBy(() -> load(Map.of("importer.sink.batch-size", "501")))
                .isInstanceOf(ConfigValidationException.class)
                .hasMessageContaining("importer.sink.batch-size")
                .hasMessageContaining("500");
        assertThat(load(Map.of("importer.sink.batch-size", "500")).sink().batchSize())
                .isEqualTo(500);
    }

    @Test
    void aMissingContainerIsRefusedNamingTheKey() {
        Map<String, String> props = new HashMap<>(Map.of("importer.odp.api-key", "k"));
        assertThatThrownBy(() -> new SmallRyeConfigBuilder()
                        .withMapping(ImporterConfig.class)
                        .withConverter(Duration.class, 200, new DurationConverter())
                        .withSources(new PropertiesConfigSource(props, "test", 500))
                        .build())
                .hasMessageContaining("importer.azure.container");
    }

    @Test
    void anInvalidContainerNameIsRefusedWithTheRule() {
        assertThatThrownBy(() -> load(Map.of("importer.azure.container", "Offline_Stores")))
                .isInstanceOf(ConfigValidationException.class)
                .hasMessageContaining("importer.azure.container")
                .hasMessageContaining("3-63 characters");
    }

    @Test
    void invalidFieldNamesAreRefusedAndNoSecretIsEchoed() {
        assertThatThrownBy(() -> load(Map.of("importer.odp.fields.name", "Store Name")))
                .isInstanceOf(ConfigValidationException.class)
                .hasMessageContaining("importer.odp.fields.name")
                .hasMessageNotContaining("secret-api-key-value");
    }

    @Test
    void theOdpRegionChoosesTheBaseUrlAndACustomUrlOverridesIt() {
        assertThat(load(Map.of("importer.odp.region", "eu")).odp().resolvedBaseUrl())
                .isEqualTo("https://api.eu1.odp.optimizely.com");
        assertThat(load(Map.of("importer.odp.region", "AU")).odp().resolvedBaseUrl())
                .isEqualTo("https://api.au1.odp.optimizely.com");
        assertThat(load(Map.of("importer.odp.region", "us")).odp().resolvedBaseUrl())
                .isEqualTo("https://api.zaius.com");
        assertThat(load(Map.of("importer.odp.region", "eu", "importer.odp.base-url", "http://localhost:8089"))
                        .odp()
                        .resolvedBaseUrl())
                .isEqualTo("http://localhost:8089");
        assertThatThrownBy(() -> load(Map.of("importer.odp.region", "mars")))
                .hasMessageContaining("importer.odp.region");
    }

    @Test
    void theBaseUrlIsTakenWithOrWithoutATrailingSlashOrV3() {
        for (String url : List.of(
                "http://localhost:8089",
                "http://localhost:8089/",
                "http://localhost:8089/v3",
                "http://localhost:8089/v3/",
                "http://localhost:8089/V3//")) {
            assertThat(load(Map.of("importer.odp.base-url", url)).odp().resolvedBaseUrl())
                    .as(url)
                    .isEqualTo("http://localhost:8089");
        }
        assertThat(load(Map.of("importer.odp.base-url", "https://proxy.example.com/odp/v3"))
                        .odp()
                        .resolvedBaseUrl())
                .isEqualTo("https://proxy.example.com/odp");
    }

    @Test
    void theSweepIsOffOrAQuartzCronInAKnownTimeZone() {
        for (String off : List.of("off", "OFF", "disabled")) {
            assertThat(load(Map.of("importer.sweep.cron", off)).sweep().scheduled())
                    .as(off)
                    .isFalse();
        }
        ImporterConfig weekdays =
                load(Map.of("importer.sweep.cron", "0 30 2 ? * MON-FRI", "importer.sweep.time-zone", "Europe/Prague"));
        assertThat(weekdays.sweep().scheduled()).isTrue();
        assertThat(weekdays.sweep().timeZone()).isEqualTo("Europe/Prague");
        assertThat(load(Map.of()).sweep().scheduled()).isTrue();
    }
}
