package io.odpimporter;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.odpimporter.discovery.SweepScheduler;
import io.odpimporter.testing.Api;
import io.odpimporter.testing.AzuriteTestResource;
import io.odpimporter.testing.Blobs;
import io.odpimporter.testing.InjectOdpStandIn;
import io.odpimporter.testing.KafkaTestResource;
import io.odpimporter.testing.OdpJournal;
import io.odpimporter.testing.OdpStandInTestResource;
import io.odpimporter.testing.Stores;
import io.quarkus.scheduler.Scheduler;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The scheduled sweep: the cron from configuration starts SCHEDULE runs that import new blobs. */
@QuarkusTest
@TestProfile(ScheduledSweepIT.EveryTwoSeconds.class)
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = AzuriteTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = OdpStandInTestResource.class, scope = TestResourceScope.GLOBAL)
class ScheduledSweepIT {

    static final String PREFIX = "scheduled/";

    /** A cron firing every 2 seconds, in a time zone other than UTC, limited to one prefix. */
    public static class EveryTwoSeconds implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("importer.sweep.cron", "*/2 * * * * ?",
                    "importer.sweep.time-zone", "Europe/Prague",
                    "importer.azure.prefix", PREFIX);
        }
    }

    @InjectOdpStandIn
    WireMockServer odp;

    @Inject
    Scheduler scheduler;

    @Test
    void theCronStartsScheduleRunsThatImportNewBlobs() {
        assertThat(scheduler.getScheduledJob(SweepScheduler.JOB)).isNotNull();
        String tag = Stores.tag("cron");
        Blobs.upload(Blobs.container("offline-stores"), PREFIX + tag + ".json", Stores.json(Stores.make(tag, 0, 4)));

        await().atMost(Duration.ofSeconds(60)).until(() -> OdpJournal.accepted(odp, "ocp_quickstart_offline_store_id",
                tag).size() == 4);

        List<Map<String, Object>> runs = given().get(Api.RUNS).then().statusCode(200).extract().path("$");
        assertThat(runs).anySatisfy(r -> {
            assertThat(r.get("trigger")).isEqualTo("SCHEDULE");
            assertThat(r.get("prefix")).isEqualTo(PREFIX);
        });
        String runWithFile = runs.stream().filter(r -> ((Integer) r.get("files")) == 1)
                .map(r -> (String) r.get("id")).findFirst().orElseThrow();
        assertThat(Api.awaitFinished(runWithFile).<String>path("status")).isEqualTo("COMPLETE");
        assertThat(Api.run(runWithFile).<String>path("trigger")).isEqualTo("SCHEDULE");
    }
}
