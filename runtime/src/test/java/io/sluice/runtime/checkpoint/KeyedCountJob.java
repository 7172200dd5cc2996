package io.sluice.runtime.checkpoint;

import io.sluice.api.StreamEnvironment;
import io.sluice.api.functions.Collector;
import io.sluice.api.functions.KeyedProcessFunction;
import io.sluice.api.functions.RuntimeContext;
import io.sluice.api.state.ValueState;
import io.sluice.api.state.ValueStateDescriptor;
import io.sluice.api.time.WatermarkStrategy;
import io.sluice.runtime.testing.FailingSequenceSource;
import io.sluice.runtime.testing.TransactionalCollectSink;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A job for recovery tests: values 0..n-1 keyed by {@code v % KEYS}; per key a counter in keyed
 * state numbers the values it sees, and "key:count:value" goes to a transactional sink. Across runs
 * that restore each other, exactly-once means: per key, the counts are 1..n_k with no gap or
 * repeat, and every value appears once.
 */
public final class KeyedCountJob {

    static final int KEYS = 10;

    private KeyedCountJob() {
    }

    /** Numbers the values of each key. */
    public static final class Numbering extends KeyedProcessFunction<Long, Long, String> {
        private transient ValueState<Long> count;

        @Override
        public void open(RuntimeContext ctx) {
            count = ctx.getState(new ValueStateDescriptor<>("count", Long.class));
        }

        @Override
        public void processElement(Long value, Context ctx, Collector<String> out) {
            long n = count.value() == null ? 1 : count.value() + 1;
            count.update(n);
            out.collect(ctx.getCurrentKey() + ":" + n + ":" + value);
        }
    }

    static void build(StreamEnvironment env, FailingSequenceSource source, io.sluice.api.connector.Sink<String> sink) {
        env.fromSource(source, WatermarkStrategy.noWatermarks(), "sequence").uid("sequence")
                .keyBy(v -> v % KEYS)
                .process(new Numbering()).uid("numbering")
                .sinkTo(sink);
    }

    /** Checks committed lines of all runs together against values 0..count-1. */
    static void assertExactlyOnce(List<String> committed, long count) {
        Map<Long, List<Long>> counts = new TreeMap<>();
        Map<Long, List<Long>> values = new TreeMap<>();
        for (String line : committed) {
            String[] p = line.split(":");
            long key = Long.parseLong(p[0]);
            counts.computeIfAbsent(key, k -> new ArrayList<>()).add(Long.parseLong(p[1]));
            values.computeIfAbsent(key, k -> new ArrayList<>()).add(Long.parseLong(p[2]));
        }
        assertThat(counts.keySet()).hasSize(KEYS);
        for (long key = 0; key < KEYS; key++) {
            List<Long> expectedValues = new ArrayList<>();
            for (long v = key; v < count; v += KEYS) {
                expectedValues.add(v);
            }
            List<Long> c = new ArrayList<>(counts.get(key));
            c.sort(null);
            List<Long> expectedCounts = new ArrayList<>();
            for (long i = 1; i <= expectedValues.size(); i++) {
                expectedCounts.add(i);
            }
            assertThat(c).as("counts of key %d (no gap, no repeat)", key).isEqualTo(expectedCounts);
            List<Long> v = new ArrayList<>(values.get(key));
            v.sort(null);
            assertThat(v).as("values of key %d (each once)", key).isEqualTo(expectedValues);
        }
    }

    /**
     * Checks the lines of a run resumed from a checkpoint of values 0..count-1: per key, the counts
     * continue the restored state (none starts at 1) without gap or repeat up to the key's total,
     * and no value appears twice.
     */
    static void assertContinuesToTheEnd(List<String> lines, long count) {
        Map<Long, List<Long>> counts = new TreeMap<>();
        Map<Long, List<Long>> values = new TreeMap<>();
        for (String line : lines) {
            String[] p = line.split(":");
            counts.computeIfAbsent(Long.parseLong(p[0]), k -> new ArrayList<>()).add(Long.parseLong(p[1]));
            values.computeIfAbsent(Long.parseLong(p[0]), k -> new ArrayList<>()).add(Long.parseLong(p[2]));
        }
        long perKey = count / KEYS;
        assertThat(counts).hasSize(KEYS);
        counts.forEach((key, c) -> {
            c.sort(null);
            assertThat(c.get(c.size() - 1)).as("last count of key %d", key).isEqualTo(perKey);
            assertThat(c.get(c.size() - 1) - c.get(0) + 1).as("no gap or repeat for key %d", key).isEqualTo(c.size());
            assertThat(c.get(0)).as("key %d continued from restored state", key).isGreaterThan(1L);
            assertThat(values.get(key)).doesNotHaveDuplicates();
        });
    }
}
