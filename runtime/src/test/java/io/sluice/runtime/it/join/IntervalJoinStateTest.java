package io.sluice.runtime.it.join;

import io.sluice.api.functions.Collector;
import io.sluice.api.functions.ProcessJoinFunction;
import io.sluice.api.internal.IntervalJoinFunction;
import io.sluice.api.serialization.Serializers;
import io.sluice.runtime.testing.OperatorHarness;
import io.sluice.runtime.testing.StreamRecord;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The interval join keeps each element only until the watermark passes the last time a partner
 * could still arrive ({@code t + upper} for a left one, {@code t - lower} for a right one): after
 * every watermark, the join's keyed state holds exactly the (key, side) buffers of the elements
 * still waiting, and nothing once the watermark is final.
 */
class IntervalJoinStateTest {

    /** A live element of the model: its key, side and timestamp. */
    record Waiting(int key, int side, long ts, long cleanupAt) {
    }

    static final class Pairs extends ProcessJoinFunction<Ev, Ev, String> {
        @Override
        public void processElement(Ev left, Ev right, Context ctx, Collector<String> out) {
            out.collect(left.seq() + ":" + right.seq());
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5, 6})
    void stateHoldsOnlyElementsThatCanStillJoinAndNothingAfterTheFinalWatermark(long seed) throws Exception {
        Random r = new Random(seed);
        long lower = r.nextInt(41) - 30;
        long upper = lower + r.nextInt(31);
        IntervalJoinFunction<Integer, Ev, Ev, String> join = new IntervalJoinFunction<>(new Pairs(), lower, upper,
                Serializers.of(Ev.class), Serializers.of(Ev.class), null, null);
        try (OperatorHarness<Ev, String> h = OperatorHarness.forKeyedCoProcess(Ev::key, Ev::key, join)) {
            h.open();
            Set<Waiting> waiting = new HashSet<>();
            long wm = Long.MIN_VALUE;
            long base = 0;
            int seq = 0;
            int late = 0;
            long peak = 0;
            for (int phase = 0; phase < 30; phase++) {
                for (int i = 0; i < 20; i++) {
                    int side = r.nextBoolean() ? Ev.LEFT : Ev.RIGHT;
                    long ts = wm != Long.MIN_VALUE && r.nextInt(10) == 0 ? wm - r.nextInt(5) : base + r.nextInt(40);
                    Ev e = new Ev(side, r.nextInt(4), ts, seq++);
                    if (side == Ev.LEFT) {
                        h.processElement(e, ts);
                    } else {
                        h.processElement2(e, ts);
                    }
                    long cleanupAt = side == Ev.LEFT ? ts + upper : ts - lower;
                    if (wm != Long.MIN_VALUE && ts <= wm) {
                        late++;
                    } else if (cleanupAt > wm) {
                        waiting.add(new Waiting(e.key(), side, ts, cleanupAt));
                    }
                }
                wm = base + r.nextInt(40);
                base = wm + 1;
                h.processWatermark(wm);
                long now = wm;
                waiting.removeIf(w -> w.cleanupAt() <= now);
                // each (key, side) with elements waiting has two entries: the times and the elements
                long buffers = waiting.stream().map(w -> w.key() * 10 + w.side()).distinct().count();
                assertThat(h.numKeyedStateEntries()).as("state entries after watermark %d", wm)
                        .isEqualTo(2 * buffers);
                peak = Math.max(peak, buffers);
            }
            h.processWatermark(Long.MAX_VALUE);
            assertThat(peak).as("the state held something on the way").isPositive();
            assertThat(h.numKeyedStateEntries()).as("state entries after the final watermark").isZero();
            assertThat(h.recordsDropped()).as("late elements").isEqualTo(late);
            for (StreamRecord<String> out : h.outputWithTimestamps()) {
                assertThat(out.timestamp()).isNotEqualTo(StreamRecord.NO_TIMESTAMP);
            }
        }
    }
}
