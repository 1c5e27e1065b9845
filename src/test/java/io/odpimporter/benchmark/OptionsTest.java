package io.odpimporter.benchmark;

import io.odpimporter.domain.FileFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The benchmark's options: the matrix per latency, the importers, the baseline jar and the 429 run. */
class OptionsTest {

    @Test
    void theFullBenchmarkRunsFourImportersAt0_50And200MsWith100kAtMostAt200MsAndThe429Run() {
        Options o = Options.parse(new String[0]);

        assertThat(o.latencies()).containsExactly(0, 50, 200);
        assertThat(o.importers())
                .containsExactly(Importer.ORIGINAL, Importer.DIRECT, Importer.SERVICE_DEFAULTS, Importer.SERVICE_TUNED);
        assertThat(o.recordsAt(1_000_000, 50)).isEqualTo(1_000_000);
        assertThat(o.recordsAt(1_000_000, 200)).isEqualTo(100_000);
        assertThat(o.recordsAt(10_000, 200)).isEqualTo(10_000);
        assertThat(o.rateLimit()).isEqualTo(new Options.RateLimit(100, 10, 200, 1_000_000));
        assertThat(o.rateLimit().inFlightNeeded()).isEqualTo(20);
        assertThat(o.rateLimit().ceilingRecordsPerSecond()).isEqualTo(10_000);
        assertThat(o.baselineJar()).isNull();
    }

    @Test
    void theSmokeRunHasTheDefaultsServiceAt50MsOnlyAndNo429Run() {
        Options o = Options.parse(new String[] {"--smoke"});

        assertThat(o.latencies()).containsExactly(0, 50);
        assertThat(o.sizes()).containsExactly(10_000L);
        assertThat(o.importersAt(0)).containsExactly(Importer.ORIGINAL, Importer.DIRECT, Importer.SERVICE_TUNED);
        assertThat(o.importersAt(50))
                .containsExactly(Importer.ORIGINAL, Importer.DIRECT, Importer.SERVICE_DEFAULTS, Importer.SERVICE_TUNED);
        assertThat(o.rateLimit()).isNull();
        assertThat(o.warmUp()).isZero();
    }

    @Test
    void serviceStillMeansTheTunedServiceAndAnUnknownImporterIsNamed() {
        assertThat(Options.parse(new String[] {"--importers", "original,service"})
                        .importers())
                .containsExactly(Importer.ORIGINAL, Importer.SERVICE_TUNED);
        assertThatThrownBy(() -> Options.parse(new String[] {"--importers", "fast"}))
                .hasMessageContaining("unknown importer fast")
                .hasMessageContaining("service-defaults");
    }

    @Test
    void aBaselineJarAddsTheBaselineImporterFromAQuarkusAppDirectoryOrItsJar(@TempDir Path dir) throws IOException {
        Path jar = Files.createFile(dir.resolve("quarkus-run.jar"));

        Options fromDirectory = Options.parse(new String[] {"--baseline-jar", dir.toString()});
        Options fromJar = Options.parse(
                new String[] {"--baseline-jar", jar.toString(), "--importers", "service-defaults,baseline"});

        assertThat(fromDirectory.baselineJar()).isEqualTo(jar.toAbsolutePath());
        assertThat(fromDirectory.importers()).endsWith(Importer.BASELINE);
        assertThat(fromJar.importers()).containsExactly(Importer.SERVICE_DEFAULTS, Importer.BASELINE);
    }

    @Test
    void aBaselineWithoutItsJarOrAMissingJarIsRefusedWithHowToBuildIt(@TempDir Path dir) {
        assertThatThrownBy(() -> Options.parse(new String[] {"--importers", "baseline"}))
                .hasMessageContaining("--baseline-jar");
        assertThatThrownBy(() -> Options.parse(new String[] {"--baseline-jar", dir.toString()}))
                .hasMessageContaining("quarkus-run.jar")
                .hasMessageContaining("git worktree add");
    }

    @Test
    void capsAndThe429RunAreSetOrLeftOut() {
        Options o = Options.parse(new String[] {
            "--cap-records",
            "50:20000,200:5000",
            "--rate-limit",
            "50",
            "--rate-limit-latency",
            "400",
            "--rate-limit-records",
            "300000",
            "--rate-limit-burst",
            "3"
        });

        assertThat(o.capRecords()).isEqualTo(Map.of(50, 20_000L, 200, 5_000L));
        assertThat(o.rateLimit()).isEqualTo(new Options.RateLimit(50, 3, 400, 300_000));
        Options none = Options.parse(new String[] {"--cap-records", "none", "--rate-limit", "0"});
        assertThat(none.recordsAt(1_000_000, 200)).isEqualTo(1_000_000);
        assertThat(none.rateLimit()).isNull();
        assertThatThrownBy(() -> Options.parse(new String[] {"--cap-records", "200"}))
                .hasMessageContaining("latency:records");
        assertThatThrownBy(() -> Options.parse(new String[] {"--fast"})).hasMessageContaining("unknown option --fast");
    }

    @Test
    void formatsAreJsonOnlyUnlessAskedAndTheOtherFormatsRunOnTheServicesOnly() {
        Options defaults = Options.parse(new String[0]);
        Options smoke = Options.parse(new String[] {"--smoke"});
        Options o = Options.parse(new String[] {"--formats", "json,csv,jsonl.gz,csv", "--big-formats", "csv.gz"});
        FileFormat csv = FileFormat.parse("csv");

        assertThat(defaults.formats()).containsExactly(FileFormat.JSON_ARRAY);
        assertThat(smoke.formats()).containsExactly(FileFormat.JSON_ARRAY);
        assertThat(defaults.bigFormats()).extracting(FileFormat::toString).containsExactly("json", "csv", "jsonl.gz");
        assertThat(o.formats()).extracting(FileFormat::toString).containsExactly("json", "csv", "jsonl.gz");
        assertThat(o.bigFormats()).extracting(FileFormat::toString).containsExactly("csv.gz");
        assertThat(o.importersAt(50, csv)).containsExactly(Importer.SERVICE_DEFAULTS, Importer.SERVICE_TUNED);
        assertThat(o.importersAt(50, FileFormat.JSON_ARRAY)).hasSize(4);
        assertThatThrownBy(() -> Options.parse(new String[] {"--formats", "json,xml"}))
                .hasMessageContaining("--formats takes formats json, jsonl, csv")
                .hasMessageContaining("not xml");
    }
}
