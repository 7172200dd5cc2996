package io.sluice.runtime.operators.window;

import io.sluice.api.OutputTag;
import io.sluice.api.StreamEnvironment;
import io.sluice.api.WindowedStream;
import io.sluice.api.functions.DeltaFunction;
import io.sluice.api.windowing.CountEvictor;
import io.sluice.api.windowing.DeltaEvictor;
import io.sluice.api.windowing.EventTimeSessionWindows;
import io.sluice.api.windowing.Evictor;
import io.sluice.api.windowing.GlobalWindow;
import io.sluice.api.windowing.SlidingEventTimeWindows;
import io.sluice.api.windowing.TimeEvictor;
import io.sluice.api.windowing.TimeWindow;
import io.sluice.api.windowing.TumblingEventTimeWindows;
import io.sluice.api.windowing.WindowAssigner;
import io.sluice.runtime.operators.window.EventTimeOracle.Expected;
import io.sluice.runtime.operators.window.EventTimeOracle.Firing;
import io.sluice.runtime.operators.window.WindowTestSupport.Ev;
import io.sluice.runtime.operators.window.WindowTestSupport.Fn;
import io.sluice.runtime.operators.window.WindowTestSupport.StreamShape;
import io.sluice.runtime.operators.window.WindowTestSupport.WindowId;
import io.sluice.runtime.testing.CollectSink;
import io.sluice.runtime.testing.OperatorHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.LongStream;

import static io.sluice.runtime.operators.window.WindowTestSupport.assertSameFirings;
import static io.sluice.runtime.operators.window.WindowTestSupport.assertSameLateEvents;
import static io.sluice.runtime.operators.window.WindowTestSupport.environment;
import static io.sluice.runtime.operators.window.WindowTestSupport.eventsOf;
import static io.sluice.runtime.operators.window.WindowTestSupport.generate;
import static io.sluice.runtime.operators.window.WindowTestSupport.keyedEvents;
import static io.sluice.runtime.operators.window.WindowTestSupport.keyedEventsWithoutTime;
import static io.sluice.runtime.operators.window.WindowTestSupport.run;
import static io.sluice.runtime.operators.window.WindowTestSupport.sortingLists;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Evicting windows against brute-force models: {@code countWindow(size, slide)} (a count trigger
 * and a count evictor on the global window), and event-time tumbling and sliding windows with a
 * count, time or delta evictor evicting before or after the function, with allowed lateness and
 * late data, on random out-of-order input. Each evictor is modelled here from Flink's definition,
 * independently of the code under test. The window runs with parallelism {@code 1 + seed % 4}.
 */
class EvictorOracleTest {

    private static final OutputTag<Ev> LATE = new OutputTag<>("late") {
    };

    static LongStream seeds() {
        return WindowTestSupport.seeds();
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void slidingCountWindowFiresTheLastSizeElementsEverySlideElements(long seed) throws Exception {
        Random r = new Random(seed);
        long size = 1 + r.nextInt(r.nextBoolean() ? 5 : 40);
        long slide = 1 + r.nextInt(r.nextBoolean() ? 5 : 40);
        Fn fn = new Fn[] {Fn.PROCESS, Fn.REDUCE_WITH_WINDOW, Fn.AGGREGATE_WITH_WINDOW}[r.nextInt(3)];
        StreamShape shape = StreamShape.random(r);
        List<Ev> input = generate(r, shape);
        int parallelism = 1 + (int) (seed % 4);
        String context = "seed " + seed + ": countWindow(" + size + ", " + slide + "), " + fn + ", parallelism "
                + parallelism + ", " + shape;

        StreamEnvironment env = environment(r);
        WindowedStream<Ev, Integer, GlobalWindow> windowed = keyedEventsWithoutTime(env, input).countWindow(size, slide);
        Map<WindowId, List<Object>> actual = run(env, windowed, fn, parallelism, 0, null, null, context);

        Map<Integer, List<Ev>> byKey = new LinkedHashMap<>();
        for (Ev e : eventsOf(input)) {
            byKey.computeIfAbsent(e.key(), k -> new ArrayList<>()).add(e);
        }
        Map<WindowId, List<Object>> expected = new TreeMap<>();
        byKey.forEach((key, events) -> {
            List<Object> firings = new ArrayList<>();
            for (int count = 1; count <= events.size(); count++) {
                if (count % slide == 0 || count == events.size()) {
                    firings.add(fn.expected(events.subList((int) Math.max(0, count - size), count)));
                }
            }
            expected.put(new WindowId(key, Long.MIN_VALUE, Long.MAX_VALUE), firings);
        });
        assertSameFirings(context, expected, actual);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void eventTimeWindowsWithAnEvictorFireWhatTheEvictorLeavesAndKeepIt(long seed) throws Exception {
        Random r = new Random(seed);
        long size = 1 + r.nextInt(40);
        long slide = r.nextBoolean() ? size : 1 + r.nextInt((int) size);
        long lateness = r.nextBoolean() ? 0 : 1 + r.nextInt(60);
        Fn fn = Fn.values()[(int) (seed % Fn.values().length)];
        boolean after = r.nextBoolean();
        EvictorModel model = EvictorModel.random(r, size, after);
        StreamShape shape = StreamShape.random(r);
        List<Ev> input = generate(r, shape);
        int parallelism = 1 + (int) (seed % 4);
        String context = "seed " + seed + ": " + (size == slide ? "tumbling " + size + " ms"
                : "sliding " + size + " ms every " + slide + " ms") + ", allowed lateness " + lateness + " ms, "
                + model + ", " + fn + ", parallelism " + parallelism + ", " + shape;

        StreamEnvironment env = environment(r);
        WindowAssigner<Ev, TimeWindow> assigner = size == slide ? TumblingEventTimeWindows.of(Duration.ofMillis(size))
                : SlidingEventTimeWindows.of(Duration.ofMillis(size), Duration.ofMillis(slide));
        WindowedStream<Ev, Integer, TimeWindow> windowed = keyedEvents(env, input).window(assigner)
                .allowedLateness(Duration.ofMillis(lateness))
                .sideOutputLateData(LATE)
                .evictor(model.evictor());
        CollectSink<Ev> lateSink = new CollectSink<>();
        Map<WindowId, List<Object>> actual = run(env, windowed, fn, parallelism, size, LATE, lateSink, context);

        Expected expected = EventTimeOracle.fixed(input,
                size == slide ? EventTimeOracle.tumbling(size, 0) : EventTimeOracle.sliding(size, slide), lateness,
                model);
        assertThat(expected.firingCount()).as(context + ": the oracle expects firings").isPositive();
        assertSameFirings(context, expected.results(fn::expected), actual);
        assertSameLateEvents(context, expected.late(), lateSink);
    }

    /**
     * Sessions with a time evictor (which does not depend on the order of a merged session's
     * elements): what the evictor removed stays removed when sessions merge later, and elements and
     * their timestamps stay paired through merges.
     */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void sessionsWithATimeEvictorMergeWhatTheEvictorLeft(long seed) throws Exception {
        Random r = new Random(seed);
        long gap = 1 + r.nextInt(WindowTestSupport.pick(r, 5, 15, 40));
        long lateness = r.nextBoolean() ? 0 : 1 + r.nextInt(3 * (int) gap + 20);
        EvictorModel model = new EvictorModel("time", 1 + r.nextLong(3 * gap), r.nextBoolean());
        Fn fn = new Fn[] {Fn.PROCESS, Fn.REDUCE_WITH_WINDOW, Fn.AGGREGATE_WITH_WINDOW}[(int) (seed % 3)];
        StreamShape shape = StreamShape.random(r);
        List<Ev> input = generate(r, shape);
        int parallelism = 1 + (int) (seed % 4);
        String context = "seed " + seed + ": sessions gap " + gap + " ms, allowed lateness " + lateness + " ms, "
                + model + ", " + fn + ", parallelism " + parallelism + ", " + shape;

        StreamEnvironment env = environment(r);
        WindowedStream<Ev, Integer, TimeWindow> windowed = keyedEvents(env, input)
                .window(EventTimeSessionWindows.<Ev>withGap(Duration.ofMillis(gap)))
                .allowedLateness(Duration.ofMillis(lateness))
                .sideOutputLateData(LATE)
                .evictor(model.evictor());
        CollectSink<Ev> lateSink = new CollectSink<>();
        Map<WindowId, List<Object>> actual = run(env, windowed, fn, parallelism, 0, LATE, lateSink, context);

        Expected expected = EventTimeOracle.sessions(input, gap, lateness, model);
        assertThat(expected.firingCount()).as(context + ": the oracle expects firings").isPositive();
        assertSameFirings(context, sortingLists(expected.results(fn::expected)), sortingLists(actual));
        assertSameLateEvents(context, expected.late(), lateSink);
    }

    /** A sliding count window in the harness: the last 3 elements every 2, and the rest at the end. */
    @Test
    void aSlidingCountWindowKeepsOnlyWhatItsEvictorLeaves() throws Exception {
        OperatorHarness<Ev, Ev> harness = OperatorHarness.<Integer, Ev>forCountWindow(Ev::key, 3, 2)
                .reduce(new WindowTestSupport.SumReduce())
                .open();
        for (int i = 1; i <= 7; i++) {
            harness.processElement(Ev.event(0, i, i, i));
        }
        long held = harness.numKeyedStateEntries();
        harness.endInput();
        assertThat(harness.output()).extracting(Ev::value).containsExactly(1L + 2, 2L + 3 + 4, 4L + 5 + 6, 5L + 6 + 7);
        assertThat(held).as("elements, timestamps, trigger count and dirty flag of one window").isEqualTo(4);
        harness.close();
    }

    /** The difference of two events' values, for the delta evictor. */
    static final class ValueDelta implements DeltaFunction<Ev> {
        @Override
        public double getDelta(Ev oldDataPoint, Ev newDataPoint) {
            return Math.abs(oldDataPoint.value() - newDataPoint.value());
        }
    }

    /** An evictor and its model: what a firing sees and what stays in the window. */
    private record EvictorModel(String kind, long parameter, boolean after) implements Firing {

        static EvictorModel random(Random r, long windowSize, boolean after) {
            return switch (r.nextInt(3)) {
                case 0 -> new EvictorModel("count", 1 + r.nextInt(8), after);
                case 1 -> new EvictorModel("time", 1 + r.nextLong(windowSize), after); // 0 would evict everything
                default -> new EvictorModel("delta", 50 + r.nextInt(1500), after);
            };
        }

        Evictor<? super Ev, ? super TimeWindow> evictor() {
            return switch (kind) {
                case "count" -> CountEvictor.of(parameter, after);
                case "time" -> TimeEvictor.of(Duration.ofMillis(parameter), after);
                default -> DeltaEvictor.of(parameter, new ValueDelta(), after);
            };
        }

        @Override
        public List<Ev> fire(List<Ev> contents) {
            if (!after) {
                evict(contents);
            }
            List<Ev> seen = List.copyOf(contents);
            if (after) {
                evict(contents);
            }
            return seen;
        }

        /** Flink's definitions, written out. */
        private void evict(List<Ev> contents) {
            switch (kind) {
                case "count" -> {
                    while (contents.size() > parameter) {
                        contents.remove(0);
                    }
                }
                case "time" -> {
                    long max = contents.stream().mapToLong(Ev::ts).max().orElseThrow();
                    contents.removeIf(e -> e.ts() <= max - parameter);
                }
                default -> {
                    Ev last = contents.get(contents.size() - 1);
                    contents.removeIf(e -> Math.abs(e.value() - last.value()) >= parameter);
                }
            }
        }

        @Override
        public String toString() {
            return kind + " evictor (" + parameter + ", " + (after ? "after" : "before") + ")";
        }
    }
}
