package io.odpimporter;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.odpimporter.testing.Api;
import io.odpimporter.testing.AzuriteTestResource;
import io.odpimporter.testing.Blobs;
import io.odpimporter.testing.InjectOdpStandIn;
import io.odpimporter.testing.KafkaTestResource;
import io.odpimporter.testing.OdpJournal;
import io.odpimporter.testing.OdpStandInTestResource;
import io.odpimporter.testing.OtherReplica;
import io.odpimporter.testing.Stores;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The scheduled sweep: the cron from configuration starts SCHEDULE runs that import new blobs, and a cron moment
 * another replica already swept is not swept again.
 */
@QuarkusIntegrationTest
@TestProfile(ScheduledSweepIT.EveryTwoSeconds.class)
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = AzuriteTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = OdpStandInTestResource.class, scope = TestResourceScope.GLOBAL)
class ScheduledSweepIT {

    static final String PREFIX = "scheduled/";
    /** The packaged application's log (the test profile's quarkus.log.file.path). */
    static final Path LOG = Path.of("target", "quarkus-test.log");

    /** A cron firing every 2 seconds, in a time zone other than UTC, limited to one prefix. */
    public static class EveryTwoSeconds implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "importer.sweep.cron",
                    "*/2 * * * * ?",
                    "importer.sweep.time-zone",
                    "Europe/Prague",
                    "importer.azure.prefix",
                    PREFIX);
        }
    }

    @InjectOdpStandIn
    WireMockServer odp;

    @Test
    void theCronStartsScheduleRunsThatImportNewBlobs() {
        String tag = Stores.tag("cron");
        Blobs.upload(Blobs.container("offline-stores"), PREFIX + tag + ".json", Stores.json(Stores.make(tag, 0, 4)));

        await().atMost(Duration.ofSeconds(60))
                .until(() -> OdpJournal.accepted(odp, "ocp_quickstart_offline_store_id", tag)
                                .size()
                        == 4);

        List<Map<String, Object>> runs =
                given().get(Api.RUNS).then().statusCode(200).extract().path("$");
        assertThat(runs).anySatisfy(r -> {
            assertThat(r.get("trigger")).isEqualTo("SCHEDULE");
            assertThat(r.get("prefix")).isEqualTo(PREFIX);
        });
        String runWithFile = runs.stream()
                .filter(r -> ((Integer) r.get("files")) == 1)
                .map(r -> (String) r.get("id"))
                .findFirst()
                .orElseThrow();
        assertThat(Api.awaitFinished(runWithFile).<String>path("status")).isEqualTo("COMPLETE");
        assertThat(Api.run(runWithFile).<String>path("trigger")).isEqualTo("SCHEDULE");
    }

    @Test
    void aCronMomentAnotherReplicaAlreadySweptIsNotSweptAgainEvenThoughThatSweepEnded() {
        // the first even second (the cron's moments) at least 6 s ahead: time for the run view to read the runs topic
        Instant now = Instant.now().plusSeconds(7).truncatedTo(ChronoUnit.SECONDS);
        Instant moment = now.getEpochSecond() % 2 == 0 ? now : now.plusSeconds(1);
        String otherRun = "run-" + Stores.tag("other-replica-cron");
        OtherReplica.sweptNothingFor(otherRun, PREFIX, moment);
        await("the other replica's run ended")
                .atMost(Duration.ofSeconds(30))
                .until(() -> "COMPLETE"
                        .equals(given().get(Api.RUNS + "/" + otherRun)
                                .then()
                                .extract()
                                .path("status")));

        // our scheduler fired at the moment and stood down because it was swept (not because a sweep was running)
        String stoodDown =
                "Scheduled sweep for " + moment + " skipped: run " + otherRun + " already swept at that moment";
        await("the service's log: " + stoodDown)
                .atMost(Duration.ofSeconds(60))
                .until(() -> Files.readString(LOG).contains(stoodDown));
        // and it sweeps the moments after it
        await("a scheduled run of ours after " + moment)
                .atMost(Duration.ofSeconds(60))
                .until(() -> scheduledRuns().stream()
                        .anyMatch(r ->
                                Instant.parse((String) r.get("scheduledFor")).isAfter(moment)
                                        && !otherRun.equals(r.get("id"))));
        assertThat(scheduledRuns())
                .filteredOn(r -> moment.equals(Instant.parse((String) r.get("scheduledFor"))))
                .extracting(r -> r.get("id"))
                .containsExactly(otherRun);
    }

    @Test
    void statusShowsTheCronItsTimeZoneAndTheNextSweepWithTheZonesOffset() {
        Instant before = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Map<String, Object> schedule =
                given().get("/status").then().statusCode(200).extract().path("schedule");
        Instant after = Instant.now();
        assertThat(schedule).containsEntry("cron", "*/2 * * * * ?").containsEntry("timeZone", "Europe/Prague");
        OffsetDateTime next = OffsetDateTime.parse((String) schedule.get("nextSweep"));
        assertThat(next.getOffset())
                .isEqualTo(ZoneId.of("Europe/Prague").getRules().getOffset(next.toInstant()));
        // the next even second after the answer was made (the scheduler's trigger, every 2 s)
        assertThat(next.toInstant()).isAfterOrEqualTo(before).isBeforeOrEqualTo(after.plusSeconds(3));
        assertThat(next.getSecond() % 2).isZero();
    }

    private static List<Map<String, Object>> scheduledRuns() {
        List<Map<String, Object>> runs = given().queryParam("trigger", "SCHEDULE")
                .queryParam("limit", 1000)
                .get(Api.RUNS)
                .then()
                .statusCode(200)
                .extract()
                .path("$");
        return runs.stream().filter(r -> r.get("scheduledFor") != null).toList();
    }
}
