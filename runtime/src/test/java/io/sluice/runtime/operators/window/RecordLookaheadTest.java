package io.sluice.runtime.operators.window;

import io.sluice.api.functions.ReduceFunction;
import io.sluice.api.graph.OperatorSpec;
import io.sluice.api.serialization.Serializers;
import io.sluice.api.windowing.AlignedWindows;
import io.sluice.api.windowing.EventTimeTrigger;
import io.sluice.api.windowing.SlidingEventTimeWindows;
import io.sluice.api.windowing.TimeWindow;
import io.sluice.api.windowing.TumblingEventTimeWindows;
import io.sluice.runtime.testing.OperatorHarness;
import io.sluice.runtime.testing.StreamRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Once a window's heap folds are bypassed (about as many keys as elements), elements are held a
 * few at a time ({@link RecordLookahead}) so their records are read together before they are
 * applied. Nothing held is ever missing from a firing, and each key's elements reach its slices in
 * the order they came.
 */
class RecordLookaheadTest {

    /** An element: its key and a token; a window's result concatenates its elements' tokens. */
    record Ev(long key, String tokens) {
    }

    /** Associative but not commutative: a result shows the order its elements were applied in. */
    private static final ReduceFunction<Ev> CONCAT = (a, b) -> new Ev(a.key(), a.tokens() + b.tokens());

    /** Keys of the elements that fill the fold table and trip its bypass; the tests' own keys are below. */
    private static final long FILLER_KEYS = 1L << 40;

    enum Shape {
        TUMBLING(TumblingEventTimeWindows.of(Duration.ofMillis(20))),
        SLIDING(SlidingEventTimeWindows.of(Duration.ofMillis(50), Duration.ofMillis(10)));

        final AlignedWindows windows;

        Shape(AlignedWindows windows) {
            this.windows = windows;
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static OperatorHarness<Ev, Ev> open(Shape shape) throws Exception {
        OperatorSpec.KeyedWindow<Long, Ev, TimeWindow> spec = new OperatorSpec.KeyedWindow<>(Ev::key,
                (io.sluice.api.windowing.WindowAssigner) shape.windows, EventTimeTrigger.create(), 0, null, CONCAT,
                null, Serializers.of(Ev.class), null, null);
        return OperatorHarness.<Long, Ev, TimeWindow, Ev>forWindow(spec).open();
    }

    /**
     * Fills the fold table with one element of each of as many keys as it holds, at time 0: it drains
     * full having folded nothing, and the next {@link FoldBypass#BYPASS_RECORDS} elements bypass it.
     */
    private static void tripTheBypass(OperatorHarness<Ev, Ev> h) throws Exception {
        for (long i = 0; i < SliceFolds.MAX_CAPACITY; i++) {
            h.processElement(new Ev(FILLER_KEYS + i, "f"), 0);
        }
        assertThat(h.numKeyedStateEntries()).as("the full table, drained into the state").isEqualTo(SliceFolds.MAX_CAPACITY);
    }

    @Test
    void bypassedElementsAreHeldInBatchesAndAllReachTheStateBeforeTheWatermark() throws Exception {
        try (OperatorHarness<Ev, Ev> h = open(Shape.TUMBLING)) {
            tripTheBypass(h);
            long before = h.numKeyedStateEntries();
            for (int i = 0; i < RecordLookahead.SIZE - 1; i++) {
                h.processElement(new Ev(i, "a" + i), 25);
            }
            assertThat(h.numKeyedStateEntries()).as("a batch not yet full is held").isEqualTo(before);
            h.processElement(new Ev(RecordLookahead.SIZE - 1, "a" + (RecordLookahead.SIZE - 1)), 25);
            assertThat(h.numKeyedStateEntries()).as("a full batch is applied").isEqualTo(before + RecordLookahead.SIZE);

            h.processElement(new Ev(100, "x"), 30);
            h.processElement(new Ev(100, "y"), 31);
            h.processElement(new Ev(0, "b"), 22);
            assertThat(h.numKeyedStateEntries()).isEqualTo(before + RecordLookahead.SIZE);
            h.processWatermark(39); // fires [20, 40): the held elements are in it

            List<StreamRecord<Ev>> out = h.outputWithTimestamps();
            assertThat(out.stream().filter(r -> r.value().key() < FILLER_KEYS).toList())
                    .as("every element of [20, 40), the held ones too")
                    .containsExactlyInAnyOrder(expectedBatch());
            assertThat(out).as("with the filler keys' windows of [0, 20)").hasSize(SliceFolds.MAX_CAPACITY + RecordLookahead.SIZE + 1);
        }
    }

    private static StreamRecord<Ev>[] expectedBatch() {
        List<StreamRecord<Ev>> expected = new ArrayList<>();
        for (int i = 0; i < RecordLookahead.SIZE; i++) {
            expected.add(new StreamRecord<>(new Ev(i, i == 0 ? "a0b" : "a" + i), 39));
        }
        expected.add(new StreamRecord<>(new Ev(100, "xy"), 39));
        @SuppressWarnings("unchecked")
        StreamRecord<Ev>[] array = expected.toArray(new StreamRecord[0]);
        return array;
    }

    /**
     * A random out-of-order stream over many keys and a few hot ones (so a key repeats within a
     * batch), with late elements, behind a tripped bypass, against a brute-force oracle: every
     * window's result exactly, tokens in arrival order for tumbling windows (one slice each), and as
     * a multiset for sliding ones (whose result combines slices in time order).
     */
    @ParameterizedTest
    @EnumSource(Shape.class)
    void everyWindowOfARandomStreamIsExactAcrossTheLookahead(Shape shape) throws Exception {
        long size = shape.windows.sizeMillis();
        long slide = shape.windows.slideMillis();
        Map<String, StringBuilder> open = new HashMap<>();
        List<String> expected = new ArrayList<>();
        List<String> actual;
        try (OperatorHarness<Ev, Ev> h = open(shape)) {
            tripTheBypass(h);
            actual = drive(h, new Random(shape.ordinal() * 31L + 7), new Oracle<>() {
                @Override
                public Ev element(long key, int i, Random r) {
                    return new Ev(key, Integer.toString(i, 36) + ",");
                }

                @Override
                public boolean add(long key, long ts, Ev element, long watermark) {
                    long lastEnd = Math.floorDiv(ts, slide) * slide + size;
                    if (lastEnd - 1 <= watermark) {
                        return false;
                    }
                    for (long end = lastEnd; end > ts; end -= slide) { // every window holding ts
                        if (end - 1 > watermark) {
                            open.computeIfAbsent(key + "@" + end, w -> new StringBuilder()).append(element.tokens());
                        }
                    }
                    return true;
                }

                @Override
                public void fire(long watermark) {
                    open.entrySet().removeIf(w -> {
                        long end = Long.parseLong(w.getKey().substring(w.getKey().indexOf('@') + 1));
                        if (end - 1 > watermark) {
                            return false;
                        }
                        expected.add(w.getKey() + "=" + w.getValue());
                        return true;
                    });
                }

                @Override
                public long keyOf(Ev result) {
                    return result.key();
                }

                @Override
                public String contentsOf(Ev result) {
                    return result.tokens();
                }
            });
        }
        assertSameResults(normalised(actual, shape), normalised(expected, shape));
    }

    // ---- session windows -----------------------------------------------------------------------

    /** Fills the session folds with one element of each of as many keys as they hold: they drain full, folded nothing, and are bypassed. */
    private static void tripTheSessionBypass(OperatorHarness<SessionSums.Ev, SessionSums.Ev> h) throws Exception {
        for (long i = 0; i < SessionFolds.MAX_KEYS; i++) {
            h.processElement(new SessionSums.Ev(FILLER_KEYS + i, 1), 0);
        }
        assertThat(h.numKeyedStateEntries()).as("the full table, drained into the state").isEqualTo(SessionFolds.MAX_KEYS);
    }

    @Test
    void bypassedSessionElementsAreHeldInBatchesAndJoinedByALaterPossiblyLateElement() throws Exception {
        try (OperatorHarness<SessionSums.Ev, SessionSums.Ev> h = SessionSums.open()) {
            tripTheSessionBypass(h);
            h.processWatermark(100); // fires the filler sessions [0, 10)
            assertThat(h.numKeyedStateEntries()).isZero();
            for (int i = 0; i < RecordLookahead.SIZE - 1; i++) {
                h.processElement(new SessionSums.Ev(i, 1), 150);
            }
            assertThat(h.numKeyedStateEntries()).as("a batch not yet full is held").isZero();
            h.processElement(new SessionSums.Ev(RecordLookahead.SIZE - 1, 1), 150);
            assertThat(h.numKeyedStateEntries()).as("a full batch is applied").isEqualTo(RecordLookahead.SIZE);

            h.processElement(new SessionSums.Ev(100, 2), 95); // [95, 105): not late, held
            h.processElement(new SessionSums.Ev(100, 4), 85); // [85, 95): the watermark passed it, but it touches the held one
            h.processElement(new SessionSums.Ev(101, 8), 60); // [60, 70): touches nothing, late
            h.processWatermark(200);

            List<StreamRecord<SessionSums.Ev>> ours = h.outputWithTimestamps().stream()
                    .filter(r -> r.value().key() < FILLER_KEYS).toList();
            List<StreamRecord<SessionSums.Ev>> expected = new ArrayList<>();
            for (int i = 0; i < RecordLookahead.SIZE; i++) {
                expected.add(new StreamRecord<>(new SessionSums.Ev(i, 1), 150 + SessionSums.GAP - 1));
            }
            expected.add(new StreamRecord<>(new SessionSums.Ev(100, 6), 104));
            assertThat(ours).containsExactlyInAnyOrderElementsOf(expected);
            assertThat(h.recordsDropped()).as("only the element that touched nothing").isEqualTo(1);
        }
    }

    /**
     * A random out-of-order stream of sessions over many keys and a few hot ones, with late
     * elements, behind a tripped bypass, against a simulation of the session semantics: each key's
     * open sessions, merged when an element's own session touches them, fired when the watermark
     * passes their end; an element whose own session the watermark passed and that touches no open
     * session is late.
     */
    @Test
    void everySessionOfARandomStreamIsExactAcrossTheLookahead() throws Exception {
        long gap = SessionSums.GAP;
        Map<Long, List<long[]>> open = new HashMap<>(); // per key: {start, end, sum}
        List<String> expected = new ArrayList<>();
        List<String> actual;
        try (OperatorHarness<SessionSums.Ev, SessionSums.Ev> h = SessionSums.open()) {
            tripTheSessionBypass(h);
            actual = drive(h, new Random(11), new Oracle<>() {
                @Override
                public SessionSums.Ev element(long key, int i, Random r) {
                    return new SessionSums.Ev(key, 1 + r.nextInt(1000));
                }

                @Override
                public boolean add(long key, long ts, SessionSums.Ev element, long watermark) {
                    List<long[]> sessions = open.computeIfAbsent(key, k -> new ArrayList<>());
                    long[] merged = {ts, ts + gap, element.value()};
                    boolean touched = sessions.removeIf(session -> {
                        if (session[0] > merged[1] || session[1] < merged[0]) {
                            return false;
                        }
                        merged[0] = Math.min(merged[0], session[0]);
                        merged[1] = Math.max(merged[1], session[1]);
                        merged[2] += session[2];
                        return true;
                    });
                    if (!touched && merged[1] - 1 <= watermark) {
                        return false;
                    }
                    sessions.add(merged);
                    return true;
                }

                @Override
                public void fire(long watermark) {
                    open.forEach((key, sessions) -> sessions.removeIf(session -> {
                        if (session[1] - 1 > watermark) {
                            return false;
                        }
                        expected.add(key + "@" + session[1] + "=" + session[2]);
                        return true;
                    }));
                }

                @Override
                public long keyOf(SessionSums.Ev result) {
                    return result.key();
                }

                @Override
                public String contentsOf(SessionSums.Ev result) {
                    return Long.toString(result.value());
                }
            });
        }
        assertSameResults(actual, expected);
    }

    // ---- the random stream both kinds of window are checked on ---------------------------------

    /** What a window of each kind should do, element by element: the test's brute-force model. */
    private interface Oracle<E> {
        E element(long key, int i, Random r);

        /** Applies an element that came when the watermark was {@code watermark}; false when it is late. */
        boolean add(long key, long ts, E element, long watermark);

        /** Moves what {@code watermark} passed to the expected results, as "key@end=contents". */
        void fire(long watermark);

        long keyOf(E result);

        String contentsOf(E result);
    }

    /**
     * Feeds {@code h} and {@code oracle} the same random out-of-order stream: 200,000 elements over
     * many keys and a few hot ones (so a key repeats within a batch), 1 % of them far behind, a
     * watermark every 700 elements and a last one at the end. Checks the late elements dropped and
     * returns the window's results (of the tests' keys) as "key@end=contents".
     */
    private static <E> List<String> drive(OperatorHarness<E, E> h, Random r, Oracle<E> oracle) throws Exception {
        long watermark = Long.MIN_VALUE;
        long maxTs = 0;
        long dropped = 0;
        for (int i = 0; i < 200_000; i++) {
            long key = r.nextInt(10) == 0 ? r.nextInt(8) : 8 + r.nextInt(150_000);
            long lag = r.nextInt(100) == 0 ? r.nextInt(300) : r.nextInt(40);
            long ts = Math.max(0, 40 + i / 50 - lag);
            E element = oracle.element(key, i, r);
            h.processElement(element, ts);
            maxTs = Math.max(maxTs, ts);
            if (!oracle.add(key, ts, element, watermark)) {
                dropped++;
            }
            if (i % 700 == 699) {
                watermark = maxTs - 50;
                h.processWatermark(watermark);
                oracle.fire(watermark);
            }
        }
        h.processWatermark(Long.MAX_VALUE);
        oracle.fire(Long.MAX_VALUE);
        assertThat(dropped).as("the stream has late elements").isPositive();
        assertThat(h.recordsDropped()).as("late elements dropped").isEqualTo(dropped);
        List<String> results = new ArrayList<>();
        for (StreamRecord<E> out : h.outputWithTimestamps()) {
            if (oracle.keyOf(out.value()) < FILLER_KEYS) {
                results.add(oracle.keyOf(out.value()) + "@" + (out.timestamp() + 1) + "=" + oracle.contentsOf(out.value()));
            }
        }
        return results;
    }

    /** Every expected result once and nothing else, compared sorted: an unordered comparison of a million results is quadratic. */
    private static void assertSameResults(List<String> actual, List<String> expected) {
        List<String> sortedActual = new ArrayList<>(actual);
        List<String> sortedExpected = new ArrayList<>(expected);
        sortedActual.sort(null);
        sortedExpected.sort(null);
        assertThat(sortedActual).as("every window's result, once").hasSameSizeAs(sortedExpected);
        assertThat(sortedActual).as("every window's result, once").isEqualTo(sortedExpected);
    }

    /** Sliding windows' tokens as a sorted multiset; tumbling ones as they are. */
    private static List<String> normalised(List<String> results, Shape shape) {
        if (shape == Shape.TUMBLING) {
            return new ArrayList<>(results);
        }
        List<String> out = new ArrayList<>();
        for (String result : results) {
            int eq = result.indexOf('=');
            String[] tokens = result.substring(eq + 1).split(",");
            Arrays.sort(tokens);
            out.add(result.substring(0, eq + 1) + String.join(",", tokens));
        }
        return out;
    }
}
