package io.sluice.runtime.operators.window;

import io.sluice.api.OutputTag;
import io.sluice.api.StreamEnvironment;
import io.sluice.api.WindowedStream;
import io.sluice.api.time.WatermarkGenerator;
import io.sluice.api.time.WatermarkOutput;
import io.sluice.api.time.WatermarkStrategy;
import io.sluice.api.windowing.SlidingEventTimeWindows;
import io.sluice.api.windowing.TimeWindow;
import io.sluice.api.windowing.TumblingEventTimeWindows;
import io.sluice.api.windowing.WindowAssigner;
import io.sluice.runtime.operators.window.EventTimeOracle.Expected;
import io.sluice.runtime.operators.window.WindowTestSupport.Ev;
import io.sluice.runtime.operators.window.WindowTestSupport.Fn;
import io.sluice.runtime.operators.window.WindowTestSupport.StreamShape;
import io.sluice.runtime.operators.window.WindowTestSupport.WindowId;
import io.sluice.runtime.testing.CollectSink;
import org.junit.jupiter.api.Test;
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
import static io.sluice.runtime.operators.window.WindowTestSupport.generate;
import static io.sluice.runtime.operators.window.WindowTestSupport.keyedEvents;
import static io.sluice.runtime.operators.window.WindowTestSupport.run;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Allowed lateness and late data on tumbling and sliding event-time windows, against
 * {@link EventTimeOracle}: a window fires again for each element that arrives after it fired but
 * within the allowed lateness, and exactly the elements that find all their windows gone reach
 * the late-data side output, each once and unchanged. Also: a watermark that a generator emits
 * from {@code onEvent} follows the element that prompted it.
 */
class LateDataTest {

    private static final OutputTag<Ev> LATE = new OutputTag<>("late") {
    };

    static LongStream seeds() {
        return WindowTestSupport.seeds();
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void lateFiringsUpdateTheResultAndTooLateElementsGoToTheSideOutput(long seed) throws Exception {
        Random r = new Random(seed);
        long size = 1 + r.nextInt(40);
        long slide = r.nextBoolean() ? size : 1 + r.nextInt((int) size);
        long lateness = switch (r.nextInt(4)) {
            case 0 -> 1 + r.nextInt(5);
            case 1 -> 1 + r.nextLong(3 * size);
            case 2 -> 1 + r.nextInt(200);
            default -> Long.MAX_VALUE; // windows are kept to the end; nothing is ever too late
        };
        Fn fn = Fn.values()[(int) (seed % Fn.values().length)];
        check(seed, r, size, slide, lateness, fn, true);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void withoutSideOutputTooLateElementsChangeNoResult(long seed) throws Exception {
        Random r = new Random(seed);
        long size = 1 + r.nextInt(40);
        long lateness = r.nextInt(2 * (int) size);
        check(seed, r, size, size, lateness, Fn.PROCESS, false);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void elementsBetweenSlidingWindowsAreLateOnlyWhenBehindTheWatermark(long seed) throws Exception {
        Random r = new Random(seed);
        long slide = 2 + r.nextInt(30);
        long size = 1 + r.nextLong(slide - 1); // gaps between windows: some elements belong to none
        long lateness = r.nextBoolean() ? r.nextInt(50) : Long.MAX_VALUE - r.nextInt(1000);
        check(seed, r, size, slide, lateness, Fn.PROCESS, true);
    }

    private static void check(long seed, Random r, long size, long slide, long lateness, Fn fn, boolean sideOutput)
            throws Exception {
        StreamShape shape = StreamShape.random(r);
        List<Ev> input = generate(r, shape);
        int parallelism = 1 + (int) (seed % 4);
        String context = "seed " + seed + ": " + (size == slide ? "tumbling " + size + " ms"
                : "sliding " + size + " ms every " + slide + " ms") + ", allowed lateness " + lateness + " ms, " + fn
                + ", parallelism " + parallelism + (sideOutput ? ", late data to side output" : "") + ", " + shape;

        StreamEnvironment env = environment(r);
        WindowAssigner<Ev, TimeWindow> assigner = size == slide ? TumblingEventTimeWindows.of(Duration.ofMillis(size))
                : SlidingEventTimeWindows.of(Duration.ofMillis(size), Duration.ofMillis(slide));
        WindowedStream<Ev, Integer, TimeWindow> windowed = keyedEvents(env, input).window(assigner)
                .allowedLateness(Duration.ofMillis(lateness));
        CollectSink<Ev> lateSink = new CollectSink<>();
        if (sideOutput) {
            windowed.sideOutputLateData(LATE);
        }
        Map<WindowId, List<Object>> actual = run(env, windowed, fn, parallelism, size, sideOutput ? LATE : null,
                lateSink, context);

        Expected expected = EventTimeOracle.fixed(input,
                size == slide ? EventTimeOracle.tumbling(size, 0) : EventTimeOracle.sliding(size, slide), lateness);
        assertSameFirings(context, expected.results(fn::expected), actual);
        assertSameLateEvents(context, sideOutput ? expected.late() : List.of(), lateSink);
    }

    // ---- the watermark an element prompts must not overtake it ---------------------------------

    /**
     * A generator that makes watermarks from the events themselves (every k-th event: the highest
     * timestamp so far minus a lag, minus one), checked against the oracle replaying the same events
     * with a marker right <em>after</em> each k-th event: a watermark prompted by an element follows
     * that element, as in Flink.
     */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void watermarksFromOnEventFollowTheElementThatPromptedThem(long seed) throws Exception {
        Random r = new Random(seed);
        StreamShape shape = StreamShape.random(r);
        List<Ev> events = WindowTestSupport.eventsOf(generate(r, shape));
        int k = 1 + r.nextInt(5);
        long lag = r.nextLong(shape.maxDisorderMs() + 1);
        long size = 1 + r.nextInt(40);
        long lateness = r.nextBoolean() ? 0 : 1 + r.nextLong(2 * size);
        int parallelism = 1 + (int) (seed % 4);
        String context = "seed " + seed + ": watermark every " + k + " events lagging " + lag + " ms, tumbling " + size
                + " ms, allowed lateness " + lateness + " ms, parallelism " + parallelism + ", " + shape;

        StreamEnvironment env = environment(r);
        WindowedStream<Ev, Integer, TimeWindow> windowed = env.fromCollection(events)
                .assignTimestampsAndWatermarks(WatermarkStrategy.<Ev>forGenerator(() -> new EveryKthEvent(k, lag))
                        .withTimestampAssigner((e, ts) -> e.ts()))
                .keyBy(Ev::key)
                .window(TumblingEventTimeWindows.<Ev>of(Duration.ofMillis(size)))
                .allowedLateness(Duration.ofMillis(lateness))
                .sideOutputLateData(LATE);
        CollectSink<Ev> lateSink = new CollectSink<>();
        Map<WindowId, List<Object>> actual = run(env, windowed, Fn.PROCESS, parallelism, size, LATE, lateSink,
                context);

        List<Ev> withMarkers = new ArrayList<>();
        long maxTs = Long.MIN_VALUE;
        for (int i = 0; i < events.size(); i++) {
            withMarkers.add(events.get(i));
            maxTs = Math.max(maxTs, events.get(i).ts());
            if ((i + 1) % k == 0) {
                withMarkers.add(Ev.marker(maxTs - lag - 1));
            }
        }
        Expected expected = EventTimeOracle.fixed(withMarkers, EventTimeOracle.tumbling(size, 0), lateness);
        assertSameFirings(context, expected.results(Fn.PROCESS::expected), actual);
        assertSameLateEvents(context, expected.late(), lateSink);
    }

    /** Every k-th event: the highest timestamp seen minus {@code lagMs}, minus one. */
    static final class EveryKthEvent implements WatermarkGenerator<Ev> {
        private final int k;
        private final long lagMs;
        private long maxTs = Long.MIN_VALUE;
        private long seen;

        EveryKthEvent(int k, long lagMs) {
            this.k = k;
            this.lagMs = lagMs;
        }

        @Override
        public void onEvent(Ev event, long eventTimestamp, WatermarkOutput output) {
            maxTs = Math.max(maxTs, eventTimestamp);
            if (++seen % k == 0) {
                output.emitWatermark(maxTs - lagMs - 1);
            }
        }

        @Override
        public void onPeriodicEmit(WatermarkOutput output) {
        }
    }

    /**
     * An element that carries its own punctuation ("nothing at or before my timestamp follows")
     * belongs to its window: the watermark it prompts from {@code onEvent} must not reach the
     * window ahead of it (it did once, when {@code TimestampsAndWatermarksOperator} called
     * {@code onEvent} before forwarding the element).
     */
    @Test
    void shouldCountAnElementInItsWindowWhenItPromptsAWatermarkAtItsOwnTimestamp() throws Exception {
        StreamEnvironment env = StreamEnvironment.create().setParallelism(1);
        List<Ev> input = List.of(Ev.event(0, 1, 3, 0), Ev.event(0, 10, 9, 1), Ev.event(0, 100, 12, 2));
        CollectSink<Ev> lateSink = new CollectSink<>();
        WindowedStream<Ev, Integer, TimeWindow> windowed = env.fromCollection(input)
                .assignTimestampsAndWatermarks(WatermarkStrategy.<Ev>forGenerator(SelfPunctuated::new)
                        .withTimestampAssigner((e, ts) -> e.ts()))
                .keyBy(Ev::key)
                .window(TumblingEventTimeWindows.<Ev>of(Duration.ofMillis(10)))
                .sideOutputLateData(LATE);

        Map<WindowId, List<Object>> actual = run(env, windowed, Fn.PROCESS, 1, 10, LATE, lateSink,
                "self-punctuated elements");

        assertThat(lateSink.values()).as("late elements").isEmpty();
        assertThat(actual).containsExactlyInAnyOrderEntriesOf(Map.of(
                new WindowId(0, 0, 10), List.of(List.of(0, 1)),
                new WindowId(0, 10, 20), List.of(List.of(2))));
    }

    /** Every element is its own punctuation: watermark = its timestamp, once it has been seen. */
    static final class SelfPunctuated implements WatermarkGenerator<Ev> {
        @Override
        public void onEvent(Ev event, long eventTimestamp, WatermarkOutput output) {
            output.emitWatermark(eventTimestamp);
        }

        @Override
        public void onPeriodicEmit(WatermarkOutput output) {
        }
    }
}
