package io.sluice.runtime.checkpoint;

import io.sluice.api.KeyedStream;
import io.sluice.api.StreamEnvironment;
import io.sluice.api.WindowedStream;
import io.sluice.api.connector.Sink;
import io.sluice.api.functions.AggregateFunction;
import io.sluice.api.functions.Collector;
import io.sluice.api.functions.ProcessFunction;
import io.sluice.api.functions.ReduceFunction;
import io.sluice.api.time.WatermarkStrategy;
import io.sluice.api.windowing.SlidingEventTimeWindows;
import io.sluice.api.windowing.TimeWindow;
import io.sluice.api.windowing.TumblingEventTimeWindows;
import io.sluice.runtime.checkpoint.WindowRecoveryScenarios.Backend;
import io.sluice.runtime.operators.window.SlicingWindowOperator;
import io.sluice.runtime.testing.FailingSequenceSource;
import io.sluice.runtime.testing.FaultInjector;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.Serializable;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static io.sluice.runtime.checkpoint.WindowRecoveryScenarios.mix;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keyed event-time tumbling and sliding windows with reduce and with aggregate — the windows kept in
 * slices ({@link SlicingWindowOperator}) — through checkpoints, injected failures and restores on
 * both state backends, and through savepoints restored at a lower and a higher parallelism and into
 * the other backend: the committed results are exactly a brute-force oracle's, every (key, window)
 * once, none missing, none repeated after a restore.
 *
 * <p>The input is random and out of order but a pure function of (seed, sequence number), so a
 * replay after a restore sees the same events: sequence number {@code v} becomes an event of a
 * random key at {@code v / 4} ms minus a random lag of up to {@link #MAX_LAG_MS}, with a random
 * value. The watermark allows {@link #OUT_OF_ORDERNESS_MS}, more than any lag, so no event is ever
 * late and every window's result is known in advance whatever the timing: the count, sum and a
 * fingerprint (a sum of per-event hashes, so a lost or doubled event shows) of its events.
 */
class SlicedWindowRecoveryTest {

    private static final int KEYS = 40;
    private static final long MAX_LAG_MS = 40;
    private static final long OUT_OF_ORDERNESS_MS = 50;

    @TempDir
    Path dir;

    /** The windows under test: tumbling, sliding with size 5 x slide, and sliding with a size that is no multiple of the slide. */
    enum Shape {
        TUMBLING_100(100, 100),
        SLIDING_250_BY_50(250, 50),
        SLIDING_300_BY_200(300, 200);

        final long sizeMs;
        final long slideMs;

        Shape(long sizeMs, long slideMs) {
            this.sizeMs = sizeMs;
            this.slideMs = slideMs;
        }

        WindowedStream<Reading, Long, TimeWindow> apply(KeyedStream<Long, Reading> keyed) {
            return sizeMs == slideMs
                    ? keyed.window(TumblingEventTimeWindows.of(Duration.ofMillis(sizeMs)))
                    : keyed.window(SlidingEventTimeWindows.of(Duration.ofMillis(sizeMs), Duration.ofMillis(slideMs)));
        }

        /** The starts of the windows holding {@code ts}, found by trying every slide step around it. */
        List<Long> startsOf(long ts) {
            List<Long> starts = new ArrayList<>();
            for (long k = Math.floorDiv(ts - sizeMs, slideMs) - 1; k <= Math.floorDiv(ts, slideMs) + 1; k++) {
                long start = k * slideMs;
                if (start <= ts && ts < start + sizeMs) {
                    starts.add(start);
                }
            }
            return starts;
        }
    }

    enum Fn { REDUCE, AGGREGATE }

    /** An event, or the reduction of a window's events: the count, sum and fingerprint of those it stands for. */
    record Reading(long key, long count, long sum, long fingerprint) implements Serializable {
    }

    // ---- the input, as a pure function of (seed, v) ----------------------------------------------

    private static long hash(long seed, long v) {
        return mix(seed * 0x9E3779B97F4A7C15L + v);
    }

    static long timestampOf(long seed, long v) {
        return v / 4 - Long.remainderUnsigned(hash(seed, v) >>> 8, MAX_LAG_MS + 1);
    }

    static Reading readingOf(long seed, long v) {
        long h = hash(seed, v);
        return new Reading(Long.remainderUnsigned(h, KEYS), 1, Long.remainderUnsigned(h >>> 24, 1000) - 300,
                mix(h ^ v) >>> 4);
    }

    /** What each (key, window) must emit once: "key@end=count/sum/fingerprint". */
    static List<String> oracle(long seed, long count, Shape shape) {
        Map<String, long[]> windows = new TreeMap<>();
        for (long v = 0; v < count; v++) {
            Reading r = readingOf(seed, v);
            for (long start : shape.startsOf(timestampOf(seed, v))) {
                long[] acc = windows.computeIfAbsent(r.key() + "@" + (start + shape.sizeMs), w -> new long[3]);
                acc[0]++;
                acc[1] += r.sum();
                acc[2] += r.fingerprint();
            }
        }
        List<String> out = new ArrayList<>();
        windows.forEach((w, acc) -> out.add(w + "=" + acc[0] + "/" + acc[1] + "/" + acc[2]));
        return out;
    }

    // ---- the job -------------------------------------------------------------------------------

    /** Adds readings; steps the fault injector on every call, also when slices are combined at a firing. */
    static final class SumReduce implements ReduceFunction<Reading> {
        private final FaultInjector faults;

        SumReduce(FaultInjector faults) {
            this.faults = faults;
        }

        @Override
        public Reading reduce(Reading a, Reading b) {
            if (faults != null) {
                faults.step(1);
            }
            assertThat(a.key()).isEqualTo(b.key());
            return new Reading(a.key(), a.count() + b.count(), a.sum() + b.sum(), a.fingerprint() + b.fingerprint());
        }
    }

    /** The same sums through an accumulator {key, count, sum, fingerprint}. */
    static final class SumAggregate implements AggregateFunction<Reading, long[], Reading> {
        private final FaultInjector faults;

        SumAggregate(FaultInjector faults) {
            this.faults = faults;
        }

        @Override
        public long[] createAccumulator() {
            return new long[] {-1, 0, 0, 0};
        }

        @Override
        public long[] add(Reading r, long[] acc) {
            if (faults != null) {
                faults.step(1);
            }
            acc[0] = r.key();
            acc[1] += r.count();
            acc[2] += r.sum();
            acc[3] += r.fingerprint();
            return acc;
        }

        @Override
        public Reading getResult(long[] acc) {
            return new Reading(acc[0], acc[1], acc[2], acc[3]);
        }

        @Override
        public long[] merge(long[] a, long[] b) {
            if (faults != null) {
                faults.step(1);
            }
            return new long[] {Math.max(a[0], b[0]), a[1] + b[1], a[2] + b[2], a[3] + b[3]};
        }
    }

    /** A window's result as "key@end=count/sum/fingerprint", its end read from its timestamp (end - 1). */
    static final class Labelled extends ProcessFunction<Reading, String> {
        @Override
        public void processElement(Reading r, Context ctx, Collector<String> out) {
            out.collect(r.key() + "@" + (ctx.timestamp() + 1) + "=" + r.count() + "/" + r.sum() + "/" + r.fingerprint());
        }
    }

    static void build(StreamEnvironment env, long seed, FailingSequenceSource source, FaultInjector faults,
                      Shape shape, Fn fn, Sink<String> sink) {
        KeyedStream<Long, Reading> keyed = env.fromSource(source,
                        WatermarkStrategy.<Long>forBoundedOutOfOrderness(Duration.ofMillis(OUT_OF_ORDERNESS_MS))
                                .withTimestampAssigner((v, ts) -> timestampOf(seed, v)), "sequence").uid("sequence")
                .map(v -> {
                    if (faults != null) {
                        faults.step(0);
                    }
                    return readingOf(seed, v);
                }).uid("readings")
                .keyBy(Reading::key);
        WindowedStream<Reading, Long, TimeWindow> windowed = shape.apply(keyed);
        (fn == Fn.REDUCE ? windowed.reduce(new SumReduce(faults)) : windowed.aggregate(new SumAggregate(faults)))
                .uid("sliced-window")
                .process(new Labelled()).uid("labelled")
                .sinkTo(sink);
    }

    // ---- failures and restores from checkpoints ------------------------------------------------

    static Stream<Arguments> recoveryCases() {
        return Stream.of(
                Arguments.of(Shape.TUMBLING_100, Fn.REDUCE, Backend.OFF_HEAP, 1L),
                Arguments.of(Shape.TUMBLING_100, Fn.AGGREGATE, Backend.HEAP, 2L),
                Arguments.of(Shape.SLIDING_250_BY_50, Fn.REDUCE, Backend.HEAP, 3L),
                Arguments.of(Shape.SLIDING_250_BY_50, Fn.AGGREGATE, Backend.OFF_HEAP, 4L),
                Arguments.of(Shape.SLIDING_300_BY_200, Fn.REDUCE, Backend.OFF_HEAP, 5L),
                Arguments.of(Shape.SLIDING_300_BY_200, Fn.AGGREGATE, Backend.HEAP, 6L));
    }

    @ParameterizedTest(name = "{0} {1} on {2}, seed {3}")
    @MethodSource("recoveryCases")
    void everyWindowResultIsCommittedExactlyOnceAcrossInjectedFailures(Shape shape, Fn fn, Backend backend, long seed)
            throws Exception {
        long count = 40_000;
        String context = shape + " " + fn + " on " + backend + ", seed " + seed;
        WindowRecoveryScenarios.recoverAcrossFailures(dir, "sliced-window", seed, count, backend,
                oracle(seed, count, shape), context,
                (env, source, faults, sink) -> build(env, seed, source, faults, shape, fn, sink));
    }

    // ---- savepoints at other parallelisms and backends -----------------------------------------

    static Stream<Arguments> savepointCases() {
        return Stream.of(
                Arguments.of(Shape.SLIDING_300_BY_200, Fn.AGGREGATE, Backend.OFF_HEAP, Backend.HEAP, 1, 11L),
                Arguments.of(Shape.SLIDING_250_BY_50, Fn.REDUCE, Backend.HEAP, Backend.OFF_HEAP, 3, 12L),
                Arguments.of(Shape.TUMBLING_100, Fn.AGGREGATE, Backend.OFF_HEAP, Backend.OFF_HEAP, 3, 13L),
                Arguments.of(Shape.SLIDING_300_BY_200, Fn.REDUCE, Backend.HEAP, Backend.HEAP, 1, 14L));
    }

    @ParameterizedTest(name = "{0} {1}: {2} at 2 to {3} at {4}, seed {5}")
    @MethodSource("savepointCases")
    void aSavepointTakenMidStreamFinishesExactlyAtAnotherParallelismAndBackend(Shape shape, Fn fn, Backend from,
                                                                               Backend to, int parallelism, long seed)
            throws Exception {
        long count = 30_000;
        String context = shape + " " + fn + ", " + from + " at 2 to " + to + " at " + parallelism + ", seed " + seed;
        WindowRecoveryScenarios.savepointAndRescale(dir, "sliced-window", count, from, to, parallelism,
                SlicingWindowOperator.SLICES, "the savepoint holds the windows' slices: the sliced operator ran",
                oracle(seed, count, shape), context,
                (env, source, faults, sink) -> build(env, seed, source, faults, shape, fn, sink));
    }
}
