package io.sluice.runtime.checkpoint;

import io.sluice.api.DataStream;
import io.sluice.api.StreamEnvironment;
import io.sluice.api.WindowedStream;
import io.sluice.api.connector.Sink;
import io.sluice.api.functions.Collector;
import io.sluice.api.functions.ProcessFunction;
import io.sluice.api.functions.ProcessWindowFunction;
import io.sluice.api.time.WatermarkStrategy;
import io.sluice.api.windowing.EventTimeSessionWindows;
import io.sluice.api.windowing.TimeWindow;
import io.sluice.runtime.checkpoint.WindowRecoveryScenarios.Backend;
import io.sluice.runtime.checkpoint.SlicedWindowRecoveryTest.Labelled;
import io.sluice.runtime.checkpoint.SlicedWindowRecoveryTest.Reading;
import io.sluice.runtime.checkpoint.SlicedWindowRecoveryTest.SumAggregate;
import io.sluice.runtime.checkpoint.SlicedWindowRecoveryTest.SumReduce;
import io.sluice.runtime.operators.window.SessionWindowOperator;
import io.sluice.runtime.testing.FailingSequenceSource;
import io.sluice.runtime.testing.FaultInjector;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static io.sluice.runtime.checkpoint.WindowRecoveryScenarios.mix;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keyed event-time session windows with reduce, with aggregate and with reduce plus a
 * {@link ProcessWindowFunction} — each key's open sessions kept in one record
 * ({@link SessionWindowOperator}) — through checkpoints, injected failures and restores on both
 * state backends, and through savepoints restored at a lower and a higher parallelism and into the
 * other backend: the committed results are exactly a brute-force oracle's, every session once with
 * its bounds, none missing, none repeated after a restore.
 *
 * <p>The input is random and out of order but a pure function of (seed, sequence number), so a
 * replay sees the same events: sequence number {@code v} becomes an event at {@code v / 4} ms minus
 * a random lag of up to {@link #MAX_LAG_MS}, of a key drawn with a skew (key 0 has an event every
 * 1.6 ms on average, key 39 one every 20 ms), so dense keys grow sessions far past the timer they
 * were opened with and sparse keys open many short ones, which events arriving late bridge. The
 * watermark allows {@link #OUT_OF_ORDERNESS_MS}, more than any lag, so no event is ever late (none
 * even reaches a session that could have fired): the sessions are those of all events of a key
 * sorted by time, whatever the timing.
 */
class SessionWindowRecoveryTest {

    private static final int KEYS = 40;
    private static final long MAX_LAG_MS = 40;
    private static final long OUT_OF_ORDERNESS_MS = 50;

    @TempDir
    Path dir;

    enum Fn { REDUCE, AGGREGATE, REDUCE_WITH_WINDOW }

    // ---- the input, as a pure function of (seed, v) ----------------------------------------------

    private static long hash(long seed, long v) {
        return mix(seed * 0x9E3779B97F4A7C15L + v + 0x5E55);
    }

    static long timestampOf(long seed, long v) {
        return v / 4 - Long.remainderUnsigned(hash(seed, v) >>> 8, MAX_LAG_MS + 1);
    }

    /** A reading of a key {@code floor(KEYS * u^2)} for a uniform {@code u}: low keys dense, high keys sparse. */
    static Reading readingOf(long seed, long v) {
        long h = hash(seed, v);
        long u = Long.remainderUnsigned(h, 1000);
        return new Reading(u * u * KEYS / 1_000_000, 1, Long.remainderUnsigned(h >>> 24, 1000) - 300,
                mix(h ^ v) >>> 4);
    }

    /** The sessions of one key, as {start, end, count, sum, fingerprint}. */
    private static final class Sessions {
        final List<long[]> closed = new ArrayList<>();
        long[] open;

        void add(long ts, Reading r, long gap) {
            if (open != null && ts <= open[1]) { // [ts, ts + gap) touches or overlaps the open session
                open[1] = Math.max(open[1], ts + gap);
            } else {
                if (open != null) {
                    closed.add(open);
                }
                open = new long[] {ts, ts + gap, 0, 0, 0};
            }
            open[2]++;
            open[3] += r.sum();
            open[4] += r.fingerprint();
        }
    }

    /**
     * What each session must emit once: "key@end=count/sum/fingerprint", and with the window function
     * "key@[start,end)=count/sum/fingerprint t=end-1". Found by sorting each key's events by time and
     * merging those closer than the gap, independent of the operator's merging.
     */
    static List<String> oracle(long seed, long count, long gap, Fn fn) {
        Map<Long, List<long[]>> eventsByKey = new TreeMap<>(); // {ts, v}
        for (long v = 0; v < count; v++) {
            eventsByKey.computeIfAbsent(readingOf(seed, v).key(), k -> new ArrayList<>())
                    .add(new long[] {timestampOf(seed, v), v});
        }
        List<String> out = new ArrayList<>();
        eventsByKey.forEach((key, events) -> {
            events.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
            Sessions sessions = new Sessions();
            for (long[] e : events) {
                sessions.add(e[0], readingOf(seed, e[1]), gap);
            }
            sessions.closed.add(sessions.open);
            for (long[] s : sessions.closed) {
                String result = s[2] + "/" + s[3] + "/" + s[4];
                out.add(fn == Fn.REDUCE_WITH_WINDOW
                        ? key + "@[" + s[0] + "," + s[1] + ")=" + result + " t=" + (s[1] - 1)
                        : key + "@" + s[1] + "=" + result);
            }
        });
        out.sort(null);
        return out;
    }

    /**
     * How many events, taken in sequence order, bridge two or more sessions of their key opened by
     * earlier events (sessions never close here: no event is late): that the input merges sessions
     * out of order, not only extends them.
     */
    static int bridges(long seed, long count, long gap) {
        Map<Long, List<long[]>> live = new TreeMap<>(); // {start, end}
        int bridges = 0;
        for (long v = 0; v < count; v++) {
            long ts = timestampOf(seed, v);
            long start = ts;
            long end = ts + gap;
            int touched = 0;
            List<long[]> sessions = live.computeIfAbsent(readingOf(seed, v).key(), k -> new ArrayList<>());
            for (Iterator<long[]> it = sessions.iterator(); it.hasNext(); ) {
                long[] s = it.next();
                if (s[0] <= ts + gap && s[1] >= ts) {
                    touched++;
                    start = Math.min(start, s[0]);
                    end = Math.max(end, s[1]);
                    it.remove();
                }
            }
            sessions.add(new long[] {start, end});
            if (touched >= 2) {
                bridges++;
            }
        }
        return bridges;
    }

    // ---- the job -------------------------------------------------------------------------------

    /** A session's result with the bounds its window function is given: "key@[start,end)=count/sum/fingerprint". */
    static final class Bounds extends ProcessWindowFunction<Reading, String, Long, TimeWindow> {
        @Override
        public void process(Long key, Context context, Iterable<Reading> elements, Collector<String> out) {
            List<Reading> results = new ArrayList<>();
            elements.forEach(results::add);
            assertThat(results).as("the window function sees the reduced session").hasSize(1);
            Reading r = results.get(0);
            assertThat(r.key()).as("the key made current for the window function").isEqualTo(key);
            TimeWindow w = context.window();
            out.collect(key + "@[" + w.start() + "," + w.end() + ")=" + r.count() + "/" + r.sum() + "/" + r.fingerprint());
        }
    }

    /** Appends the timestamp the window function's results carry (a session's end - 1). */
    static final class Stamped extends ProcessFunction<String, String> {
        @Override
        public void processElement(String s, Context ctx, Collector<String> out) {
            out.collect(s + " t=" + ctx.timestamp());
        }
    }

    static void build(StreamEnvironment env, long seed, FailingSequenceSource source, FaultInjector faults,
                      long gap, Fn fn, Sink<String> sink) {
        WindowedStream<Reading, Long, TimeWindow> windowed = env.fromSource(source,
                        WatermarkStrategy.<Long>forBoundedOutOfOrderness(Duration.ofMillis(OUT_OF_ORDERNESS_MS))
                                .withTimestampAssigner((v, ts) -> timestampOf(seed, v)), "sequence").uid("sequence")
                .map(v -> {
                    if (faults != null) {
                        faults.step(0);
                    }
                    return readingOf(seed, v);
                }).uid("readings")
                .keyBy(Reading::key)
                .window(EventTimeSessionWindows.withGap(Duration.ofMillis(gap)));
        DataStream<String> labelled = switch (fn) {
            case REDUCE -> windowed.reduce(new SumReduce(faults)).uid("session-window")
                    .process(new Labelled()).uid("labelled");
            case AGGREGATE -> windowed.aggregate(new SumAggregate(faults)).uid("session-window")
                    .process(new Labelled()).uid("labelled");
            case REDUCE_WITH_WINDOW -> windowed.reduce(new SumReduce(faults), new Bounds()).uid("session-window")
                    .process(new Stamped()).uid("labelled");
        };
        labelled.sinkTo(sink);
    }

    // ---- failures and restores from checkpoints ------------------------------------------------

    static Stream<Arguments> recoveryCases() {
        return Stream.of(
                Arguments.of(5L, Fn.REDUCE, Backend.OFF_HEAP, 21L),
                Arguments.of(20L, Fn.AGGREGATE, Backend.HEAP, 22L),
                Arguments.of(60L, Fn.REDUCE_WITH_WINDOW, Backend.OFF_HEAP, 23L),
                Arguments.of(5L, Fn.REDUCE_WITH_WINDOW, Backend.HEAP, 24L),
                Arguments.of(60L, Fn.AGGREGATE, Backend.OFF_HEAP, 25L),
                Arguments.of(20L, Fn.REDUCE, Backend.HEAP, 26L));
    }

    @ParameterizedTest(name = "gap {0} ms, {1} on {2}, seed {3}")
    @MethodSource("recoveryCases")
    void everySessionIsCommittedExactlyOnceAcrossInjectedFailures(long gap, Fn fn, Backend backend, long seed)
            throws Exception {
        long count = 24_000;
        String context = "gap " + gap + " ms, " + fn + " on " + backend + ", seed " + seed;
        assertThat(bridges(seed, count, gap)).as(context + ": events bridging sessions").isPositive();
        WindowRecoveryScenarios.recoverAcrossFailures(dir, "session-window", seed, count, backend,
                oracle(seed, count, gap, fn), context,
                (env, source, faults, sink) -> build(env, seed, source, faults, gap, fn, sink));
    }

    // ---- savepoints at other parallelisms and backends -----------------------------------------

    static Stream<Arguments> savepointCases() {
        return Stream.of(
                Arguments.of(20L, Fn.REDUCE_WITH_WINDOW, Backend.HEAP, Backend.OFF_HEAP, 1, 31L),
                Arguments.of(60L, Fn.AGGREGATE, Backend.OFF_HEAP, Backend.HEAP, 3, 32L),
                Arguments.of(5L, Fn.REDUCE, Backend.OFF_HEAP, Backend.OFF_HEAP, 3, 33L),
                Arguments.of(60L, Fn.REDUCE_WITH_WINDOW, Backend.HEAP, Backend.HEAP, 1, 34L));
    }

    @ParameterizedTest(name = "gap {0} ms, {1}: {2} at 2 to {3} at {4}, seed {5}")
    @MethodSource("savepointCases")
    void aSavepointTakenMidStreamFinishesExactlyAtAnotherParallelismAndBackend(long gap, Fn fn, Backend from,
                                                                               Backend to, int parallelism, long seed)
            throws Exception {
        long count = 24_000;
        String context = "gap " + gap + " ms, " + fn + ", " + from + " at 2 to " + to + " at " + parallelism
                + ", seed " + seed;
        WindowRecoveryScenarios.savepointAndRescale(dir, "session-window", count, from, to, parallelism,
                SessionWindowOperator.SESSIONS, "the savepoint holds the sessions' records: the session operator ran",
                oracle(seed, count, gap, fn), context,
                (env, source, faults, sink) -> build(env, seed, source, faults, gap, fn, sink));
    }
}
