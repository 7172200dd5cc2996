package io.sluice.runtime.operators.window;

import io.sluice.api.KeyedStream;
import io.sluice.api.StreamEnvironment;
import io.sluice.api.WindowedStream;
import io.sluice.api.windowing.CountTrigger;
import io.sluice.api.windowing.GlobalWindow;
import io.sluice.api.windowing.GlobalWindows;
import io.sluice.api.windowing.ProcessingTimeSessionWindows;
import io.sluice.api.windowing.PurgingTrigger;
import io.sluice.api.windowing.SlidingProcessingTimeWindows;
import io.sluice.api.windowing.TimeWindow;
import io.sluice.api.windowing.TumblingProcessingTimeWindows;
import io.sluice.api.windowing.WindowAssigner;
import io.sluice.runtime.operators.window.WindowTestSupport.Emission;
import io.sluice.runtime.operators.window.WindowTestSupport.Ev;
import io.sluice.runtime.operators.window.WindowTestSupport.Fn;
import io.sluice.runtime.operators.window.WindowTestSupport.ListSeqs;
import io.sluice.runtime.operators.window.WindowTestSupport.StreamShape;
import io.sluice.runtime.operators.window.WindowTestSupport.WindowId;
import io.sluice.runtime.testing.CollectSink;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.LongStream;

import static io.sluice.runtime.operators.window.WindowTestSupport.assertSameFirings;
import static io.sluice.runtime.operators.window.WindowTestSupport.environment;
import static io.sluice.runtime.operators.window.WindowTestSupport.eventsOf;
import static io.sluice.runtime.operators.window.WindowTestSupport.generate;
import static io.sluice.runtime.operators.window.WindowTestSupport.keyedEventsWithoutTime;
import static io.sluice.runtime.operators.window.WindowTestSupport.seqsOf;
import static io.sluice.runtime.operators.window.WindowTestSupport.sumOf;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Windows that event time does not drive: global windows with count triggers (and
 * {@code countWindow}), which are exact, and processing-time windows, whose grouping depends on
 * the wall clock, checked for what holds whatever the timing: every element is in each of its
 * windows exactly once, windows have the assigner's shape, and every window fires by the end of
 * input. The window runs with parallelism {@code 1 + seed % 4}.
 */
class CountAndGlobalWindowTest {

    static LongStream seeds() {
        return WindowTestSupport.seeds();
    }

    // ---- global windows: exact -----------------------------------------------------------------

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void countWindowEmitsEveryNElementsOfAKeyAndTheRestAtTheEnd(long seed) throws Exception {
        Random r = new Random(seed);
        int n = 1 + r.nextInt(r.nextBoolean() ? 5 : 60);
        Job job = new Job(seed, r, "countWindow(" + n + "), process");
        Map<WindowId, List<Object>> actual = job.run(keyed -> keyed.countWindow(n), Fn.PROCESS);

        Map<WindowId, List<Object>> expected = new TreeMap<>();
        job.eventsByKey().forEach((key, events) -> {
            List<Object> firings = new ArrayList<>();
            for (int from = 0; from < events.size(); from += n) {
                firings.add(seqsOf(events.subList(from, Math.min(from + n, events.size()))));
            }
            expected.put(global(key), firings);
        });
        assertSameFirings(job.context, expected, actual);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void purgingCountTriggerAggregatesEachChunkOfNElements(long seed) throws Exception {
        Random r = new Random(seed);
        int n = 1 + r.nextInt(40);
        Fn fn = r.nextBoolean() ? Fn.AGGREGATE_WITH_WINDOW : Fn.REDUCE_WITH_WINDOW;
        Job job = new Job(seed, r, "global window, purging count trigger of " + n + ", " + fn);
        Map<WindowId, List<Object>> actual = job.run(keyed -> keyed.window(GlobalWindows.<Ev>create())
                .trigger(PurgingTrigger.of(CountTrigger.<GlobalWindow>of(n))), fn);

        Map<WindowId, List<Object>> expected = new TreeMap<>();
        job.eventsByKey().forEach((key, events) -> {
            List<Object> firings = new ArrayList<>();
            for (int from = 0; from < events.size(); from += n) {
                firings.add(fn.expected(events.subList(from, Math.min(from + n, events.size()))));
            }
            expected.put(global(key), firings);
        });
        assertSameFirings(job.context, expected, actual);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void countTriggerWithoutPurgeFiresEverythingSoFarEveryNElements(long seed) throws Exception {
        Random r = new Random(seed);
        int n = 1 + r.nextInt(40);
        Job job = new Job(seed, r, "global window, count trigger of " + n + ", reduce");
        Map<WindowId, List<Object>> actual = job.run(keyed -> keyed.window(GlobalWindows.<Ev>create())
                .trigger(CountTrigger.<GlobalWindow>of(n)), Fn.REDUCE_WITH_WINDOW);

        Map<WindowId, List<Object>> expected = new TreeMap<>();
        job.eventsByKey().forEach((key, events) -> {
            List<Object> firings = new ArrayList<>();
            for (int count = n; count <= events.size(); count += n) {
                firings.add(sumOf(events.subList(0, count)));
            }
            if (events.size() % n != 0) {
                firings.add(sumOf(events)); // the rest, at the end of input
            }
            expected.put(global(key), firings);
        });
        assertSameFirings(job.context, expected, actual);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void globalWindowWithItsDefaultTriggerFiresOnceAtTheEnd(long seed) throws Exception {
        Random r = new Random(seed);
        Fn fn = r.nextBoolean() ? Fn.PROCESS : Fn.AGGREGATE_WITH_WINDOW;
        Job job = new Job(seed, r, "global window, default trigger, " + fn);
        Map<WindowId, List<Object>> actual = job.run(keyed -> keyed.window(GlobalWindows.<Ev>create()), fn);

        Map<WindowId, List<Object>> expected = new TreeMap<>();
        job.eventsByKey().forEach((key, events) -> expected.put(global(key), List.of(fn.expected(events))));
        assertSameFirings(job.context, expected, actual);
    }

    // ---- processing-time windows: exactly once, whatever the timing ----------------------------

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void processingTimeTumblingWindowsHoldEachElementOnceInArrivalOrder(long seed) throws Exception {
        Random r = new Random(seed);
        long size = 1 + r.nextInt(3);
        ProcessingTimeRun run = runProcessingTime(seed, r, TumblingProcessingTimeWindows.of(Duration.ofMillis(size)),
                "processing-time tumbling " + size + " ms");
        run.assertWindowsOf(size, size);
        run.assertEachKeysWindowsConcatenateToItsElements();
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void processingTimeSlidingWindowsHoldEachElementInSizeOverSlideConsecutiveWindows(long seed) throws Exception {
        Random r = new Random(seed);
        long slide = 1 + r.nextInt(3);
        long perElement = 1 + r.nextInt(4);
        long size = slide * perElement;
        ProcessingTimeRun run = runProcessingTime(seed, r,
                SlidingProcessingTimeWindows.of(Duration.ofMillis(size), Duration.ofMillis(slide)),
                "processing-time sliding " + size + " ms every " + slide + " ms");
        run.assertWindowsOf(size, slide);
        Map<Integer, List<Long>> startsBySeq = new HashMap<>();
        for (Emission e : run.emissions) {
            for (Object seq : (List<?>) e.result()) {
                startsBySeq.computeIfAbsent((Integer) seq, s -> new ArrayList<>()).add(e.window().start());
            }
        }
        for (Ev e : run.events) {
            List<Long> starts = startsBySeq.getOrDefault(e.seq(), List.of()).stream().sorted().toList();
            assertThat(starts).as("%s: starts of the windows holding element %d", run.context, e.seq())
                    .hasSize((int) perElement);
            for (int i = 1; i < starts.size(); i++) {
                assertThat(starts.get(i) - starts.get(i - 1)).as("%s: windows of element %d are consecutive: %s",
                        run.context, e.seq(), starts).isEqualTo(slide);
            }
        }
        assertThat(startsBySeq.keySet()).as(run.context + ": elements in windows")
                .hasSize(run.events.size());
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void processingTimeSessionsHoldEachElementOnceInArrivalOrder(long seed) throws Exception {
        Random r = new Random(seed);
        long gap = 1 + r.nextInt(3);
        ProcessingTimeRun run = runProcessingTime(seed, r, ProcessingTimeSessionWindows.withGap(Duration.ofMillis(gap)),
                "processing-time sessions, gap " + gap + " ms");
        for (Emission e : run.emissions) {
            assertThat(e.window().end() - e.window().start()).as("%s: length of session %s", run.context, e.window())
                    .isGreaterThanOrEqualTo(gap);
            run.assertWithinTheRun(e);
        }
        run.assertEachKeysWindowsConcatenateToItsElements();
    }

    private static ProcessingTimeRun runProcessingTime(long seed, Random r, WindowAssigner<Ev, TimeWindow> assigner,
                                                       String what) throws Exception {
        StreamShape shape = StreamShape.random(r);
        List<Ev> input = generate(r, shape);
        int parallelism = 1 + (int) (seed % 4);
        String context = "seed " + seed + ": " + what + ", parallelism " + parallelism + ", " + shape;
        StreamEnvironment env = environment(r);
        CollectSink<Emission> sink = new CollectSink<>();
        keyedEventsWithoutTime(env, input).window(assigner).process(new ListSeqs<TimeWindow>())
                .setParallelism(parallelism)
                .sinkTo(sink);
        long startMs = System.currentTimeMillis();
        env.execute(context);
        long endMs = System.currentTimeMillis();

        List<Emission> emissions = sink.values();
        List<Long> timestamps = sink.timestamps();
        for (int i = 0; i < emissions.size(); i++) {
            assertThat(timestamps.get(i)).as("%s: timestamp of the result of %s", context, emissions.get(i).window())
                    .isEqualTo(emissions.get(i).window().end() - 1);
        }
        return new ProcessingTimeRun(context, eventsOf(input), emissions, startMs, endMs);
    }

    /** What a processing-time job emitted, in the order the sink received it. */
    private record ProcessingTimeRun(String context, List<Ev> events, List<Emission> emissions, long startMs,
                                     long endMs) {

        /** Each window has the size and alignment of the assigner, and holds an instant of the run. */
        void assertWindowsOf(long size, long slide) {
            for (Emission e : emissions) {
                assertThat(e.window().end() - e.window().start()).as("%s: size of %s", context, e.window())
                        .isEqualTo(size);
                assertThat(Math.floorMod(e.window().start(), slide)).as("%s: alignment of %s", context, e.window())
                        .isZero();
                assertWithinTheRun(e);
            }
        }

        void assertWithinTheRun(Emission e) {
            assertThat(e.window().start()).as("%s: start of %s, the job ran in [%d, %d]", context, e.window(),
                    startMs, endMs).isLessThanOrEqualTo(endMs);
            assertThat(e.window().end()).as("%s: end of %s, the job ran in [%d, %d]", context, e.window(),
                    startMs, endMs).isGreaterThan(startMs);
        }

        /**
         * A key's elements arrive in list order at non-decreasing processing times, so its windows
         * (which do not overlap) hold consecutive runs of them and fire in order: their contents,
         * concatenated, are the key's elements, each exactly once.
         */
        void assertEachKeysWindowsConcatenateToItsElements() {
            Map<Integer, List<Integer>> expected = new TreeMap<>();
            for (Ev e : events) {
                expected.computeIfAbsent(e.key(), k -> new ArrayList<>()).add(e.seq());
            }
            Map<Integer, List<Integer>> actual = new TreeMap<>();
            for (Emission e : emissions) {
                List<Integer> seqs = actual.computeIfAbsent(e.window().key(), k -> new ArrayList<>());
                for (Object seq : (List<?>) e.result()) {
                    seqs.add((Integer) seq);
                }
            }
            assertThat(actual).as(context + ": the seqs of each key's windows, concatenated in firing order")
                    .isEqualTo(expected);
        }
    }

    // ---- global window jobs --------------------------------------------------------------------

    /** The global window of {@code key}, as {@link WindowTestSupport.ListSeqs} and its kin report it. */
    private static WindowId global(int key) {
        return new WindowId(key, Long.MIN_VALUE, Long.MAX_VALUE);
    }

    /** A random input and environment for a global-window job. */
    private static final class Job {
        final List<Ev> input;
        final int parallelism;
        final String context;
        final StreamEnvironment env;

        Job(long seed, Random r, String what) {
            StreamShape shape = StreamShape.random(r);
            this.input = generate(r, shape);
            this.parallelism = 1 + (int) (seed % 4);
            this.context = "seed " + seed + ": " + what + ", parallelism " + parallelism + ", " + shape;
            this.env = environment(r);
        }

        Map<WindowId, List<Object>> run(
                Function<KeyedStream<Integer, Ev>, WindowedStream<Ev, Integer, GlobalWindow>> window, Fn fn)
                throws Exception {
            return WindowTestSupport.run(env, window.apply(keyedEventsWithoutTime(env, input)), fn, parallelism,
                    0, null, null, context);
        }

        /** Each key's events in arrival order. */
        Map<Integer, List<Ev>> eventsByKey() {
            Map<Integer, List<Ev>> byKey = new LinkedHashMap<>();
            for (Ev e : eventsOf(input)) {
                byKey.computeIfAbsent(e.key(), k -> new ArrayList<>()).add(e);
            }
            return byKey;
        }
    }
}
