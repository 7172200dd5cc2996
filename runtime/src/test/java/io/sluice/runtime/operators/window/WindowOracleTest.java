package io.sluice.runtime.operators.window;

import io.sluice.api.StreamEnvironment;
import io.sluice.api.windowing.SlidingEventTimeWindows;
import io.sluice.api.windowing.TimeWindow;
import io.sluice.api.windowing.TumblingEventTimeWindows;
import io.sluice.api.windowing.WindowAssigner;
import io.sluice.runtime.operators.window.EventTimeOracle.Expected;
import io.sluice.runtime.operators.window.WindowTestSupport.Ev;
import io.sluice.runtime.operators.window.WindowTestSupport.Fn;
import io.sluice.runtime.operators.window.WindowTestSupport.StreamShape;
import io.sluice.runtime.operators.window.WindowTestSupport.WindowId;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.ArrayList;
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
 * Tumbling and sliding event-time windows, run as real jobs over random out-of-order streams and
 * compared with {@link EventTimeOracle}: every window fires exactly the expected results, in order,
 * once the watermark passes it or at the end of input; events behind the watermark are dropped.
 * The window runs with parallelism {@code 1 + seed % 4}.
 */
class WindowOracleTest {

    static LongStream seeds() {
        return WindowTestSupport.seeds();
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void tumblingReduceSumsEveryWindowExactlyOnce(long seed) throws Exception {
        Random r = new Random(seed);
        long size = 1 + r.nextInt(50);
        checkFixedWindows(seed, r, size, size, 0, r.nextBoolean() ? Fn.REDUCE : Fn.REDUCE_WITH_WINDOW);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void tumblingAggregateCountsAndAveragesEveryWindowExactlyOnce(long seed) throws Exception {
        Random r = new Random(seed);
        long size = 1 + r.nextInt(50);
        checkFixedWindows(seed, r, size, size, 0, r.nextBoolean() ? Fn.AGGREGATE : Fn.AGGREGATE_WITH_WINDOW);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void tumblingProcessSeesEveryElementOfItsWindowInArrivalOrder(long seed) throws Exception {
        Random r = new Random(seed);
        long size = 1 + r.nextInt(50);
        long offset = r.nextBoolean() ? 0 : r.nextLong(size) - size / 2;
        checkFixedWindows(seed, r, size, size, offset, Fn.PROCESS);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void slidingWindowsFireEveryWindowOfEveryElement(long seed) throws Exception {
        Random r = new Random(seed);
        long slide = 1 + r.nextInt(20);
        long size = switch (r.nextInt(3)) {
            case 0 -> slide * (1 + r.nextInt(5)); // each element in size/slide windows
            case 1 -> slide + 1 + r.nextLong(4 * slide); // size not a multiple of the slide
            default -> 1 + r.nextLong(slide); // size up to the slide: some elements in no window
        };
        Fn fn = Fn.values()[(int) (seed % Fn.values().length)];
        checkFixedWindows(seed, r, size, slide, 0, fn);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void everyWindowFiresAtTheEndOfInputWhenTheWatermarksStop(long seed) throws Exception {
        Random r = new Random(seed);
        StreamShape shape = StreamShape.random(r);
        List<Ev> generated = generate(r, shape);
        int stop = r.nextInt(3) == 0 ? 0 : r.nextInt(generated.size());
        List<Ev> input = new ArrayList<>(generated.subList(0, stop));
        generated.subList(stop, generated.size()).stream().filter(e -> !e.marker()).forEach(input::add);
        long size = 1 + r.nextInt(100);
        int parallelism = 1 + (int) (seed % 4);
        String context = "seed " + seed + ": tumbling " + size + " ms, watermarks stop after element " + stop
                + " of " + generated.size() + ", parallelism " + parallelism + ", " + shape;

        StreamEnvironment env = environment(r);
        Map<WindowId, List<Object>> actual = run(env,
                keyedEvents(env, input).window(TumblingEventTimeWindows.of(Duration.ofMillis(size))),
                Fn.PROCESS, parallelism, size, null, null, context);

        Expected expected = EventTimeOracle.fixed(input, EventTimeOracle.tumbling(size, 0), 0);
        assertSameFirings(context, expected.results(Fn.PROCESS::expected), actual);
        int lateCount = expected.late().size();
        int inWindows = 0;
        for (List<List<Ev>> firings : expected.firings().values()) {
            inWindows += firings.get(firings.size() - 1).size();
        }
        assertThat(inWindows + lateCount).as(context + ": every event is in a window or late")
                .isEqualTo(WindowTestSupport.eventsOf(input).size());
    }

    /**
     * Thousands of keys per window slice and watermarks ten thousand events apart: the heap folds
     * on both sides of the keyBy hold more than {@link SliceFolds#DRAIN_AT_NEW_SLICE} partials when
     * the next slice begins, so they are drained then, between watermarks, as well as at them.
     */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("fewSeeds")
    void manyKeysPerSliceAreDrainedBetweenWatermarksWithoutChangingAResult(long seed) throws Exception {
        Random r = new Random(seed);
        StreamShape shape = new StreamShape(80_000, 8_000, 0, 0, 1, 40, 30, 2, 10, 40_000);
        long slide = 2_000;
        long size = seed % 2 == 0 ? slide : 2 * slide;
        checkFixedWindows(seed, r, shape, size, slide, 0, seed % 3 == 0 ? Fn.AGGREGATE : Fn.REDUCE);
    }

    static LongStream fewSeeds() {
        return LongStream.range(0, 4);
    }

    private static void checkFixedWindows(long seed, Random r, long size, long slide, long offset, Fn fn)
            throws Exception {
        checkFixedWindows(seed, r, StreamShape.random(r), size, slide, offset, fn);
    }

    private static void checkFixedWindows(long seed, Random r, StreamShape shape, long size, long slide, long offset,
                                          Fn fn) throws Exception {
        List<Ev> input = generate(r, shape);
        int parallelism = 1 + (int) (seed % 4);
        boolean tumbling = size == slide;
        String context = "seed " + seed + ": " + (tumbling ? "tumbling " + size + " ms offset " + offset
                : "sliding " + size + " ms every " + slide + " ms") + ", " + fn + ", parallelism " + parallelism
                + ", " + shape;

        StreamEnvironment env = environment(r);
        WindowAssigner<Ev, TimeWindow> assigner = tumbling
                ? TumblingEventTimeWindows.of(Duration.ofMillis(size), Duration.ofMillis(offset))
                : SlidingEventTimeWindows.of(Duration.ofMillis(size), Duration.ofMillis(slide));
        Map<WindowId, List<Object>> actual = run(env, keyedEvents(env, input).window(assigner), fn, parallelism,
                size, null, null, context);

        Expected expected = EventTimeOracle.fixed(input,
                tumbling ? EventTimeOracle.tumbling(size, offset) : EventTimeOracle.sliding(size, slide), 0);
        assertThat(expected.firingCount()).as(context + ": the oracle expects firings").isPositive();
        assertSameFirings(context, expected.results(fn::expected), actual);
    }
}
