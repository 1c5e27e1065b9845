package io.odpimporter;

import com.azure.storage.blob.BlobContainerClient;
import io.odpimporter.testing.Api;
import io.odpimporter.testing.AzuriteTestResource;
import io.odpimporter.testing.Blobs;
import io.odpimporter.testing.KafkaTestResource;
import io.odpimporter.testing.OdpStandInTestResource;
import io.odpimporter.testing.Stores;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two files of one Last-Modified second holding the same primary key: Azurite has no blob versions, so the run
 * cannot tell which was uploaded last and says so, once, on the run, in the run's log and in the service log; a bulk
 * of unrelated files of the same second warns nothing.
 */
@QuarkusIntegrationTest
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = AzuriteTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = OdpStandInTestResource.class, scope = TestResourceScope.GLOBAL)
class TiesIT {

    static final Path LOG = Path.of("target", "quarkus-test.log");

    /**
     * Uploads the pair and the bulk under a fresh prefix until all of them got the same Last-Modified second
     * (uploads straddling a second boundary are deleted and tried again under new names).
     *
     * @return the prefix's tag
     */
    private static String uploadWithinOneSecond(BlobContainerClient container) {
        for (int attempt = 0; attempt < 20; attempt++) {
            String tag = Stores.tag("ties");
            Map<String, String> files = new LinkedHashMap<>();
            // the same store in both: the later upload's values should win, but their second cannot tell
            files.put(
                    tag + "/a-older.json",
                    Stores.json(List.of(
                            Map.of("id", tag + "-shared", "name", "older", "location", "Old Town"),
                            Map.of("id", tag + "-only-in-a", "name", "A", "location", "A"))));
            files.put(
                    tag + "/b-newer.json",
                    Stores.json(List.of(Map.of("id", tag + "-shared", "name", "newer", "location", "New Town"))));
            for (int i = 0; i < 4; i++) {
                files.put(tag + "/bulk-" + i + ".json", Stores.json(Stores.make(tag + "-bulk-" + i, 0, 3)));
            }
            List<Instant> seconds = new ArrayList<>();
            files.forEach((name, content) -> seconds.add(Blobs.upload(container, name, content)
                    .getLastModified()
                    .toInstant()
                    .truncatedTo(ChronoUnit.SECONDS)));
            if (seconds.stream().distinct().count() == 1) {
                return tag;
            }
            files.keySet().forEach(name -> container.getBlobClient(name).delete());
        }
        throw new AssertionError("20 attempts straddled a second boundary");
    }

    @Test
    void filesOfOneSecondSharingAnIdAreOneWarningAndUnrelatedFilesOfThatSecondNone() throws IOException {
        long logBefore = Files.size(LOG);
        String tag = uploadWithinOneSecond(Blobs.container("offline-stores"));
        String older = tag + "/a-older.json";
        String newer = tag + "/b-newer.json";

        String runId = Api.trigger(tag + "/", false);
        JsonPath run = Api.awaitFinished(runId).jsonPath();
        assertThat(run.getString("status")).isEqualTo("COMPLETE");
        assertThat(run.getInt("files")).isEqualTo(6);
        List<Map<String, Object>> ties = run.getList("ties");
        assertThat(ties).hasSize(1);
        Map<String, Object> tie = ties.get(0);
        assertThat(tie)
                .containsEntry("files", 2)
                .containsEntry("blobNames", List.of(older, newer))
                .containsEntry("last", newer)
                .containsEntry("complete", true)
                .containsEntry("container", "offline-stores");
        String message = (String) tie.get("message");
        assertThat(message)
                .contains(older)
                .contains(newer)
                .contains("ODP keeps the values of " + newer)
                .doesNotContain("bulk-");
        // the list shows it too
        List<Map<String, Object>> listed = given().get(Api.RUNS)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("findAll { it.id == '" + runId + "' }");
        assertThat(listed)
                .singleElement()
                .satisfies(r -> assertThat((List<?>) r.get("ties")).hasSize(1));

        // the run's log: exactly one warning, the run's message
        String line = "Run " + runId + ": " + message;
        await("the tie warning in the run's log")
                .atMost(Duration.ofSeconds(20))
                .until(() -> runLog(runId).stream()
                        .anyMatch(l -> "WARN".equals(l.get("level")) && line.equals(l.get("message"))));
        assertThat(runLog(runId).stream()
                        .filter(l -> String.valueOf(l.get("message")).contains("share primary keys")))
                .hasSize(1);
        // and the service log, once
        String serviceLog = since(LOG, logBefore);
        assertThat(serviceLog.split(Pattern.quote(line), -1)).hasSize(2);
    }

    private static List<Map<String, Object>> runLog(String runId) {
        return given().get(Api.RUNS + "/" + runId + "/logs")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("$");
    }

    /** @return what the log file got after its first {@code offset} bytes */
    private static String since(Path log, long offset) throws IOException {
        byte[] all = Files.readAllBytes(log);
        return new String(
                all,
                (int) Math.min(offset, all.length),
                (int) Math.max(0, all.length - offset),
                StandardCharsets.UTF_8);
    }
}
