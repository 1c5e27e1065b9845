package io.odpimporter.pacing;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.odpimporter.domain.StoreRecord;
import io.odpimporter.metrics.PipelineMetrics;
import io.odpimporter.testing.CapturedLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;

import static org.assertj.core.api.Assertions.assertThat;

/** The batch size remembered after a 413, per (ODP host, object type) ({@link BatchSizes}), on a hand-moved clock. */
class BatchSizesTest {

    private static final String HOST = "api.zaius.com";
    private static final String STORES_TYPE = "ocp_quickstart_offline_stores";
    private static final StoreRecord.Target STORES = StoreRecord.Target.objects(STORES_TYPE);
    private static final StoreRecord.Target PRODUCTS = StoreRecord.Target.objects("products");
    private static final StoreRecord.Target EVENTS = StoreRecord.Target.events();
    private static final Duration REGROW = Duration.ofMinutes(5);

    private final AtomicLong nanos = new AtomicLong(42_000_000_000L);
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final BatchSizes sizes = new BatchSizes(100, REGROW, nanos::get, new PipelineMetrics(registry));
    private final BatchSizes.Host odp = sizes.host(HOST);

    @RegisterExtension
    final CapturedLog logged = CapturedLog.of(BatchSizes.class);

    private void advance(Duration step) {
        nanos.addAndGet(step.toNanos());
    }

    private List<String> infoLines() {
        return logged.messages(Level.INFO);
    }

    @Test
    void batchesHoldBatchSizeUntilA413() {
        assertThat(odp.current(STORES)).isEqualTo(100);
        odp.accepted(STORES, 100);

        assertThat(odp.current(STORES)).isEqualTo(100);
        assertThat(odp.limits()).containsEntry(STORES_TYPE, new BatchSizes.Limit(100, null));
    }

    @Test
    void remembersTheSizeThatWorked() {
        odp.refused(STORES, 100);
        assertThat(odp.current(STORES)).as("the half the split sends first").isEqualTo(50);

        odp.accepted(STORES, 50);
        assertThat(odp.current(STORES)).isEqualTo(50);
        odp.accepted(STORES, 80);
        assertThat(odp.current(STORES))
                .as("the largest size accepted since the 413")
                .isEqualTo(80);
        odp.accepted(STORES, 100);
        assertThat(odp.current(STORES))
                .as("a size as large as the refused one was luck (smaller records), not a size that works")
                .isEqualTo(80);
        assertThat(infoLines())
                .containsExactly("ODP refused a batch of 100 records with 413; batches of " + STORES_TYPE
                        + " now hold at most 50 records, growing back every 5m");
    }

    @Test
    void aBatchBuiltBeforeTheSizeFellTellsNothingNew() {
        odp.refused(STORES, 100);
        odp.accepted(STORES, 50);

        odp.refused(STORES, 100); // it was in flight when the first 413 came

        assertThat(odp.current(STORES)).isEqualTo(50);
        assertThat(infoLines()).hasSize(1);
    }

    @Test
    void shrinksFurtherOnA413AtTheRememberedSize() {
        odp.refused(STORES, 100);
        odp.accepted(STORES, 50);

        odp.refused(STORES, 50);

        assertThat(odp.current(STORES)).isEqualTo(25);
        odp.accepted(STORES, 60);
        assertThat(odp.current(STORES)).as("60 is above the last refused size").isEqualTo(25);
        odp.accepted(STORES, 30);
        assertThat(odp.current(STORES)).isEqualTo(30);
        assertThat(infoLines()).last().asString().contains("now hold at most 25 records");
    }

    @Test
    void aSingleRecordRefusedIsNoSizeToGoBy() {
        odp.refused(STORES, 1);

        assertThat(odp.current(STORES)).isEqualTo(100);
        assertThat(infoLines()).isEmpty();
    }

    @Test
    void growsBackOnTheTimerToBatchSize() {
        odp.refused(STORES, 30);
        assertThat(odp.current(STORES)).isEqualTo(15);
        assertThat(odp.limits()).containsEntry(STORES_TYPE, new BatchSizes.Limit(15, REGROW));

        advance(REGROW.minusNanos(1));
        assertThat(odp.current(STORES)).isEqualTo(15);
        assertThat(odp.limits().get(STORES_TYPE).regrowsIn()).isEqualTo(Duration.ofSeconds(1));
        advance(Duration.ofNanos(1));
        assertThat(odp.current(STORES)).isEqualTo(30);
        advance(REGROW);
        assertThat(odp.current(STORES)).isEqualTo(60);
        assertThat(infoLines()).hasSize(1);

        advance(REGROW.multipliedBy(7)); // read after a quiet while: every interval counts, capped at batch-size

        assertThat(odp.current(STORES)).isEqualTo(100);
        assertThat(odp.limits()).containsEntry(STORES_TYPE, new BatchSizes.Limit(100, null));
        assertThat(infoLines())
                .last()
                .isEqualTo("Batches of " + STORES_TYPE + " hold 100 records again " + "(importer.sink.batch-size)");
    }

    @Test
    void aGrownSizeRefusedAgainIsLoweredAgain() {
        odp.refused(STORES, 100);
        odp.accepted(STORES, 50);
        advance(REGROW);
        assertThat(odp.current(STORES)).isEqualTo(100);

        odp.refused(STORES, 100);

        assertThat(odp.current(STORES)).isEqualTo(50);
        advance(REGROW.minusSeconds(1));
        assertThat(odp.current(STORES))
                .as("the interval runs from the last 413")
                .isEqualTo(50);
    }

    @Test
    void eachObjectTypeAndHostHasItsOwnSize() {
        BatchSizes.Host other = sizes.host("api.eu1.odp.optimizely.com");
        odp.current(PRODUCTS);

        odp.refused(STORES, 100);

        assertThat(odp.current(STORES)).isEqualTo(50);
        assertThat(odp.current(PRODUCTS)).isEqualTo(100);
        assertThat(other.current(STORES)).isEqualTo(100);
        assertThat(odp.limits()).containsOnlyKeys(STORES_TYPE, "products");
    }

    @Test
    void eachSizeIsAGaugeTaggedWithHostAndObjectType() {
        odp.current(STORES);
        odp.current(PRODUCTS);
        odp.refused(STORES, 100);

        Gauge stores = registry.find("odp.importer.sink.batch.limit")
                .tag("host", HOST)
                .tag("object_type", STORES_TYPE)
                .gauge();
        Gauge products = registry.find("odp.importer.sink.batch.limit")
                .tag("object_type", "products")
                .gauge();
        assertThat(stores.value()).isEqualTo(50);
        assertThat(products.value()).isEqualTo(100);
        advance(REGROW);
        assertThat(stores.value()).as("grown back when read").isEqualTo(100);
    }

    @Test
    void eventsHaveTheirOwnSizeNamedEvents() {
        odp.current(STORES);
        odp.refused(EVENTS, 100);

        assertThat(odp.current(EVENTS)).isEqualTo(50);
        assertThat(odp.current(STORES))
                .as("a 413 to events leaves objects alone")
                .isEqualTo(100);
        assertThat(odp.limits()).containsEntry("events", new BatchSizes.Limit(50, REGROW));
        Gauge events = registry.find("odp.importer.sink.batch.limit")
                .tag("host", HOST)
                .tag("object_type", "events")
                .gauge();
        assertThat(events.value()).isEqualTo(50);
    }
}
