package io.sluice.runtime.operators.window;

import io.sluice.api.DataStream;
import io.sluice.api.KeyedStream;
import io.sluice.api.OutputTag;
import io.sluice.api.StreamEnvironment;
import io.sluice.api.WindowedStream;
import io.sluice.api.config.ExecutionOptions;
import io.sluice.api.functions.AggregateFunction;
import io.sluice.api.functions.Collector;
import io.sluice.api.functions.ProcessWindowFunction;
import io.sluice.api.functions.ReduceFunction;
import io.sluice.api.time.WatermarkGenerator;
import io.sluice.api.time.WatermarkOutput;
import io.sluice.api.time.WatermarkStrategy;
import io.sluice.api.windowing.TimeWindow;
import io.sluice.api.windowing.Window;
import io.sluice.runtime.testing.CollectSink;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the window oracle tests share: the input elements, a deterministic way to give a stream
 * event time, random stream shapes, the window functions under test, and an exact comparison of
 * what a job emitted with what the oracle expects.
 *
 * <p>Event time is made deterministic with <em>marker</em> elements: the test puts them into the
 * input list where it wants a watermark, each carrying the watermark's value; a punctuated
 * generator emits that value when it sees a marker, and a filter right after removes the markers.
 * So the watermark each event meets at the window operator depends only on the list order, never
 * on timing, and the oracle replays the very same list.
 */
final class WindowTestSupport {

    /** Seeds of every property; a failing seed is printed in the assertion message. */
    static final int SEEDS = 16;

    private WindowTestSupport() {
    }

    static LongStream seeds() {
        return LongStream.rangeClosed(1, SEEDS);
    }

    // ---- elements ------------------------------------------------------------------------------

    /**
     * An input element: an event of {@code key} (with a unique {@code seq}), or a watermark marker
     * whose {@code ts} is the watermark it makes.
     */
    record Ev(int key, long value, long ts, int seq, boolean marker) implements Serializable {

        static Ev event(int key, long value, long ts, int seq) {
            return new Ev(key, value, ts, seq, false);
        }

        static Ev marker(long watermark) {
            return new Ev(-1, 0, watermark, -1, true);
        }
    }

    /** The window a result belongs to. */
    record WindowId(int key, long start, long end) implements Comparable<WindowId> {
        @Override
        public int compareTo(WindowId o) {
            int c = Integer.compare(key, o.key);
            if (c == 0) {
                c = Long.compare(start, o.start);
            }
            return c != 0 ? c : Long.compare(end, o.end);
        }

        @Override
        public String toString() {
            return "key " + key + " [" + start + ", " + end + ")";
        }
    }

    /** One window result as emitted by a job: its window and the function's result. */
    record Emission(WindowId window, Object result) implements Serializable {
        Emission(int key, long start, long end, Object result) {
            this(new WindowId(key, start, end), result);
        }
    }

    /** Count and average of the values of one key: the result of {@link CountAndAverage}. */
    record KeyAvg(int key, long count, double avg) implements Serializable {
        static KeyAvg of(List<Ev> elements) {
            long sum = 0;
            for (Ev e : elements) {
                sum += e.value();
            }
            return new KeyAvg(elements.get(0).key(), elements.size(), (double) sum / elements.size());
        }
    }

    // ---- event time ----------------------------------------------------------------------------

    /** Emits the watermark a marker carries, at once; never on a timer. */
    static final class MarkerWatermarks implements WatermarkGenerator<Ev> {
        @Override
        public void onEvent(Ev event, long eventTimestamp, WatermarkOutput output) {
            if (event.marker()) {
                output.emitWatermark(event.ts());
            }
        }

        @Override
        public void onPeriodicEmit(WatermarkOutput output) {
        }
    }

    static WatermarkStrategy<Ev> markerWatermarks() {
        return WatermarkStrategy.<Ev>forGenerator(MarkerWatermarks::new).withTimestampAssigner((e, ts) -> e.ts());
    }

    /**
     * A job environment of parallelism 1 (the source and the sinks) with randomly small rings and
     * batches, so that window results and timers often meet a full output and must resume.
     */
    static StreamEnvironment environment(Random r) {
        StreamEnvironment env = StreamEnvironment.create().setParallelism(1);
        env.set(ExecutionOptions.CHANNEL_CAPACITY, pick(r, 2, 4, 16, 1024));
        env.set(ExecutionOptions.BATCH_SIZE, pick(r, 1, 7, 256));
        return env;
    }

    /** The events of {@code input} keyed by key, with event time made by its markers. */
    static KeyedStream<Integer, Ev> keyedEvents(StreamEnvironment env, List<Ev> input) {
        return env.fromCollection(input)
                .assignTimestampsAndWatermarks(markerWatermarks())
                .filter(e -> !e.marker())
                .keyBy(Ev::key);
    }

    /** The events of {@code input} keyed by key, without event time (for processing-time and global windows). */
    static KeyedStream<Integer, Ev> keyedEventsWithoutTime(StreamEnvironment env, List<Ev> input) {
        return env.fromCollection(input)
                .filter(e -> !e.marker())
                .keyBy(Ev::key);
    }

    static int pick(Random r, int... choices) {
        return choices[r.nextInt(choices.length)];
    }

    // ---- input streams -------------------------------------------------------------------------

    /**
     * How a random stream looks: timestamps advance by up to {@code maxStepMs} per event (plus an
     * occasional jump, to separate sessions), each event lags the clock by up to
     * {@code maxDisorderMs} (stragglers by up to four times that), and after every
     * 1..{@code maxEventsPerMarker} events a marker sets the watermark to the highest timestamp so
     * far minus {@code watermarkLagMs} minus one. A lag below the disorder makes late events.
     */
    record StreamShape(int events, int keys, long firstTs, int maxStepMs, int jumpPercent, int maxJumpMs,
                       long maxDisorderMs, int stragglerPercent, long watermarkLagMs, int maxEventsPerMarker) {

        static StreamShape random(Random r) {
            long disorder = 1 + r.nextInt(pick(r, 5, 20, 60));
            return new StreamShape(1000 + r.nextInt(2000), 1 + r.nextInt(8), r.nextInt(4000) - 2000,
                    1 + r.nextInt(3), r.nextInt(4), 1 + r.nextInt(80), disorder, r.nextInt(6),
                    r.nextLong(disorder + 1), 1 + r.nextInt(pick(r, 3, 10, 40)));
        }

        /** A stream without late events: the watermark lags by more than any disorder. */
        StreamShape withoutLateEvents() {
            return new StreamShape(events, keys, firstTs, maxStepMs, jumpPercent, maxJumpMs, maxDisorderMs,
                    stragglerPercent, 4 * maxDisorderMs, maxEventsPerMarker);
        }
    }

    static List<Ev> generate(Random r, StreamShape s) {
        List<Ev> out = new ArrayList<>(s.events() + s.events() / 2);
        long clock = s.firstTs();
        long maxTs = Long.MIN_VALUE;
        int untilMarker = 1 + r.nextInt(s.maxEventsPerMarker());
        for (int seq = 0; seq < s.events(); seq++) {
            clock += r.nextInt(s.maxStepMs() + 1);
            if (r.nextInt(100) < s.jumpPercent()) {
                clock += r.nextInt(s.maxJumpMs() + 1);
            }
            long disorder = r.nextInt(100) < s.stragglerPercent() ? r.nextLong(4 * s.maxDisorderMs() + 1)
                    : r.nextLong(s.maxDisorderMs() + 1);
            long ts = clock - disorder;
            out.add(Ev.event(r.nextInt(s.keys()), r.nextInt(2000) - 500, ts, seq));
            maxTs = Math.max(maxTs, ts);
            if (--untilMarker == 0) {
                out.add(Ev.marker(maxTs - s.watermarkLagMs() - 1));
                untilMarker = 1 + r.nextInt(s.maxEventsPerMarker());
            }
        }
        return out;
    }

    static List<Ev> eventsOf(List<Ev> input) {
        return input.stream().filter(e -> !e.marker()).toList();
    }

    // ---- window functions ----------------------------------------------------------------------

    /** Sums the values; the other fields are the first element's. */
    static final class SumReduce implements ReduceFunction<Ev> {
        @Override
        public Ev reduce(Ev a, Ev b) {
            return Ev.event(a.key(), a.value() + b.value(), Math.max(a.ts(), b.ts()), -1);
        }
    }

    /** Count and average of the values, with the key; accumulator {key, count, sum}. */
    static final class CountAndAverage implements AggregateFunction<Ev, long[], KeyAvg> {
        @Override
        public long[] createAccumulator() {
            return new long[] {-1, 0, 0};
        }

        @Override
        public long[] add(Ev value, long[] acc) {
            acc[0] = value.key();
            acc[1]++;
            acc[2] += value.value();
            return acc;
        }

        @Override
        public KeyAvg getResult(long[] acc) {
            return new KeyAvg((int) acc[0], acc[1], (double) acc[2] / acc[1]);
        }

        @Override
        public long[] merge(long[] a, long[] b) {
            return new long[] {Math.max(a[0], b[0]), a[1] + b[1], a[2] + b[2]};
        }
    }

    /** Emits the seqs of every element of the window, in the order the window holds them. */
    static final class ListSeqs<W extends Window> extends ProcessWindowFunction<Ev, Emission, Integer, W> {
        @Override
        public void process(Integer key, Context context, Iterable<Ev> elements, Collector<Emission> out) {
            List<Integer> seqs = new ArrayList<>();
            for (Ev e : elements) {
                assertThat(e.key()).as("element of key %d in a window of key %d", e.key(), key).isEqualTo(key);
                seqs.add(e.seq());
            }
            out.collect(new Emission(key, start(context.window()), end(context.window()), seqs));
        }
    }

    /** Wraps the single pre-aggregated value (a reduced {@link Ev} becomes its value) with its window. */
    static final class WithWindow<V, W extends Window> extends ProcessWindowFunction<V, Emission, Integer, W> {
        @Override
        public void process(Integer key, Context context, Iterable<V> elements, Collector<Emission> out) {
            List<V> values = new ArrayList<>();
            elements.forEach(values::add);
            assertThat(values).as("pre-aggregated values of one firing").hasSize(1);
            Object v = values.get(0);
            out.collect(new Emission(key, start(context.window()), end(context.window()),
                    v instanceof Ev e ? (Object) e.value() : v));
        }
    }

    private static long start(Window w) {
        return w instanceof TimeWindow t ? t.start() : Long.MIN_VALUE;
    }

    private static long end(Window w) {
        return w instanceof TimeWindow t ? t.end() : Long.MAX_VALUE;
    }

    static List<Integer> seqsOf(List<Ev> elements) {
        return elements.stream().map(Ev::seq).toList();
    }

    static long sumOf(List<Ev> elements) {
        return elements.stream().mapToLong(Ev::value).sum();
    }

    // ---- running a window job ------------------------------------------------------------------

    /** The window function a job applies, and what it computes from a firing's contents. */
    enum Fn {
        /** {@code reduce} alone: the result is a reduced element; its window is known from its timestamp. */
        REDUCE,
        REDUCE_WITH_WINDOW,
        /** {@code aggregate} alone: the result is a {@link KeyAvg}; its window is known from its timestamp. */
        AGGREGATE,
        AGGREGATE_WITH_WINDOW,
        /** {@code process}: every element, in the order the window holds them. */
        PROCESS;

        Object expected(List<Ev> contents) {
            return switch (this) {
                case REDUCE, REDUCE_WITH_WINDOW -> sumOf(contents);
                case AGGREGATE, AGGREGATE_WITH_WINDOW -> KeyAvg.of(contents);
                case PROCESS -> seqsOf(contents);
            };
        }

        /** True when results carry no window, so the window must be derived from a fixed size. */
        boolean needsFixedSize() {
            return this == REDUCE || this == AGGREGATE;
        }
    }

    /**
     * Applies {@code fn} to {@code windowed} with the given parallelism, sends late data (when
     * {@code lateTag} is set) to {@code lateSink}, runs the job, and returns the firings by window.
     *
     * @param windowSizeMs the window size, to find the window of results that carry none
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static <W extends Window> Map<WindowId, List<Object>> run(StreamEnvironment env,
                                                              WindowedStream<Ev, Integer, W> windowed, Fn fn,
                                                              int parallelism, long windowSizeMs,
                                                              OutputTag<Ev> lateTag, CollectSink<Ev> lateSink,
                                                              String context) throws Exception {
        DataStream<?> out = switch (fn) {
            case REDUCE -> windowed.reduce(new SumReduce());
            case REDUCE_WITH_WINDOW -> windowed.reduce(new SumReduce(), new WithWindow<Ev, W>());
            case AGGREGATE -> windowed.aggregate(new CountAndAverage());
            case AGGREGATE_WITH_WINDOW -> windowed.aggregate(new CountAndAverage(), new WithWindow<KeyAvg, W>());
            case PROCESS -> windowed.process(new ListSeqs<W>());
        };
        out.setParallelism(parallelism).name("window-under-test");
        if (lateTag != null) {
            out.getSideOutput(lateTag).sinkTo(lateSink);
        }
        CollectSink<Object> sink = new CollectSink<>();
        ((DataStream<Object>) out).sinkTo(sink);
        env.execute(context);
        return firingsByWindow(sink, windowSizeMs, context);
    }

    /**
     * The results of a job by window, in the order they reached the sink. With a sink of
     * parallelism 1 that is the order they were emitted in: each window lives in one subtask, and
     * one channel keeps order. Also checks that each record carries its window's max timestamp.
     */
    static Map<WindowId, List<Object>> firingsByWindow(CollectSink<Object> sink, long windowSizeMs, String context) {
        List<Object> values = sink.values();
        List<Long> timestamps = sink.timestamps();
        assertThat(timestamps).as(context + ": one timestamp per result").hasSize(values.size());
        Map<WindowId, List<Object>> byWindow = new LinkedHashMap<>();
        for (int i = 0; i < values.size(); i++) {
            long ts = timestamps.get(i);
            Object v = values.get(i);
            Emission e;
            if (v instanceof Emission em) {
                e = em;
            } else if (v instanceof Ev ev) {
                e = new Emission(ev.key(), ts + 1 - windowSizeMs, ts + 1, ev.value());
            } else if (v instanceof KeyAvg avg) {
                e = new Emission(avg.key(), ts + 1 - windowSizeMs, ts + 1, avg);
            } else {
                throw new AssertionError(context + ": unexpected result " + v);
            }
            long maxTimestamp = e.window().end() == Long.MAX_VALUE ? Long.MAX_VALUE : e.window().end() - 1;
            assertThat(ts).as(context + ": timestamp of the result of " + e.window()).isEqualTo(maxTimestamp);
            byWindow.computeIfAbsent(e.window(), w -> new ArrayList<>()).add(e.result());
        }
        return byWindow;
    }

    /** Fails unless the side output received exactly {@code expectedLate}, each once, with its own timestamp. */
    static void assertSameLateEvents(String context, List<Ev> expectedLate, CollectSink<Ev> lateSink) {
        List<Ev> late = lateSink.values();
        List<Long> timestamps = lateSink.timestamps();
        for (int i = 0; i < late.size(); i++) {
            assertThat(timestamps.get(i)).as(context + ": timestamp of late element " + late.get(i))
                    .isEqualTo(late.get(i).ts());
        }
        List<Integer> actualSeqs = late.stream().map(Ev::seq).sorted().toList();
        List<Integer> expectedSeqs = expectedLate.stream().map(Ev::seq).sorted().toList();
        assertThat(actualSeqs).as("%s: seqs of the late elements in the side output (%d expected, %d received)",
                context, expectedSeqs.size(), actualSeqs.size()).isEqualTo(expectedSeqs);
        assertThat(late).as(context + ": late elements are passed unchanged").containsExactlyInAnyOrderElementsOf(
                expectedLate);
    }

    // ---- comparing -----------------------------------------------------------------------------

    /**
     * Fails, naming {@code context} (which holds the seed), unless every window fired exactly the
     * expected results in the expected order.
     */
    static void assertSameFirings(String context, Map<WindowId, List<Object>> expected,
                                  Map<WindowId, List<Object>> actual) {
        TreeSet<WindowId> all = new TreeSet<>(expected.keySet());
        all.addAll(actual.keySet());
        List<String> differences = new ArrayList<>();
        int expectedCount = 0;
        for (List<Object> l : expected.values()) {
            expectedCount += l.size();
        }
        int actualCount = 0;
        for (List<Object> l : actual.values()) {
            actualCount += l.size();
        }
        for (WindowId w : all) {
            List<Object> e = expected.getOrDefault(w, List.of());
            List<Object> a = actual.getOrDefault(w, List.of());
            if (!Objects.equals(e, a)) {
                differences.add(w + ": expected " + abbreviate(e) + " but was " + abbreviate(a));
            }
        }
        assertThat(differences.stream().limit(8).toList())
                .as("%s: %d of %d windows fired other results than expected (%d results expected, %d emitted);"
                        + " first differences", context, differences.size(), all.size(), expectedCount, actualCount)
                .isEmpty();
    }

    private static String abbreviate(Object o) {
        String s = String.valueOf(o);
        return s.length() > 400 ? s.substring(0, 400) + "...(" + s.length() + " chars)" : s;
    }

    /** Sorts each result that is a list, for windows whose contents have no defined order (merged sessions). */
    @SuppressWarnings("unchecked")
    static Map<WindowId, List<Object>> sortingLists(Map<WindowId, List<Object>> firings) {
        Map<WindowId, List<Object>> sorted = new TreeMap<>();
        firings.forEach((w, results) -> sorted.put(w, results.stream()
                .map(r -> r instanceof List<?> l ? (Object) ((List<Integer>) l).stream().sorted().toList() : r)
                .toList()));
        return sorted;
    }
}
