package io.odpimporter.deploy;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code bin/stack config} (prints what {@code bin/stack up} would use, starts nothing): which ODP the local stack's
 * service talks to, the stand-in unless the user set {@code IMPORTER_ODP_BASE_URL}.
 */
class StackScriptTest {

    /** Output (stdout then stderr) and exit code of {@code bin/stack config} with only these ODP variables. */
    private record Result(int exitCode, String output) {}

    private static Result config(Map<String, String> environment) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(List.of("bash", "bin/stack", "config")).redirectErrorStream(true);
        builder.environment()
                .keySet()
                .removeIf(name -> name.startsWith("IMPORTER_ODP_")
                        || name.startsWith("ODP_")
                        || name.equals("IMPORTER_SCHEMA_BOOTSTRAP"));
        builder.environment().putAll(environment);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return new Result(process.exitValue(), output);
    }

    @Test
    void withoutIMPORTER_ODP_BASE_URLTheServiceTalksToTheStandInAndSaysHowToChangeIt() throws Exception {
        Result result = config(Map.of("ODP_PORT", "18089"));
        assertThat(result.exitCode()).isZero();
        assertThat(result.output())
                .contains("ODP: the stand-in at http://127.0.0.1:18089")
                .contains("IMPORTER_ODP_BASE_URL=... IMPORTER_ODP_API_KEY=... bin/stack up");
    }

    @Test
    void aUsersIMPORTER_ODP_BASE_URLIsHonouredAndItsKeyNeverPrinted() throws Exception {
        Result result = config(Map.of(
                "IMPORTER_ODP_BASE_URL",
                "https://api.eu1.odp.optimizely.com",
                "IMPORTER_ODP_API_KEY",
                "users-private-key"));
        assertThat(result.exitCode()).isZero();
        assertThat(result.output())
                .contains("ODP: https://api.eu1.odp.optimizely.com (your IMPORTER_ODP_BASE_URL")
                .contains("the stand-in is not started")
                .doesNotContain("users-private-key");
    }

    @Test
    void aUsersOdpWithoutAKeyIsRefusedRatherThanSentTheStandInsKey() throws Exception {
        Result result = config(Map.of("IMPORTER_ODP_BASE_URL", "https://api.eu1.odp.optimizely.com"));
        assertThat(result.exitCode()).isNotZero();
        assertThat(result.output()).contains("IMPORTER_ODP_API_KEY is not").doesNotContain("local-dev-key");
    }

    @Test
    void theServiceCreatesTheSchemaUnlessTold() throws Exception {
        assertThat(config(Map.of()).output()).contains("ODP schema: IMPORTER_SCHEMA_BOOTSTRAP=create");
        assertThat(config(Map.of("IMPORTER_SCHEMA_BOOTSTRAP", "verify")).output())
                .contains("ODP schema: IMPORTER_SCHEMA_BOOTSTRAP=verify");
    }
}
