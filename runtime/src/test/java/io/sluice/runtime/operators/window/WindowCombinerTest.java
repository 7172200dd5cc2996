package io.sluice.runtime.operators.window;

import io.sluice.api.OutputTag;
import io.sluice.api.functions.AggregateFunction;
import io.sluice.api.functions.ReduceFunction;
import io.sluice.api.functions.RuntimeContext;
import io.sluice.api.graph.OperatorSpec;
import io.sluice.api.serialization.Serializers;
import io.sluice.api.windowing.EventTimeSessionWindows;
import io.sluice.api.windowing.EventTimeTrigger;
import io.sluice.api.windowing.SlidingEventTimeWindows;
import io.sluice.api.windowing.TimeWindow;
import io.sluice.api.windowing.TumblingEventTimeWindows;
import io.sluice.api.windowing.WindowAssigner;
import io.sluice.runtime.channel.KeyGroupPartitioner;
import io.sluice.state.KeyGroups;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The sending side of a two-stage window aggregation, on its own: what it folds, sends and refuses. */
class WindowCombinerTest {

    private static final int MAX_PARALLELISM = 128;

    /** A record: key, value, and its timestamp is the value. */
    record Ev(long key, long value) {
    }

    private static final ReduceFunction<Ev> SUM = (a, b) -> new Ev(a.key(), a.value() + b.value());

    /** One partial as sent: the channel, the partial and its timestamp. */
    record Sent(int channel, WindowPartial partial, long timestamp) {
    }

    private static OperatorSpec.KeyedWindow<Long, Ev, TimeWindow> window(WindowAssigner<Object, TimeWindow> assigner,
                                                                        ReduceFunction<Ev> reduce,
                                                                        AggregateFunction<Ev, ?, ?> aggregate,
                                                                        OutputTag<Ev> lateTag) {
        return new OperatorSpec.KeyedWindow<>(Ev::key, assigner, EventTimeTrigger.create(), 0, lateTag, reduce,
                aggregate, Serializers.of(Ev.class), null, null);
    }

    private static WindowCombiner combiner(WindowAssigner<Object, TimeWindow> assigner) {
        return WindowCombiner.forWindow(window(assigner, SUM, null, null), keys());
    }

    private static KeyGroupPartitioner keys() {
        return new KeyGroupPartitioner((Ev e) -> e.key(), MAX_PARALLELISM);
    }

    private static List<Sent> flush(WindowCombiner combiner, int channels) {
        List<Sent> sent = new ArrayList<>();
        combiner.flush((c, partial, ts) -> sent.add(new Sent(c, (WindowPartial) partial, ts)), channels);
        return sent;
    }

    @Test
    void foldsRecordsPerKeyAndSliceAndSendsEachPartialToItsKeysChannel() throws Exception {
        WindowCombiner c = combiner(SlidingEventTimeWindows.of(Duration.ofMillis(100), Duration.ofMillis(40)));
        // slices of gcd(100, 40) = 20 ms: [0, 20) and [20, 40)
        for (long ts = 0; ts < 40; ts++) {
            assertThat(c.combine(new Ev(ts % 3, ts), ts)).isTrue();
        }

        List<Sent> sent = flush(c, 4);

        assertThat(sent).hasSize(6); // three keys, two slices
        Map<String, Long> sums = new HashMap<>();
        int records = 0;
        for (Sent s : sent) {
            WindowPartial p = s.partial();
            long key = (Long) p.key;
            long sliceStart = s.timestamp() / 20 * 20;
            assertThat(p.keyGroup).isEqualTo(KeyGroups.keyGroupFor(key, MAX_PARALLELISM));
            assertThat(s.channel()).isEqualTo(KeyGroups.subtaskFor(p.keyGroup, MAX_PARALLELISM, 4));
            sums.put(key + "@" + sliceStart, ((Ev) p.accumulator).value());
            records += p.records;
        }
        assertThat(records).isEqualTo(40);
        for (long key = 0; key < 3; key++) {
            for (long slice = 0; slice < 40; slice += 20) {
                long sum = 0;
                for (long ts = slice; ts < slice + 20; ts++) {
                    sum += ts % 3 == key ? ts : 0;
                }
                assertThat(sums).containsEntry(key + "@" + slice, sum);
            }
        }
        assertThat(c.size()).isZero();
        assertThat(flush(c, 4)).as("a second flush sends nothing").isEmpty();
    }

    @Test
    void anAggregateFoldsIntoItsOwnAccumulators() throws Exception {
        AggregateFunction<Ev, long[], Long> count = new AggregateFunction<>() {
            @Override
            public long[] createAccumulator() {
                return new long[1];
            }

            @Override
            public long[] add(Ev value, long[] acc) {
                acc[0]++;
                return acc;
            }

            @Override
            public Long getResult(long[] acc) {
                return acc[0];
            }

            @Override
            public long[] merge(long[] a, long[] b) {
                a[0] += b[0];
                return a;
            }
        };
        WindowCombiner c = WindowCombiner.forWindow(
                window(TumblingEventTimeWindows.of(Duration.ofMillis(10)), null, count, null), keys());
        for (long ts = 0; ts < 25; ts++) {
            c.combine(new Ev(7, ts), ts);
        }

        List<Sent> sent = flush(c, 1);

        assertThat(sent).extracting(s -> ((long[]) s.partial().accumulator)[0]).containsExactly(10L, 10L, 5L);
        assertThat(sent).extracting(s -> s.partial().records).containsExactly(10, 10, 5);
    }

    @Test
    void growsPastItsFirstTableAndFlushesWhenFull() throws Exception {
        WindowCombiner c = combiner(TumblingEventTimeWindows.of(Duration.ofSeconds(1)));
        for (long key = 0; key < SliceFolds.INITIAL_CAPACITY * 3; key++) {
            c.combine(new Ev(key, 1), 5);
            c.combine(new Ev(key, 2), 6);
        }
        assertThat(c.size()).isEqualTo(SliceFolds.INITIAL_CAPACITY * 3);
        assertThat(c.isFull()).isFalse();
        List<Sent> sent = flush(c, 2);
        assertThat(sent).hasSize(SliceFolds.INITIAL_CAPACITY * 3)
                .allSatisfy(s -> assertThat(((Ev) s.partial().accumulator).value()).isEqualTo(3));

        for (long key = 0; key < SliceFolds.MAX_CAPACITY; key++) {
            c.combine(new Ev(key, 1), 5);
        }
        assertThat(c.isFull()).as("full at its largest").isTrue();
    }

    @Test
    void asksForAFlushWhenANewSliceBeginsWithManyPartialsHeld() throws Exception {
        WindowCombiner c = combiner(TumblingEventTimeWindows.of(Duration.ofSeconds(1)));
        int held = SliceFolds.DRAIN_AT_NEW_SLICE;
        for (long key = 0; key < held; key++) { // folding well: three records per partial
            c.combine(new Ev(key, 1), 5);
            c.combine(new Ev(key, 2), 6);
            c.combine(new Ev(key, 3), 7);
        }
        assertThat(c.isFull()).as("one slice so far").isFalse();
        c.combine(new Ev(7, 4), 1_500); // the first record of the next slice
        assertThat(c.isFull()).as("a new slice began with %d partials held", held).isTrue();
        List<Sent> sent = flush(c, 2);
        assertThat(sent).hasSize(held + 1);
        assertThat(sent.subList(0, held)).allSatisfy(s -> {
            assertThat(((Ev) s.partial().accumulator).value()).isEqualTo(6);
            assertThat(s.timestamp()).isEqualTo(5);
        });
        assertThat(((Ev) sent.get(held).partial().accumulator).value()).isEqualTo(4);
        assertThat(c.isFull()).as("flushed").isFalse();

        c.combine(new Ev(8, 1), 900); // late for the slice just sent: no new slice, no flush asked
        assertThat(c.isFull()).isFalse();
        for (long key = 0; key < held - 2; key++) { // one short of the threshold with the record above
            c.combine(new Ev(key, 1), 1_600);
        }
        c.combine(new Ev(1, 1), 2_100);
        assertThat(c.isFull()).as("a new slice with fewer partials held than %d", held).isFalse();
        assertThat(flush(c, 2)).hasSize(held);
    }

    @Test
    void aFlushAtANewSliceThatFoldedTooFewSendsRecordsAsTheyAreForAWhile() throws Exception {
        WindowCombiner c = combiner(TumblingEventTimeWindows.of(Duration.ofSeconds(1)));
        for (long key = 0; key < SliceFolds.DRAIN_AT_NEW_SLICE; key++) {
            c.combine(new Ev(key, 1), 5); // every record a key of its own, as with a million keys
        }
        c.combine(new Ev(0, 1), 1_500);
        assertThat(c.isFull()).isTrue();
        flush(c, 2);
        assertThat(bypassed(c)).isEqualTo(FoldBypass.BYPASS_RECORDS);
    }

    @Test
    void aFlushAtANewSliceJustAfterAWatermarkIsJudgedWithTheFlushBeforeIt() throws Exception {
        WindowCombiner c = combiner(TumblingEventTimeWindows.of(Duration.ofSeconds(1)));
        int keys = SliceFolds.DRAIN_AT_NEW_SLICE + 904;
        for (int i = 0; i < 10; i++) { // ten records per key in the slice so far
            for (long key = 0; key < keys; key++) {
                c.combine(new Ev(key, 1), 5);
            }
        }
        assertThat(flush(c, 2)).as("a watermark's flush").hasSize(keys);
        for (long key = 0; key < keys; key++) { // the slice's last records: one per key since that flush
            c.combine(new Ev(key, 1), 900);
        }
        assertThat(c.combine(new Ev(0, 1), 1_500)).isTrue(); // the next slice
        assertThat(c.isFull()).isTrue();
        List<Sent> sent = flush(c, 2);
        assertThat(sent).hasSize(keys + 1);
        assertThat(c.combine(new Ev(1, 1), 1_600)).as("eleven records per key in the slice: still folding").isTrue();
    }

    @Test
    void flushesAtWatermarksDoNotHideThatKeysDoNotRepeat() throws Exception {
        WindowCombiner c = combiner(TumblingEventTimeWindows.of(Duration.ofSeconds(1)));
        int keys = SliceFolds.DRAIN_AT_NEW_SLICE + 904;
        for (long key = 0; key < keys; key++) { // every record a key of its own
            c.combine(new Ev(key, 1), 5);
        }
        flush(c, 2); // a watermark's
        for (long key = keys; key < 2L * keys; key++) {
            c.combine(new Ev(key, 1), 900);
        }
        c.combine(new Ev(0, 1), 1_500);
        assertThat(c.isFull()).isTrue();
        flush(c, 2);
        assertThat(bypassed(c)).isEqualTo(FoldBypass.BYPASS_RECORDS);
    }

    @Test
    void sendsRecordsAsTheyAreForAWhileAfterAFullTableFoldedTooFew() throws Exception {
        WindowCombiner c = combiner(TumblingEventTimeWindows.of(Duration.ofSeconds(1)));
        for (long key = 0; key < SliceFolds.MAX_CAPACITY; key++) {
            assertThat(c.combine(new Ev(key, 1), 5)).isTrue(); // every record a key of its own
        }
        flush(c, 2);

        for (long i = 0; i < FoldBypass.BYPASS_RECORDS; i++) {
            if (c.combine(new Ev(1, 1), 5)) {
                throw new AssertionError("record " + i + " folded while folding was off");
            }
        }
        assertThat(c.combine(new Ev(1, 1), 5)).as("folding again afterwards").isTrue();

        for (long key = 2; key <= SliceFolds.MAX_CAPACITY; key++) { // and failing again
            c.combine(new Ev(key, 1), 5);
        }
        flush(c, 2);
        assertThat(bypassed(c)).as("the second stretch, twice as long").isEqualTo(2 * FoldBypass.BYPASS_RECORDS);
    }

    /** Records {@code c} sends as they are before it folds again (it is left folding). */
    private static long bypassed(WindowCombiner c) throws Exception {
        long n = 0;
        while (!c.combine(new Ev(1, 1), 5)) {
            n++;
        }
        flush(c, 2);
        return n;
    }

    @Test
    void keepsFoldingAfterAFullTableThatFoldedWell() throws Exception {
        WindowCombiner c = combiner(TumblingEventTimeWindows.of(Duration.ofSeconds(1)));
        for (long key = 0; key < SliceFolds.MAX_CAPACITY; key++) {
            c.combine(new Ev(key, 1), 5);
            c.combine(new Ev(key, 1), 5);
            c.combine(new Ev(key, 1), 5);
        }
        flush(c, 2);
        assertThat(c.combine(new Ev(1, 1), 5)).isTrue();
    }

    @Test
    void aFlushThatFoldedWellStartsTheStretchesOver() throws Exception {
        WindowCombiner c = combiner(TumblingEventTimeWindows.of(Duration.ofSeconds(1)));
        for (int round = 0; round < 2; round++) { // two failed tries: the next stretch would be 4x
            for (long key = 0; key < SliceFolds.MAX_CAPACITY; key++) {
                c.combine(new Ev(key, 1), 5);
            }
            flush(c, 2);
            bypassed(c);
        }
        c.combine(new Ev(2, 1), 5); // a flush that folded: 2 records in 1 partial
        c.combine(new Ev(2, 1), 5);
        flush(c, 2);
        for (long key = 0; key < SliceFolds.MAX_CAPACITY; key++) {
            c.combine(new Ev(key, 1), 5);
        }
        flush(c, 2);
        assertThat(bypassed(c)).isEqualTo(FoldBypass.BYPASS_RECORDS);
    }

    @Test
    void leavesRecordsWithoutTimestampToTheWindow() throws Exception {
        WindowCombiner c = combiner(TumblingEventTimeWindows.of(Duration.ofSeconds(1)));
        assertThat(c.combine(new Ev(1, 1), Long.MIN_VALUE)).isFalse();
        assertThat(flush(c, 2)).isEmpty();
    }

    @Test
    void isNotMadeForWindowsItCannotFoldFor() {
        OutputTag<Ev> late = new OutputTag<>("late");
        assertThat(WindowCombiner.forWindow(window(TumblingEventTimeWindows.of(Duration.ofSeconds(1)), SUM, null, late),
                keys())).as("a late-data side output needs the late records themselves").isNull();
        assertThat(WindowCombiner.forWindow(window(EventTimeSessionWindows.withGap(Duration.ofSeconds(1)), SUM, null,
                null), keys())).as("sessions are not kept in slices").isNull();
        ReduceFunction<Ev> opened = new ReduceFunction<>() {
            @Override
            public void open(RuntimeContext context) {
            }

            @Override
            public Ev reduce(Ev a, Ev b) {
                return a;
            }
        };
        assertThat(WindowCombiner.forWindow(window(TumblingEventTimeWindows.of(Duration.ofSeconds(1)), opened, null,
                null), keys())).as("a function that is opened runs only in its own operator").isNull();
        assertThat(WindowCombiner.forWindow(window(TumblingEventTimeWindows.of(Duration.ofSeconds(1)), SUM, null,
                null), keys())).isNotNull();
    }
}
