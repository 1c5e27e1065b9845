package io.odpimporter.sink;

import io.odpimporter.domain.RunEvent;
import io.odpimporter.metrics.PipelineMetrics;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A 413 is remembered (docs/architecture.md §4.5): the sink builds the next batches of the object type at the size
 * ODP took ({@link io.odpimporter.pacing.BatchSizes} through {@link SinkBuffer} and {@link Delivery}), the fake
 * ODP's answers given by the test.
 */
class BatchSizeMemoryTest {

    private static final String TOO_LARGE = "{\"title\":\"Payload Too Large\",\"status\":413}";

    /** Batches of 4, 1 in flight, room for 100 records. */
    private final SinkHarness sink = new SinkHarness(4, 1, 100, 0);

    @Test
    void theNextBatchesAreBuiltAtTheSizeThatWorked() {
        sink.poll(0, 0, "a", "b", "c", "d");
        sink.odp.theOpenOne().answer(413, TOO_LARGE);
        sink.odp.theOpenOne().accept();
        sink.odp.theOpenOne().accept();
        assertThat(sink.batchSizes.current(SinkHarness.STORES)).isEqualTo(2);

        sink.poll(0, 4, "e", "f", "g", "h", "i");
        sink.linger();
        List<List<String>> sent = acceptAll();

        assertThat(sent).containsExactly(List.of("e", "f"), List.of("g", "h"), List.of("i"));
        assertThat(sink.writes.indices(RunEvent.Type.ACCEPTED)).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L);
    }

    @Test
    void aBatchBuiltBeforeThe413IsSentInPartsOfTheRememberedSize() {
        sink.poll(0, 0, "a", "b", "c", "d", "e", "f", "g", "h");
        assertThat(sink.odp.theOpenOne().ids()).containsExactly("a", "b", "c", "d");

        sink.odp.theOpenOne().answer(413, TOO_LARGE);
        List<List<String>> sent = acceptAll();

        // the parts of the refused batch and of the next one share the permits: any order, each at the new size
        assertThat(sent)
                .containsExactlyInAnyOrder(List.of("a", "b"), List.of("c", "d"), List.of("e", "f"), List.of("g", "h"));
        assertThat(sent.indexOf(List.of("a", "b"))).isLessThan(sent.indexOf(List.of("c", "d")));
        assertThat(sink.odpRequests("4xx")).isEqualTo(1);
        assertThat(sink.acked()).containsExactly("0@7");
    }

    /**
     * ODP (or a proxy) takes at most 60 records per request; batches of 100, 2 in flight, 2,000 records. Before
     * batch sizes were remembered, every batch of 100 was refused and halved: 20 refused for 40 accepted.
     */
    @Test
    void afterOne413NearlyAllRequestsAreAccepted() {
        SinkHarness wide = new SinkHarness(100, 2, 1000, 0);
        int total = 2000;
        int next = 0;
        while (next < total || !wide.odp.open().isEmpty()) {
            if (next < total && wide.buffer.held() < 1000) {
                List<String> keys = new ArrayList<>();
                for (int i = 0; i < 100; i++) {
                    keys.add("k" + (next + i));
                }
                wide.poll(next / 100 % 3, next, keys.toArray(String[]::new));
                next += 100;
            } else if (!wide.odp.open().isEmpty()) {
                FakeOdp.Request request = wide.odp.open().get(0);
                if (request.ids().size() > 60) {
                    request.answer(413, TOO_LARGE);
                } else {
                    request.accept();
                }
            } else {
                wide.linger();
            }
        }

        assertThat(wide.odpRequests("4xx"))
                .as("the two batches in flight when the first 413 came")
                .isEqualTo(2);
        assertThat(wide.odpRequests("2xx")).isEqualTo(40);
        assertThat(wide.registry.find("odp.importer.records.accepted").counter().count())
                .isEqualTo(total);
        assertThat(wide.writes.deadLetters()).isEmpty();
    }

    @Test
    void shrinksFurtherOnA413AtTheRememberedSize() {
        sink.poll(0, 0, "a", "b", "c", "d");
        sink.odp.theOpenOne().answer(413, TOO_LARGE);
        acceptAll();
        sink.poll(0, 4, "e", "f");

        sink.odp.theOpenOne().answer(413, TOO_LARGE);

        assertThat(sink.batchSizes.current(SinkHarness.STORES)).isEqualTo(1);
        assertThat(acceptAll()).containsExactly(List.of("e"), List.of("f"));
    }

    @Test
    void aPartOfASplitRefusedAgainDoesNotLowerTheSize() {
        sink.poll(0, 0, "a", "b", "c", "d");
        sink.odp.theOpenOne().answer(413, TOO_LARGE); // a is too large for any batch
        sink.odp.theOpenOne().answer(413, TOO_LARGE); // [a, b]
        sink.odp.theOpenOne().answer(413, TOO_LARGE); // [a]: a configuration fault, retried

        assertThat(sink.odp.theOpenOne().ids()).containsExactly("a");
        assertThat(sink.batchSizes.current(SinkHarness.STORES)).isEqualTo(2);
    }

    @Test
    void growsBackOnTheTimerToBatchSize() {
        sink.poll(0, 0, "a", "b", "c", "d");
        sink.odp.theOpenOne().answer(413, TOO_LARGE);
        acceptAll();

        sink.runtime.advance(SinkHarness.REGROW);
        sink.poll(0, 4, "e", "f", "g", "h");

        assertThat(sink.odp.theOpenOne().ids()).containsExactly("e", "f", "g", "h");
        assertThat(sink.batchSizes.current(SinkHarness.STORES)).isEqualTo(4);
    }

    @Test
    void anotherObjectTypeKeepsItsSize() {
        sink.poll(0, 0, "a", "b", "c", "d");
        sink.odp.theOpenOne().answer(413, TOO_LARGE);
        acceptAll();

        PolledPartition part = sink.commits.polled(1, null);
        List<Pending> products = new ArrayList<>();
        for (String key : List.of("p", "q", "r", "s")) {
            products.add(SinkHarness.pending(key, "products", products.size(), 1, part));
        }
        sink.add(part, products);

        assertThat(sink.odp.theOpenOne().objectType()).isEqualTo("products");
        assertThat(sink.odp.theOpenOne().ids()).containsExactly("p", "q", "r", "s");
        assertThat(sink.batchSizes.current(SinkHarness.STORES)).isEqualTo(2);
    }

    @Test
    void aSingleRecordRefusedWith413StaysARetriedConfigurationFault() {
        sink.poll(0, 0, "a");
        sink.linger();

        sink.odp.theOpenOne().answer(413, TOO_LARGE);

        assertThat(sink.odp.theOpenOne().ids()).as("retried").containsExactly("a");
        assertThat(sink.state.state()).isEqualTo(PipelineMetrics.SinkState.PAUSED);
        assertThat(sink.writes.deadLetters()).isEmpty();
        assertThat(sink.batchSizes.current(SinkHarness.STORES))
                .as("one record is no size to go by")
                .isEqualTo(4);
    }

    /**
     * Accepts every open request, oldest first, until none is open.
     *
     * @return the ids of each request accepted, in order
     */
    /** Accepts every request, oldest first, letting time pass for the ones waiting for a start slot (§4.7). */
    private List<List<String>> acceptAll() {
        List<List<String>> sent = new ArrayList<>();
        while (true) {
            if (sink.odp.open().isEmpty()) {
                sink.runtime.advance(Duration.ofSeconds(1));
                if (sink.odp.open().isEmpty()) {
                    return sent;
                }
            }
            FakeOdp.Request request = sink.odp.open().get(0);
            sent.add(request.ids());
            request.accept();
        }
    }
}
