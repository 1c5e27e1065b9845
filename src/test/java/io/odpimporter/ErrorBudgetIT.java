package io.odpimporter;

import com.azure.storage.blob.BlobContainerClient;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.odpimporter.testing.Api;
import io.odpimporter.testing.AzuriteTestResource;
import io.odpimporter.testing.Blobs;
import io.odpimporter.testing.InjectOdpStandIn;
import io.odpimporter.testing.KafkaTestResource;
import io.odpimporter.testing.OdpJournal;
import io.odpimporter.testing.OdpStandInTestResource;
import io.odpimporter.testing.Stores;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntPredicate;
import java.util.stream.IntStream;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A rule's error budget end to end through the packaged service (docs/configuration.md, "Error budget"): one run
 * over three CSV files of two rules with {@code max-invalid-ratio=0.1} and {@code max-invalid-min-records=10}, one
 * streaming, one {@code validate-first}. A streamed file over budget stops at the record that tips it, the records
 * before it accepted by ODP and the rest never sent, FAILED with the reason and its report in the run detail, the run
 * log and the files API; a validated file over budget is FAILED with its report and nothing sent; a validated file
 * within budget is imported with its invalid record parked. The run completes.
 */
@QuarkusIntegrationTest
@TestProfile(ErrorBudgetIT.TwoBudgets.class)
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = AzuriteTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = OdpStandInTestResource.class, scope = TestResourceScope.GLOBAL)
class ErrorBudgetIT {

    static final String CONTAINER = "offline-stores";
    static final String TYPE = "budget_items";
    static final String KEY = "item_id";

    /** Two rules of one object type: {@code streamed} and {@code validated}, each 10 % after 10 records. */
    public static class TwoBudgets implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> p = new HashMap<>();
            p.put("importer.schema.bootstrap", "create");
            rule(p, 0, "streamed", false);
            rule(p, 1, "validated", true);
            return p;
        }

        private static void rule(Map<String, String> p, int i, String name, boolean validateFirst) {
            String r = "importer.rules[" + i + "].";
            p.put(r + "name", name);
            p.put(r + "pattern", "*/" + name + "/*.csv");
            p.put(r + "object-type", TYPE);
            p.put(r + "primary-key", KEY);
            p.put(r + "fields[0].name", KEY);
            p.put(r + "fields[0].source", "id");
            p.put(r + "fields[1].name", "qty");
            p.put(r + "fields[1].type", "number");
            p.put(r + "max-invalid-ratio", "0.1");
            p.put(r + "max-invalid-min-records", "10");
            p.put(r + "validate-first", String.valueOf(validateFirst));
        }
    }

    @InjectOdpStandIn
    WireMockServer odp;

    @Test
    void overBudgetStopsAStreamedFileFailsAValidatedOneWholeAndAFileWithinBudgetImports() {
        BlobContainerClient container = Blobs.container(CONTAINER);
        String tag = Stores.tag("budget");
        String streamed = tag + "/streamed/items.csv";
        String validatedBad = tag + "/validated/bad.csv";
        String validatedGood = tag + "/validated/good.csv";
        // 9 valid rows, then invalid ones: record 10 (line 12) makes 2 of 11 (18.2 %); the last row is valid
        upload(container, streamed, csv(tag + "-s", 30, i -> i >= 9 && i < 29));
        // 3 of 20 invalid (15 %), the first at record 2: over budget before any record is sent
        upload(container, validatedBad, csv(tag + "-vb", 20, i -> i == 2 || i == 11 || i == 17));
        // 1 of 20 invalid (5 %): within budget
        upload(container, validatedGood, csv(tag + "-vg", 20, i -> i == 4));

        Response run = Api.awaitFinished(Api.trigger(tag + "/", false));
        String runId = run.path("id");

        assertThat(run.<String>path("status")).isEqualTo("COMPLETE");
        // the streamed file: stopped after its 11th record, its 9 valid records accepted, nothing after the stop sent
        String stop = "stopped after line 12: 2 of 11 records invalid (18.2 %), over the rule's budget of 10 %; the 9 "
                + "valid records up to it were imported";
        assertThat(text(run, streamed, "status")).isEqualTo("FAILED");
        assertThat(text(run, streamed, "error")).isEqualTo("blob " + streamed + ": " + stop);
        assertThat(detail(run, streamed, "records")).isEqualTo(11);
        assertThat(detail(run, streamed, "accepted")).isEqualTo(9);
        assertThat(detail(run, streamed, "rejected")).isEqualTo(2);
        assertThat(detail(run, streamed, "report.read")).isEqualTo(11);
        assertThat(detail(run, streamed, "report.wouldBeAccepted")).isEqualTo(9);
        assertThat(detail(run, streamed, "report.stoppedAt")).isEqualTo(10);
        assertThat(detail(run, streamed, "report.problems[0].count")).isEqualTo(2);
        assertThat(text(run, streamed, "report.problems[0].examples[0].position"))
                .startsWith("line 11 ");
        assertThat(accepted(tag + "-s")).containsExactlyInAnyOrderElementsOf(ids(tag + "-s", 0, 9));
        // the validated file over budget: nothing sent, its whole report
        assertThat(text(run, validatedBad, "status")).isEqualTo("FAILED");
        assertThat(text(run, validatedBad, "error"))
                .isEqualTo("blob " + validatedBad + ": validated before import: 3 of 20 records invalid (15.0 %), "
                        + "over the rule's budget of 10 %; nothing was sent");
        assertThat(detail(run, validatedBad, "records")).isEqualTo(0);
        assertThat(detail(run, validatedBad, "report.read")).isEqualTo(20);
        assertThat(detail(run, validatedBad, "report.wouldBeAccepted")).isEqualTo(17);
        assertThat(detail(run, validatedBad, "report.stoppedAt")).isNull();
        assertThat(detail(run, validatedBad, "report.problems[0].examples[0].index"))
                .isEqualTo(2);
        assertThat(OdpJournal.upserts(odp, KEY, tag + "-vb")).isEmpty();
        // the validated file within budget: imported, its invalid record parked
        assertThat(text(run, validatedGood, "status")).isEqualTo("IMPORTED");
        assertThat(detail(run, validatedGood, "accepted")).isEqualTo(19);
        assertThat(detail(run, validatedGood, "rejected")).isEqualTo(1);
        assertThat(detail(run, validatedGood, "report")).isNull();
        assertThat(accepted(tag + "-vg")).hasSize(19);

        List<Map<String, Object>> parked = given().queryParam("runId", runId)
                .get("/dead-letters")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("$");
        assertThat(parked)
                .as("the streamed file's 2 invalid records and the file, the validated bad file only, the good "
                        + "file's invalid record")
                .extracting(d -> d.get("blobName") + " " + d.get("kind"))
                .containsExactlyInAnyOrder(
                        streamed + " INVALID_RECORD",
                        streamed + " INVALID_RECORD",
                        streamed + " FAILED_FILE",
                        validatedBad + " FAILED_FILE",
                        validatedGood + " INVALID_RECORD");
        List<String> log = given().get(Api.RUNS + "/" + runId + "/logs")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("message");
        assertThat(log).anyMatch(m -> m.contains("Blob " + streamed) && m.contains("FAILED") && m.contains(stop));
        assertThat(log)
                .anyMatch(m -> m.contains("Blob " + validatedGood)
                        && m.contains("validated before import: 1 of 20 records invalid"));
        assertThat(given().queryParam("prefix", streamed)
                        .get("/files")
                        .then()
                        .statusCode(200)
                        .extract()
                        .<String>path("files[0].reason"))
                .contains(stop);
    }

    private static void upload(BlobContainerClient container, String name, String content) {
        Blobs.upload(container, name, content.getBytes(StandardCharsets.UTF_8), null);
    }

    /** @return a CSV of {@code rows} items {@code <prefix>-<i>}, with the rows {@code invalid} says a bad qty */
    private static String csv(String prefix, int rows, IntPredicate invalid) {
        StringBuilder csv = new StringBuilder("id,qty\n");
        for (int i = 0; i < rows; i++) {
            csv.append(prefix)
                    .append('-')
                    .append(i)
                    .append(',')
                    .append(invalid.test(i) ? "many" : i)
                    .append('\n');
        }
        return csv.toString();
    }

    private static List<String> ids(String prefix, int from, int to) {
        return IntStream.range(from, to).mapToObj(i -> prefix + "-" + i).toList();
    }

    /** @return the primary keys ODP accepted that start with {@code prefix} */
    private List<String> accepted(String prefix) {
        return OdpJournal.accepted(odp, KEY, prefix).stream()
                .map(o -> o.path(KEY).asText())
                .toList();
    }

    /** @return a field of the run detail's file (a number, a string, an object), null if absent */
    private static Object detail(Response run, String blob, String field) {
        return run.path("fileDetails.find { it.blobName == '" + blob + "' }." + field);
    }

    private static String text(Response run, String blob, String field) {
        return run.path("fileDetails.find { it.blobName == '" + blob + "' }." + field);
    }
}
