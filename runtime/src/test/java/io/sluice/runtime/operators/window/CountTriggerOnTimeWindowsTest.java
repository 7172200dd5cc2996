package io.sluice.runtime.operators.window;

import io.sluice.api.StreamEnvironment;
import io.sluice.api.windowing.CountTrigger;
import io.sluice.api.windowing.SlidingEventTimeWindows;
import io.sluice.api.windowing.TimeWindow;
import io.sluice.api.windowing.TumblingEventTimeWindows;
import io.sluice.api.windowing.WindowAssigner;
import io.sluice.runtime.operators.window.WindowTestSupport.Ev;
import io.sluice.runtime.operators.window.WindowTestSupport.Fn;
import io.sluice.runtime.operators.window.WindowTestSupport.StreamShape;
import io.sluice.runtime.operators.window.WindowTestSupport.WindowId;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.LongStream;

import static io.sluice.runtime.operators.window.WindowTestSupport.assertSameFirings;
import static io.sluice.runtime.operators.window.WindowTestSupport.environment;
import static io.sluice.runtime.operators.window.WindowTestSupport.generate;
import static io.sluice.runtime.operators.window.WindowTestSupport.keyedEvents;
import static io.sluice.runtime.operators.window.WindowTestSupport.run;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A count trigger on event-time windows, where a key has several windows open at once: each
 * window counts its own elements (trigger state is scoped to the window), fires every {@code n}
 * of them with everything it holds, is dropped unfired once the watermark passes its end, and at
 * the end of input fires once more if it holds elements not yet emitted. Checked against a
 * brute-force model on random out-of-order input.
 */
class CountTriggerOnTimeWindowsTest {

    static LongStream seeds() {
        return WindowTestSupport.seeds();
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void eachWindowCountsItsOwnElements(long seed) throws Exception {
        Random r = new Random(seed);
        long size = 2 + r.nextInt(60);
        long slide = r.nextBoolean() ? size : 1 + r.nextInt((int) size);
        int n = 1 + r.nextInt(6);
        Fn fn = r.nextBoolean() ? Fn.PROCESS : Fn.REDUCE_WITH_WINDOW;
        StreamShape shape = StreamShape.random(r);
        List<Ev> input = generate(r, shape);
        int parallelism = 1 + (int) (seed % 4);
        String context = "seed " + seed + ": " + (size == slide ? "tumbling " + size + " ms"
                : "sliding " + size + " ms every " + slide + " ms") + ", CountTrigger(" + n + "), " + fn
                + ", parallelism " + parallelism + ", " + shape;

        StreamEnvironment env = environment(r);
        WindowAssigner<Ev, TimeWindow> assigner = size == slide ? TumblingEventTimeWindows.of(Duration.ofMillis(size))
                : SlidingEventTimeWindows.of(Duration.ofMillis(size), Duration.ofMillis(slide));
        Map<WindowId, List<Object>> actual = run(env,
                keyedEvents(env, input).window(assigner).trigger(CountTrigger.of(n)), fn, parallelism, size, null,
                null, context);

        EventTimeOracle.Windows windows = size == slide ? EventTimeOracle.tumbling(size, 0)
                : EventTimeOracle.sliding(size, slide);
        Map<WindowId, List<Object>> expected = new LinkedHashMap<>();
        Map<WindowId, List<Ev>> live = new LinkedHashMap<>();
        Map<WindowId, Boolean> unemitted = new LinkedHashMap<>();
        long watermark = Long.MIN_VALUE;
        for (Ev e : input) {
            if (e.marker()) {
                watermark = Math.max(watermark, e.ts());
                for (Iterator<WindowId> it = live.keySet().iterator(); it.hasNext(); ) {
                    WindowId w = it.next();
                    if (w.end() - 1 <= watermark) {
                        it.remove(); // dropped: a count trigger does not fire on time
                        unemitted.remove(w);
                    }
                }
                continue;
            }
            for (long[] bounds : windows.of(e.ts())) {
                WindowId w = new WindowId(e.key(), bounds[0], bounds[1]);
                if (w.end() - 1 <= watermark) {
                    continue; // late
                }
                List<Ev> contents = live.computeIfAbsent(w, k -> new ArrayList<>());
                contents.add(e);
                if (contents.size() % n == 0) {
                    expected.computeIfAbsent(w, k -> new ArrayList<>()).add(fn.expected(contents));
                    unemitted.put(w, false);
                } else {
                    unemitted.put(w, true);
                }
            }
        }
        live.forEach((w, contents) -> {
            if (unemitted.get(w)) {
                expected.computeIfAbsent(w, k -> new ArrayList<>()).add(fn.expected(contents)); // end of input
            }
        });
        assertThat(expected).as(context + ": the model expects firings").isNotEmpty();
        assertSameFirings(context, expected, actual);
    }
}
