package io.sluice.runtime.operators.window;

import io.sluice.api.functions.ReduceFunction;
import io.sluice.api.graph.OperatorSpec;
import io.sluice.api.serialization.Serializers;
import io.sluice.api.windowing.EventTimeTrigger;
import io.sluice.api.windowing.TimeWindow;
import io.sluice.api.windowing.TumblingEventTimeWindows;
import io.sluice.runtime.testing.OperatorHarness;
import io.sluice.state.KeyGroups;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The receiving side of a two-stage window aggregation: partials folded into slices beside records. */
class WindowPartialTest {

    record Ev(long key, long value) {
    }

    private static final ReduceFunction<Ev> SUM = (a, b) -> new Ev(a.key(), a.value() + b.value());

    private static OperatorHarness<Ev, Ev> window() throws Exception {
        OperatorSpec.KeyedWindow<Long, Ev, TimeWindow> spec = new OperatorSpec.KeyedWindow<>(Ev::key,
                TumblingEventTimeWindows.of(Duration.ofMillis(100)), EventTimeTrigger.create(), 0, null, SUM, null,
                Serializers.of(Ev.class), null, null);
        return OperatorHarness.<Long, Ev, TimeWindow, Ev>forWindow(spec).open();
    }

    /** Sends the window a partial as a combiner would: on the ring where its records go. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void partial(OperatorHarness<Ev, Ev> h, long key, long sum, int records, long timestamp)
            throws Exception {
        ((OperatorHarness) h).processElement(
                new WindowPartial(key, KeyGroups.keyGroupFor(key, 128), new Ev(key, sum), records), timestamp);
    }

    @Test
    void aPartialIsFoldedIntoItsKeysSliceWithTheRecords() throws Exception {
        try (OperatorHarness<Ev, Ev> h = window()) {
            h.processElement(new Ev(1, 5), 5);
            partial(h, 1, 10, 3, 50);
            partial(h, 2, 7, 2, 60);
            h.processElement(new Ev(2, 1), 70);
            partial(h, 1, 100, 4, 150);
            h.processWatermark(199);

            assertThat(h.output()).containsExactlyInAnyOrder(new Ev(1, 15), new Ev(2, 8), new Ev(1, 100));
            assertThat(h.recordsDropped()).isZero();
        }
    }

    @Test
    void aLatePartialCountsEachOfItsRecordsAsDropped() throws Exception {
        try (OperatorHarness<Ev, Ev> h = window()) {
            h.processElement(new Ev(1, 5), 5);
            h.processWatermark(99);
            partial(h, 1, 10, 3, 50);
            h.processElement(new Ev(1, 1), 60);

            assertThat(h.output()).containsExactly(new Ev(1, 5));
            assertThat(h.recordsDropped()).isEqualTo(4);
        }
    }
}
