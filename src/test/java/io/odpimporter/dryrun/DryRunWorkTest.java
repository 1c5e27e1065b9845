package io.odpimporter.dryrun;

import com.azure.storage.blob.models.BlobItem;
import com.azure.storage.blob.models.BlobItemProperties;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.odpimporter.discovery.ModifiedRange;
import io.odpimporter.discovery.NewVersions;
import io.odpimporter.discovery.SweepRequest;
import io.odpimporter.domain.FileFormat;
import io.odpimporter.domain.FileReport;
import io.odpimporter.domain.FileStatus;
import io.odpimporter.domain.RunEvent;
import io.odpimporter.domain.RunStatus;
import io.odpimporter.importer.FileRecords;
import io.odpimporter.importer.read.SourceRecord;
import io.odpimporter.rules.Rules;
import io.odpimporter.schema.OdpSchema;
import io.odpimporter.testing.TestConfig;
import org.junit.jupiter.api.Test;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

/**
 * A dry run's work with fakes for the listing, the reading and ODP's schema (docs/architecture.md, "Dry run"): what
 * it judges, what its reports say, and that run events are all it writes.
 */
class DryRunWorkTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String RUN = "run-20261205T120000Z-1a2b3c4d";
    private static final FileFormat CSV = FileFormat.fromName("x.csv");
    private static final OdpSchema ORDERS =
            new OdpSchema("orders", fields("order_id", "string", "total", "number"), List.of("order_id"));

    private final List<RunEvent> events = new ArrayList<>();
    private final Map<String, List<String>> rows = new HashMap<>();
    private final List<String> schemaReads = new ArrayList<>();
    private final AtomicBoolean cancelled = new AtomicBoolean();

    private static Map<String, String> fields(String... namesAndTypes) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (int i = 0; i < namesAndTypes.length; i += 2) {
            fields.put(namesAndTypes[i], namesAndTypes[i + 1]);
        }
        return fields;
    }

    private static Rules rules() {
        return rules(Map.of());
    }

    /** @param budget the rule's error budget keys, e.g. {@code max-invalid-ratio} */
    private static Rules rules(Map<String, String> budget) {
        Map<String, String> p = new HashMap<>();
        budget.forEach((key, value) -> p.put("importer.rules[0]." + key, value));
        p.put("importer.rules[0].name", "orders");
        p.put("importer.rules[0].pattern", "orders/*.csv");
        p.put("importer.rules[0].object-type", "orders");
        p.put("importer.rules[0].primary-key", "order_id");
        p.put("importer.rules[0].fields[0].name", "order_id");
        p.put("importer.rules[0].fields[0].source", "id");
        p.put("importer.rules[0].fields[1].name", "total");
        p.put("importer.rules[0].fields[1].type", "number");
        p.put("importer.rules[0].fields[2].name", "colour");
        return new Rules(TestConfig.load(p));
    }

    private static BlobItem blob(String name) {
        return new BlobItem()
                .setName(name)
                .setProperties(new BlobItemProperties()
                        .setETag("\"0x1\"")
                        .setLastModified(OffsetDateTime.now())
                        .setContentLength(10L));
    }

    private DryRunWork work(LiveSchemas.Answer schema, String... blobs) {
        return work(rules(), schema, blobs);
    }

    private DryRunWork work(Rules rules, LiveSchemas.Answer schema, String... blobs) {
        List<BlobItem> items = new ArrayList<>();
        for (String name : blobs) {
            items.add(blob(name));
        }
        return new DryRunWork(
                (request, stopped) ->
                        Optional.of(new NewVersions.Listing(items, items.size(), 0, ModifiedRange.ALL, 0, 0)),
                (event, rule, visitor) -> {
                    long index = 0;
                    for (String row : rows.getOrDefault(event.blobName(), List.of())) {
                        SourceRecord record = SourceRecord.of(index, index + 2, 10 * (index + 1), 10, json(row));
                        index++;
                        if (!visitor.record(record, "line " + (index + 1) + " (byte " + 10 * index + ")")) {
                            return new FileRecords.Read(CSV, index, null, null, true);
                        }
                    }
                    return new FileRecords.Read(CSV, index, null, null, false);
                },
                rules,
                object -> {
                    schemaReads.add(object);
                    return schema;
                },
                events::add,
                cancelled::get,
                "account",
                "offline-stores",
                "replica-a",
                2,
                file -> {});
    }

    private static JsonNode json(String row) {
        try {
            return MAPPER.readTree(row);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static SweepRequest request() {
        return SweepRequest.manual(null, false, "", null, null, "alice");
    }

    private FileReport reportOf(String blob) {
        return events.stream()
                .filter(e -> e instanceof RunEvent.FileDone d && d.blobName().equals(blob))
                .map(e -> ((RunEvent.FileDone) e).report())
                .findFirst()
                .orElseThrow();
    }

    @Test
    void judgesEveryRecordByTheRulesMappingAndTheLiveSchema() {
        rows.put(
                "orders/a.csv",
                List.of(
                        "{\"id\":\"A-1\",\"total\":\"12\"}",
                        "{\"id\":\"A-2\",\"total\":\"twelve\"}",
                        "{\"id\":\" \",\"total\":\"3\"}",
                        "{\"id\":\"A-4\",\"total\":\"4\",\"colour\":\"red\"}",
                        "{\"id\":\"A-5\",\"total\":\"5\",\"colour\":\"blue\"}",
                        "{\"id\":\"A-6\",\"total\":\"6\",\"colour\":\"green\"}"));
        work(LiveSchemas.Answer.of(ORDERS), "orders/a.csv").run(RUN, request());

        FileReport report = reportOf("orders/a.csv");
        assertThat(report.read()).isEqualTo(6);
        assertThat(report.wouldBeAccepted()).isEqualTo(1);
        assertThat(report.problems())
                .extracting(FileReport.ProblemCount::kind, FileReport.ProblemCount::count)
                .containsExactlyInAnyOrder(
                        tuple("unknown-field", 3L), tuple("unparseable-number", 1L), tuple("missing-primary-key", 1L));
        FileReport.ProblemCount unknown = report.problems().get(0);
        // the first examples only (importer.dry-run.examples = 2), with position, field, value and reason
        assertThat(unknown.examples()).hasSize(2);
        assertThat(unknown.examples().get(0))
                .isEqualTo(new FileReport.Example(
                        "line 5 (byte 40)", 3, "colour", "red", "the object orders has no field colour"));
        FileReport.Example number = report.problems().stream()
                .filter(p -> p.kind().equals("unparseable-number"))
                .findFirst()
                .orElseThrow()
                .examples()
                .get(0);
        assertThat(number.field()).isEqualTo("total");
        assertThat(number.position()).isEqualTo("line 3 (byte 20)");
        assertThat(number.reason()).contains("'twelve'");
    }

    private RunEvent.FileDone doneOf(String blob) {
        return events.stream()
                .filter(e -> e instanceof RunEvent.FileDone d && d.blobName().equals(blob))
                .map(RunEvent.FileDone.class::cast)
                .findFirst()
                .orElseThrow();
    }

    @Test
    void aFileARealRunWouldStopOverItsBudgetIsReadUpToThatPointAndFailed() {
        rows.put(
                "orders/a.csv",
                List.of(
                        "{\"id\":\"A-1\",\"total\":\"1\"}",
                        "{\"id\":\" \",\"total\":\"2\"}",
                        "{\"id\":\"A-3\",\"total\":\"three\"}",
                        "{\"id\":\"A-4\",\"total\":\"4\"}",
                        "{\"id\":\"A-5\",\"total\":\"5\"}"));
        work(
                        rules(Map.of("max-invalid-ratio", "0.1", "max-invalid-min-records", "3")),
                        LiveSchemas.Answer.of(ORDERS),
                        "orders/a.csv")
                .run(RUN, request());

        RunEvent.FileDone done = doneOf("orders/a.csv");
        assertThat(done.status()).isEqualTo(FileStatus.FAILED);
        assertThat(done.error())
                .isEqualTo("a real run would fail this file over its rule's error budget: stopped after line 4 (byte "
                        + "30): 2 of 3 records invalid (66.7 %), over the rule's budget of 10 %; the 1 valid records up "
                        + "to it were imported");
        assertThat(done.report().read()).isEqualTo(3);
        assertThat(done.report().stoppedAt()).isEqualTo(2);
        assertThat(events).last().isInstanceOf(RunEvent.Completed.class);
    }

    @Test
    void aFileValidatedFirstOverItsBudgetIsReadWholeAndFailedWithNothingSent() {
        List<String> file = new ArrayList<>();
        for (int i = 1; i <= 10; i++) {
            file.add("{\"id\":\"A-" + i + "\",\"total\":\"" + (i <= 2 ? "n/a" : i) + "\"}");
        }
        rows.put("orders/a.csv", file);
        work(
                        rules(Map.of("max-invalid-ratio", "0.1", "validate-first", "true")),
                        LiveSchemas.Answer.of(ORDERS),
                        "orders/a.csv")
                .run(RUN, request());

        RunEvent.FileDone done = doneOf("orders/a.csv");
        assertThat(done.status()).isEqualTo(FileStatus.FAILED);
        assertThat(done.error())
                .endsWith("validated before import: 2 of 10 records invalid (20.0 %), over the rule's budget of 10 %; "
                        + "nothing was sent");
        assertThat(done.report().read()).isEqualTo(10);
        assertThat(done.report().stoppedAt()).isNull();
    }

    @Test
    void aFileWithinItsBudgetIsJudgedAsWithout() {
        rows.put("orders/a.csv", List.of("{\"id\":\"A-1\",\"total\":\"1\"}", "{\"id\":\"A-2\",\"total\":\"2\"}"));
        work(rules(Map.of("max-invalid-ratio", "0.1")), LiveSchemas.Answer.of(ORDERS), "orders/a.csv")
                .run(RUN, request());

        assertThat(doneOf("orders/a.csv").status()).isEqualTo(FileStatus.IMPORTED);
        assertThat(doneOf("orders/a.csv").error()).isNull();
    }

    @Test
    void reportsThroughRunEventsOnlyAndEndsComplete() {
        rows.put("orders/a.csv", List.of("{\"id\":\"A-1\",\"total\":\"12\"}"));
        work(LiveSchemas.Answer.of(ORDERS), "orders/a.csv", "other/readme.txt").run(RUN, request());

        assertThat(events)
                .extracting(e -> e.getClass().getSimpleName())
                .containsExactly("Discovered", "FileDone", "FileDone", "Completed");
        RunEvent.FileDone read = (RunEvent.FileDone) events.get(1);
        assertThat(read.status()).isEqualTo(FileStatus.IMPORTED);
        assertThat(read.emitted()).isZero();
        assertThat(read.rule().name()).isEqualTo("orders");
        RunEvent.FileDone unmatched = (RunEvent.FileDone) events.get(2);
        assertThat(unmatched.status()).isEqualTo(FileStatus.SKIPPED);
        assertThat(unmatched.error()).contains("other/readme.txt");
        RunEvent.Completed end = (RunEvent.Completed) events.get(3);
        assertThat(end.status()).isEqualTo(RunStatus.COMPLETE);
        assertThat(end.accepted()).isZero();
    }

    @Test
    void anUnknownObjectIsSaidOncePerFileWithTheCountAndReadOnce() {
        rows.put("orders/a.csv", List.of("{\"id\":\"A\"}", "{\"id\":\"B\"}", "{\"id\":\"C\"}"));
        rows.put("orders/b.csv", List.of("{\"id\":\"D\"}"));
        work(LiveSchemas.Answer.missing(), "orders/a.csv", "orders/b.csv").run(RUN, request());

        FileReport report = reportOf("orders/a.csv");
        assertThat(report.wouldBeAccepted()).isZero();
        assertThat(report.problems()).singleElement().satisfies(p -> {
            assertThat(p.kind()).isEqualTo("unknown-object");
            assertThat(p.count()).isEqualTo(3);
            assertThat(p.examples()).hasSize(1);
        });
        assertThat(reportOf("orders/b.csv").problems().get(0).count()).isEqualTo(1);
    }

    @Test
    void aSchemaThatCannotBeReadFailsTheFileWithoutReadingIt() {
        rows.put("orders/a.csv", List.of("{\"id\":\"A\"}"));
        work(LiveSchemas.Answer.failed("ODP answered HTTP 401"), "orders/a.csv").run(RUN, request());

        RunEvent.FileDone done = (RunEvent.FileDone) events.get(1);
        assertThat(done.status()).isEqualTo(FileStatus.FAILED);
        assertThat(done.error()).isEqualTo("ODP answered HTTP 401");
    }

    @Test
    void aCancelRequestStopsTheDryRunCancelled() {
        rows.put("orders/a.csv", List.of("{\"id\":\"A\"}"));
        cancelled.set(true);
        work(LiveSchemas.Answer.of(ORDERS), "orders/a.csv").run(RUN, request());

        assertThat(events)
                .singleElement()
                .isInstanceOfSatisfying(
                        RunEvent.Completed.class, c -> assertThat(c.status()).isEqualTo(RunStatus.CANCELLED));
    }

    @Test
    void theBoundRefusesADryRunOverMaxConcurrentUntilOneEnds() {
        DryRunSlots slots = new DryRunSlots(1);
        assertThat(slots.tryTake()).isTrue();
        assertThat(slots.tryTake()).isFalse();
        assertThat(slots.running()).isEqualTo(1);
        slots.release();
        assertThat(slots.tryTake()).isTrue();
    }
}
