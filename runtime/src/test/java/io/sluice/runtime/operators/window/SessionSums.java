package io.sluice.runtime.operators.window;

import io.sluice.api.functions.ReduceFunction;
import io.sluice.api.graph.OperatorSpec;
import io.sluice.api.serialization.Serializers;
import io.sluice.api.windowing.EventTimeSessionWindows;
import io.sluice.api.windowing.EventTimeTrigger;
import io.sluice.api.windowing.TimeWindow;
import io.sluice.runtime.testing.OperatorHarness;

import java.time.Duration;

/** A session window of {@link #GAP} ms summing {@link Ev}s per key, run in an {@link OperatorHarness}. */
final class SessionSums {

    record Ev(long key, long value) {
    }

    static final long GAP = 10;
    private static final ReduceFunction<Ev> SUM = (a, b) -> new Ev(a.key(), a.value() + b.value());

    private SessionSums() {
    }

    static OperatorHarness<Ev, Ev> open() throws Exception {
        OperatorSpec.KeyedWindow<Long, Ev, TimeWindow> spec = new OperatorSpec.KeyedWindow<>(Ev::key,
                EventTimeSessionWindows.withGap(Duration.ofMillis(GAP)), EventTimeTrigger.create(), 0, null, SUM,
                null, Serializers.of(Ev.class), null, null);
        return OperatorHarness.<Long, Ev, TimeWindow, Ev>forWindow(spec).open();
    }
}
