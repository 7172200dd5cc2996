package io.sluice.runtime.operators.window;

import io.sluice.api.AllWindowedStream;
import io.sluice.api.DataStream;
import io.sluice.api.OutputTag;
import io.sluice.api.StreamEnvironment;
import io.sluice.api.functions.Collector;
import io.sluice.api.functions.ProcessAllWindowFunction;
import io.sluice.api.windowing.GlobalWindow;
import io.sluice.api.windowing.SlidingEventTimeWindows;
import io.sluice.api.windowing.TimeWindow;
import io.sluice.api.windowing.TumblingEventTimeWindows;
import io.sluice.api.windowing.Window;
import io.sluice.api.windowing.WindowAssigner;
import io.sluice.runtime.operators.window.EventTimeOracle.Expected;
import io.sluice.runtime.operators.window.WindowTestSupport.CountAndAverage;
import io.sluice.runtime.operators.window.WindowTestSupport.Emission;
import io.sluice.runtime.operators.window.WindowTestSupport.Ev;
import io.sluice.runtime.operators.window.WindowTestSupport.Fn;
import io.sluice.runtime.operators.window.WindowTestSupport.KeyAvg;
import io.sluice.runtime.operators.window.WindowTestSupport.StreamShape;
import io.sluice.runtime.operators.window.WindowTestSupport.SumReduce;
import io.sluice.runtime.operators.window.WindowTestSupport.WindowId;
import io.sluice.runtime.testing.CollectSink;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.LongStream;

import static io.sluice.runtime.operators.window.WindowTestSupport.assertSameFirings;
import static io.sluice.runtime.operators.window.WindowTestSupport.assertSameLateEvents;
import static io.sluice.runtime.operators.window.WindowTestSupport.environment;
import static io.sluice.runtime.operators.window.WindowTestSupport.eventsOf;
import static io.sluice.runtime.operators.window.WindowTestSupport.firingsByWindow;
import static io.sluice.runtime.operators.window.WindowTestSupport.generate;
import static io.sluice.runtime.operators.window.WindowTestSupport.markerWatermarks;
import static io.sluice.runtime.operators.window.WindowTestSupport.seqsOf;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code windowAll} and {@code countWindowAll}: the whole stream in one window operator of
 * parallelism 1, against the brute-force oracles on random out-of-order input with allowed
 * lateness and late data. The oracle sees every event under key 0, as one window per time range.
 */
class WindowAllOracleTest {

    private static final OutputTag<Ev> LATE = new OutputTag<>("late") {
    };

    static LongStream seeds() {
        return WindowTestSupport.seeds();
    }

    /** Every element's seq, in the order the window holds them. */
    static final class ListSeqsAll<W extends Window> extends ProcessAllWindowFunction<Ev, Emission, W> {
        @Override
        public void process(Context context, Iterable<Ev> elements, Collector<Emission> out) {
            List<Ev> contents = new ArrayList<>();
            elements.forEach(contents::add);
            out.collect(new Emission(0, start(context.window()), end(context.window()), seqsOf(contents)));
        }
    }

    /** The single pre-aggregated value with its window (a reduced {@link Ev} becomes its value). */
    static final class WithWindowAll<V, W extends Window> extends ProcessAllWindowFunction<V, Emission, W> {
        @Override
        public void process(Context context, Iterable<V> elements, Collector<Emission> out) {
            List<V> values = new ArrayList<>();
            elements.forEach(values::add);
            assertThat(values).as("pre-aggregated values of one firing").hasSize(1);
            Object v = values.get(0);
            out.collect(new Emission(0, start(context.window()), end(context.window()),
                    v instanceof Ev e ? (Object) e.value() : v));
        }
    }

    private static long start(Window w) {
        return w instanceof TimeWindow t ? t.start() : Long.MIN_VALUE;
    }

    private static long end(Window w) {
        return w instanceof TimeWindow t ? t.end() : Long.MAX_VALUE;
    }

    /** The input with every event under key 0, as the oracle should see a non-keyed stream. */
    private static List<Ev> underOneKey(List<Ev> input) {
        return input.stream().map(e -> e.marker() ? e : Ev.event(0, e.value(), e.ts(), e.seq())).toList();
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static <W extends Window> DataStream<Object> apply(AllWindowedStream<Ev, W> windowed, Fn fn) {
        DataStream<?> out = switch (fn) {
            case REDUCE -> windowed.reduce(new SumReduce());
            case REDUCE_WITH_WINDOW -> windowed.reduce(new SumReduce(), new WithWindowAll<Ev, W>());
            case AGGREGATE -> windowed.aggregate(new CountAndAverage());
            case AGGREGATE_WITH_WINDOW -> windowed.aggregate(new CountAndAverage(), new WithWindowAll<KeyAvg, W>());
            case PROCESS -> windowed.process(new ListSeqsAll<W>());
        };
        assertThat(out.transformation().parallelism()).as("windowAll runs with parallelism 1").isEqualTo(1);
        return (DataStream<Object>) out;
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void windowAllFiresEveryWindowOfTheWholeStreamWithLateData(long seed) throws Exception {
        Random r = new Random(seed);
        long size = 1 + r.nextInt(40);
        long slide = r.nextBoolean() ? size : 1 + r.nextInt((int) size);
        long lateness = r.nextBoolean() ? 0 : 1 + r.nextInt(60);
        Fn fn = Fn.values()[(int) (seed % Fn.values().length)];
        StreamShape shape = StreamShape.random(r);
        List<Ev> input = underOneKey(generate(r, shape));
        String context = "seed " + seed + ": windowAll " + (size == slide ? "tumbling " + size + " ms"
                : "sliding " + size + " ms every " + slide + " ms") + ", allowed lateness " + lateness + " ms, " + fn
                + ", " + shape;

        StreamEnvironment env = environment(r);
        WindowAssigner<Ev, TimeWindow> assigner = size == slide ? TumblingEventTimeWindows.of(Duration.ofMillis(size))
                : SlidingEventTimeWindows.of(Duration.ofMillis(size), Duration.ofMillis(slide));
        AllWindowedStream<Ev, TimeWindow> windowed = env.fromCollection(input)
                .assignTimestampsAndWatermarks(markerWatermarks())
                .filter(e -> !e.marker())
                .windowAll(assigner)
                .allowedLateness(Duration.ofMillis(lateness))
                .sideOutputLateData(LATE);
        DataStream<Object> out = apply(windowed, fn);
        CollectSink<Object> sink = new CollectSink<>();
        CollectSink<Ev> lateSink = new CollectSink<>();
        out.sinkTo(sink);
        out.getSideOutput(LATE).sinkTo(lateSink);
        env.execute(context);

        Expected expected = EventTimeOracle.fixed(input,
                size == slide ? EventTimeOracle.tumbling(size, 0) : EventTimeOracle.sliding(size, slide), lateness);
        assertThat(expected.firingCount()).as(context + ": the oracle expects firings").isPositive();
        assertSameFirings(context, expected.results(fn::expected), firingsByWindow(sink, size, context));
        assertSameLateEvents(context, expected.late(), lateSink);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void countWindowAllFiresTheLastSizeElementsOfTheStreamEverySlideElements(long seed) throws Exception {
        Random r = new Random(seed);
        long size = 1 + r.nextInt(r.nextBoolean() ? 5 : 60);
        boolean sliding = r.nextBoolean();
        long slide = sliding ? 1 + r.nextInt(r.nextBoolean() ? 5 : 60) : size;
        Fn fn = new Fn[] {Fn.PROCESS, Fn.REDUCE_WITH_WINDOW, Fn.AGGREGATE_WITH_WINDOW}[r.nextInt(3)];
        StreamShape shape = StreamShape.random(r);
        List<Ev> input = underOneKey(generate(r, shape));
        String context = "seed " + seed + ": countWindowAll(" + size + (sliding ? ", " + slide : "") + "), " + fn
                + ", " + shape;

        StreamEnvironment env = environment(r);
        DataStream<Ev> events = env.fromCollection(input).filter(e -> !e.marker());
        AllWindowedStream<Ev, GlobalWindow> windowed = sliding ? events.countWindowAll(size, slide)
                : events.countWindowAll(size);
        CollectSink<Object> sink = new CollectSink<>();
        apply(windowed, fn).sinkTo(sink);
        env.execute(context);

        List<Ev> all = eventsOf(input);
        List<Object> firings = new ArrayList<>();
        for (int count = 1; count <= all.size(); count++) {
            if (count % slide == 0 || count == all.size()) {
                // tumbling: the elements since the last firing (purged); sliding: the last size elements
                long from = sliding ? count - size : count - ((count - 1) % size + 1);
                firings.add(fn.expected(all.subList((int) Math.max(0, from), count)));
            }
        }
        assertSameFirings(context, Map.of(new WindowId(0, Long.MIN_VALUE, Long.MAX_VALUE), firings),
                firingsByWindow(sink, 0, context));
    }
}
