package io.sluice.runtime.operators.window;

import io.sluice.api.DataStream;
import io.sluice.api.OutputTag;
import io.sluice.api.StreamEnvironment;
import io.sluice.api.functions.Collector;
import io.sluice.api.functions.ProcessWindowFunction;
import io.sluice.api.serialization.Serializers;
import io.sluice.api.state.ValueState;
import io.sluice.api.state.ValueStateDescriptor;
import io.sluice.api.windowing.EventTimeSessionWindows;
import io.sluice.api.windowing.SlidingEventTimeWindows;
import io.sluice.api.windowing.TimeWindow;
import io.sluice.api.windowing.TumblingEventTimeWindows;
import io.sluice.api.windowing.WindowAssigner;
import io.sluice.runtime.operators.window.EventTimeOracle.Expected;
import io.sluice.runtime.operators.window.WindowTestSupport.Emission;
import io.sluice.runtime.operators.window.WindowTestSupport.Ev;
import io.sluice.runtime.operators.window.WindowTestSupport.StreamShape;
import io.sluice.runtime.operators.window.WindowTestSupport.WindowId;
import io.sluice.runtime.testing.CollectSink;
import io.sluice.runtime.testing.OperatorHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.LongStream;

import static io.sluice.runtime.operators.window.WindowTestSupport.assertSameFirings;
import static io.sluice.runtime.operators.window.WindowTestSupport.environment;
import static io.sluice.runtime.operators.window.WindowTestSupport.generate;
import static io.sluice.runtime.operators.window.WindowTestSupport.keyedEvents;
import static io.sluice.runtime.operators.window.WindowTestSupport.seqsOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A window function's own state: {@code windowState()} kept across the firings of one window
 * (on time and late) and cleared with the window, {@code globalState()} kept across the windows of
 * a key, and {@code clear(Context)} called once per window when it is cleaned up, checked against
 * {@link EventTimeOracle} on random out-of-order input with allowed lateness.
 */
class WindowFunctionStateTest {

    static final OutputTag<Emission> GLOBAL = new OutputTag<>("global") {
    };
    static final OutputTag<Emission> CLEARED = new OutputTag<>("cleared") {
    };

    static LongStream seeds() {
        return WindowTestSupport.seeds();
    }

    /**
     * Emits the seqs of the window with the number of this firing of the window (from
     * {@code windowState()}); sends the number of earlier firings of the key (from
     * {@code globalState()}) to {@link #GLOBAL}, and on {@code clear} the window's firing count to
     * {@link #CLEARED}.
     */
    static final class FiringsPerWindow extends ProcessWindowFunction<Ev, Emission, Integer, TimeWindow> {
        static final ValueStateDescriptor<Integer> FIRINGS = new ValueStateDescriptor<>("firings", Serializers.INT);
        /** clear(Context) is told no key (as in Flink): the window keeps it. */
        static final ValueStateDescriptor<Integer> KEY = new ValueStateDescriptor<>("key", Serializers.INT);
        static final ValueStateDescriptor<Long> OF_KEY = new ValueStateDescriptor<>("firings-of-key", Serializers.LONG);

        @Override
        public void process(Integer key, Context context, Iterable<Ev> elements, Collector<Emission> out) {
            List<Ev> contents = new ArrayList<>();
            elements.forEach(contents::add);
            ValueState<Integer> firings = context.windowState().getState(FIRINGS);
            int n = firings.value() == null ? 1 : firings.value() + 1;
            firings.update(n);
            context.windowState().getState(KEY).update(key);
            ValueState<Long> ofKey = context.globalState().getState(OF_KEY);
            long earlier = ofKey.value() == null ? 0 : ofKey.value();
            ofKey.update(earlier + 1);
            TimeWindow w = context.window();
            out.collect(new Emission(key, w.start(), w.end(), List.of(seqsOf(contents), n)));
            context.output(GLOBAL, new Emission(key, Long.MIN_VALUE, Long.MAX_VALUE, earlier));
        }

        @Override
        public void clear(Context context) {
            TimeWindow w = context.window();
            Integer firings = context.windowState().getState(FIRINGS).value();
            int key = context.windowState().getState(KEY).value();
            context.output(CLEARED, new Emission(key, w.start(), w.end(), firings));
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void windowStateCountsTheFiringsOfAWindowAndGlobalStateThoseOfItsKey(long seed) throws Exception {
        Random r = new Random(seed);
        long size = 1 + r.nextInt(40);
        long slide = r.nextBoolean() ? size : 1 + r.nextInt((int) size);
        long lateness = r.nextInt(3) == 0 ? 0 : 1 + r.nextInt(80);
        StreamShape shape = StreamShape.random(r);
        List<Ev> input = generate(r, shape);
        int parallelism = 1 + (int) (seed % 4);
        String context = "seed " + seed + ": " + (size == slide ? "tumbling " + size + " ms"
                : "sliding " + size + " ms every " + slide + " ms") + ", allowed lateness " + lateness
                + " ms, parallelism " + parallelism + ", " + shape;

        StreamEnvironment env = environment(r);
        WindowAssigner<Ev, TimeWindow> assigner = size == slide ? TumblingEventTimeWindows.of(Duration.ofMillis(size))
                : SlidingEventTimeWindows.of(Duration.ofMillis(size), Duration.ofMillis(slide));
        DataStream<Emission> out = keyedEvents(env, input).window(assigner)
                .allowedLateness(Duration.ofMillis(lateness))
                .process(new FiringsPerWindow())
                .setParallelism(parallelism);
        CollectSink<Emission> main = new CollectSink<>();
        CollectSink<Emission> global = new CollectSink<>();
        CollectSink<Emission> cleared = new CollectSink<>();
        out.sinkTo(main);
        out.getSideOutput(GLOBAL).sinkTo(global);
        out.getSideOutput(CLEARED).sinkTo(cleared);
        env.execute(context);

        Expected oracle = EventTimeOracle.fixed(input,
                size == slide ? EventTimeOracle.tumbling(size, 0) : EventTimeOracle.sliding(size, slide), lateness);
        Map<WindowId, List<Object>> expected = new TreeMap<>();
        Map<WindowId, List<Object>> expectedCleared = new TreeMap<>();
        Map<Integer, List<Long>> expectedGlobal = new TreeMap<>();
        oracle.firings().forEach((w, firings) -> {
            List<Object> results = new ArrayList<>();
            for (int i = 0; i < firings.size(); i++) {
                results.add(List.of(seqsOf(firings.get(i)), i + 1));
            }
            expected.put(w, results);
            expectedCleared.put(w, List.of(firings.size()));
            List<Long> indexes = expectedGlobal.computeIfAbsent(w.key(), k -> new ArrayList<>());
            for (int i = 0; i < firings.size(); i++) {
                indexes.add((long) indexes.size());
            }
        });
        assertThat(oracle.firingCount()).as(context + ": the oracle expects firings").isPositive();

        Map<WindowId, List<Object>> actual = new TreeMap<>();
        main.values().forEach(e -> actual.computeIfAbsent(e.window(), w -> new ArrayList<>()).add(e.result()));
        assertSameFirings(context, expected, actual);

        Map<WindowId, List<Object>> actualCleared = new TreeMap<>();
        cleared.values().forEach(e -> actualCleared.computeIfAbsent(e.window(), w -> new ArrayList<>())
                .add(e.result()));
        assertSameFirings(context + ", clear(Context) once per window with its windowState",
                expectedCleared, actualCleared);

        Map<Integer, List<Long>> actualGlobal = new TreeMap<>();
        global.values().forEach(e -> actualGlobal.computeIfAbsent(e.window().key(), k -> new ArrayList<>())
                .add((Long) e.result()));
        actualGlobal.values().forEach(l -> l.sort(null));
        assertThat(actualGlobal).as(context + ": globalState numbers the firings of each key 0, 1, 2, ...")
                .isEqualTo(expectedGlobal);
    }

    @Test
    void windowStateIsClearedWithItsWindowWhileGlobalStateStays() throws Exception {
        OperatorHarness<Ev, Emission> harness = OperatorHarness.<Integer, Ev, TimeWindow>forWindow(Ev::key,
                        TumblingEventTimeWindows.of(Duration.ofMillis(10)))
                .allowedLateness(Duration.ofMillis(5))
                .process(new FiringsPerWindow())
                .open();
        harness.processElement(Ev.event(1, 0, 1, 0), 1);
        harness.processElement(Ev.event(2, 0, 2, 1), 2);
        harness.processElement(Ev.event(1, 0, 12, 2), 12);
        harness.processWatermark(9); // [0, 10) fires for keys 1 and 2
        harness.processElement(Ev.event(1, 0, 3, 3), 3); // late, within the lateness: fires again
        long withTwoWindowsOfKey1 = harness.numKeyedStateEntries();
        harness.processWatermark(14); // [0, 10) is cleaned up
        assertThat(harness.sideOutput(CLEARED)).containsExactlyInAnyOrder(
                new Emission(1, 0, 10, 2), new Emission(2, 0, 10, 1));
        assertThat(harness.numKeyedStateEntries()).as("the state of window [0, 10) of both keys is gone")
                .isLessThan(withTwoWindowsOfKey1);
        harness.processWatermark(Long.MAX_VALUE);
        assertThat(harness.sideOutput(CLEARED)).hasSize(3).contains(new Emission(1, 10, 20, 1));
        assertThat(harness.numKeyedStateEntries()).as("only the global state of keys 1 and 2 is left")
                .isEqualTo(2);
        assertThat(harness.output()).containsExactly(
                new Emission(1, 0, 10, List.of(List.of(0), 1)), new Emission(2, 0, 10, List.of(List.of(1), 1)),
                new Emission(1, 0, 10, List.of(List.of(0, 3), 2)), new Emission(1, 10, 20, List.of(List.of(2), 1)));
        harness.close();
    }

    @Test
    void windowStateIsRefusedForMergingWindows() throws Exception {
        OperatorHarness<Ev, Emission> harness = OperatorHarness.<Integer, Ev, TimeWindow>forWindow(Ev::key,
                        EventTimeSessionWindows.withGap(Duration.ofMillis(10)))
                .process(new FiringsPerWindow())
                .open();
        harness.processElement(Ev.event(1, 0, 1, 0), 1);
        assertThatThrownBy(() -> harness.processWatermark(Long.MAX_VALUE))
                .hasMessageContaining("windowState()")
                .hasMessageContaining("not available with merging windows");
        harness.close();
    }
}
