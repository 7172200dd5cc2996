package io.sluice.runtime.checkpoint;

import io.sluice.api.JobClient;
import io.sluice.api.JobResult;
import io.sluice.api.JobStatus;
import io.sluice.api.StreamEnvironment;
import io.sluice.api.config.CheckpointingOptions;
import io.sluice.api.config.StateOptions;
import io.sluice.api.connector.Sink;
import io.sluice.api.functions.Collector;
import io.sluice.api.functions.KeyedProcessFunction;
import io.sluice.api.functions.RuntimeContext;
import io.sluice.api.state.LongValueState;
import io.sluice.api.state.LongValueStateDescriptor;
import io.sluice.api.state.ValueState;
import io.sluice.api.state.ValueStateDescriptor;
import io.sluice.api.time.WatermarkStrategy;
import io.sluice.runtime.checkpoint.WindowRecoveryScenarios.Backend;
import io.sluice.runtime.testing.FailingSequenceSource;
import io.sluice.runtime.testing.FaultInjector;
import io.sluice.runtime.testing.TransactionalCollectSink;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A keyed job that counts and sums per key with {@link LongValueState} ({@code add} only), on
 * both backends, through checkpoints with failures injected in the source and at random moments in
 * the counting function; and through a savepoint restored at a lower parallelism on the other
 * backend as a {@code ValueState<Long>}, and at a higher one as a {@code LongValueState}. The
 * values 0..n-1 go to keys scrambled by a seed; every committed line is "key:count:value:sum", and
 * exactly-once means, per key: counts 1..n_k once each, every value of the key once, and each sum
 * the previous one plus its value.
 */
class LongValueStateRecoveryTest {

    private static final long COUNT = 20_000;
    private static final int KEYS = 37;

    @TempDir
    Path dir;

    /** The key of value {@code v} for {@code seed}: a scramble, so each key's values arrive in no simple order. */
    static long keyOf(long v, long seed) {
        long h = (v + 1) * 0x9E3779B97F4A7C15L ^ seed * 0xC2B2AE3D27D4EB4FL;
        h ^= h >>> 29;
        return Math.floorMod(h, KEYS);
    }

    /** Counts and sums the values of each key with two long states; may fail on purpose. */
    static final class LongCounting extends KeyedProcessFunction<Long, Long, String> {
        private final FaultInjector faults;
        private transient LongValueState count;
        private transient LongValueState sum;
        private transient int subtask;

        LongCounting(FaultInjector faults) {
            this.faults = faults;
        }

        @Override
        public void open(RuntimeContext ctx) {
            count = ctx.getLongState(new LongValueStateDescriptor("count"));
            sum = ctx.getLongState(new LongValueStateDescriptor("sum"));
            subtask = ctx.subtaskIndex();
        }

        @Override
        public void processElement(Long value, Context ctx, Collector<String> out) {
            if (faults != null) {
                faults.step(subtask);
            }
            out.collect(ctx.getCurrentKey() + ":" + count.add(1) + ":" + value + ":" + sum.add(value));
        }
    }

    /** The same with boxed {@code ValueState<Long>}s of the same names: restores what {@link LongCounting} saved. */
    static final class BoxedCounting extends KeyedProcessFunction<Long, Long, String> {
        private transient ValueState<Long> count;
        private transient ValueState<Long> sum;

        @Override
        public void open(RuntimeContext ctx) {
            count = ctx.getState(new ValueStateDescriptor<>("count", Long.class));
            sum = ctx.getState(new ValueStateDescriptor<>("sum", Long.class));
        }

        @Override
        public void processElement(Long value, Context ctx, Collector<String> out) {
            long n = count.value() == null ? 1 : count.value() + 1;
            long s = (sum.value() == null ? 0 : sum.value()) + value;
            count.update(n);
            sum.update(s);
            out.collect(ctx.getCurrentKey() + ":" + n + ":" + value + ":" + s);
        }
    }

    private static void build(StreamEnvironment env, FailingSequenceSource source, long seed,
                              KeyedProcessFunction<Long, Long, String> counting, Sink<String> sink) {
        env.fromSource(source, WatermarkStrategy.noWatermarks(), "sequence").uid("sequence")
                .keyBy(v -> keyOf(v, seed))
                .process(counting).uid("counting")
                .sinkTo(sink);
    }

    /** Every committed line against the input: per key, counts 1..n_k, each value once, each sum the previous plus the value. */
    private static void assertExactlyOnce(List<String> committed, long seed) {
        Map<Long, List<long[]>> byKey = new TreeMap<>();
        for (String line : committed) {
            String[] p = line.split(":");
            byKey.computeIfAbsent(Long.parseLong(p[0]), k -> new ArrayList<>())
                    .add(new long[] {Long.parseLong(p[1]), Long.parseLong(p[2]), Long.parseLong(p[3])});
        }
        Map<Long, List<Long>> expected = new TreeMap<>();
        for (long v = 0; v < COUNT; v++) {
            expected.computeIfAbsent(keyOf(v, seed), k -> new ArrayList<>()).add(v);
        }
        assertThat(byKey.keySet()).isEqualTo(expected.keySet());
        for (Map.Entry<Long, List<Long>> e : expected.entrySet()) {
            List<long[]> lines = byKey.get(e.getKey());
            lines.sort(Comparator.comparingLong(l -> l[0]));
            List<Long> values = new ArrayList<>();
            long sum = 0;
            for (int i = 0; i < lines.size(); i++) {
                long[] l = lines.get(i);
                assertThat(l[0]).as("count %d of key %d (no gap, no repeat)", i + 1, e.getKey()).isEqualTo(i + 1);
                sum += l[1];
                assertThat(l[2]).as("sum at count %d of key %d", i + 1, e.getKey()).isEqualTo(sum);
                values.add(l[1]);
            }
            values.sort(null);
            assertThat(values).as("values of key %d (each once)", e.getKey()).isEqualTo(e.getValue());
        }
    }

    static Stream<Arguments> backendsAndSeeds() {
        return Stream.of(Backend.values()).flatMap(b -> Stream.of(Arguments.of(b, 1L), Arguments.of(b, 2L)));
    }

    @ParameterizedTest(name = "{0}, seed {1}")
    @MethodSource("backendsAndSeeds")
    void shouldCountAndSumExactlyOnceAcrossInjectedFailures(Backend backend, long seed) throws Exception {
        int sourceFailures = 1;
        FaultInjector faults = new FaultInjector(seed, 1, COUNT / 2, 2);
        FailingSequenceSource source = new FailingSequenceSource(COUNT, 4, 10, sourceFailures);
        TransactionalCollectSink sink = new TransactionalCollectSink();
        StreamEnvironment env = StreamEnvironment.create().setParallelism(2);
        RecoveryConfig.checkpointedWithRestarts(env, dir.resolve(backend + "-" + seed), 50, sourceFailures + 1);
        env.config().set(StateOptions.BACKEND, backend.option);
        build(env, source, seed, new LongCounting(faults), sink);
        JobClient job = env.executeAsync("long-state-with-failures");
        JobResult result = job.await(Duration.ofMinutes(1));

        assertThat(result.status()).isEqualTo(JobStatus.FINISHED);
        assertThat(source.failuresLeft()).as("the source's failure happened").isLessThanOrEqualTo(0);
        assertThat(faults.failuresInjected()).as("the counting function's failure happened").isEqualTo(1);
        assertThat(job.checkpointMetrics().restarts()).isEqualTo(2);
        assertExactlyOnce(sink.committed(), seed);
    }

    static Stream<Arguments> rescales() {
        return Stream.of(Arguments.of(1, Backend.HEAP, false), Arguments.of(3, Backend.OFF_HEAP, true));
    }

    @ParameterizedTest(name = "restored at parallelism {0} on {1}, long state {2}")
    @MethodSource("rescales")
    void shouldContinueFromASavepointAtAnotherParallelismBackendAndHandle(int parallelism, Backend backend,
                                                                          boolean longState) throws Exception {
        long seed = 3;
        Path savepoint = dir.resolve("savepoint");
        // paced, so the job is far from its end when the savepoint is taken
        FailingSequenceSource source = new FailingSequenceSource(COUNT, 4, 1, 0);
        String store = java.util.UUID.randomUUID().toString();
        TransactionalCollectSink first = new TransactionalCollectSink(store);
        StreamEnvironment env = StreamEnvironment.create().setParallelism(2);
        env.config().set(CheckpointingOptions.DIRECTORY, dir.resolve("checkpoints").toString())
                .set(CheckpointingOptions.INTERVAL, Duration.ofMillis(20))
                .set(StateOptions.BACKEND, Backend.OFF_HEAP.option);
        build(env, source, seed, new LongCounting(null), first);
        JobClient job = env.executeAsync("long-state-savepoint-p2");
        assertThat(source.awaitEmitted(2_048, Duration.ofSeconds(30))).as("the job makes progress").isTrue();
        assertThat(job.stopWithSavepoint(savepoint).get()).isEqualTo(savepoint);
        assertThat(job.await(Duration.ofSeconds(30)).status()).isEqualTo(JobStatus.CANCELED);
        assertThat(first.committed()).as("nothing after the savepoint is committed").hasSizeLessThan((int) COUNT);

        TransactionalCollectSink second = new TransactionalCollectSink(store); // the same external system
        StreamEnvironment again = StreamEnvironment.create().setParallelism(parallelism);
        again.config().set(CheckpointingOptions.RESTORE_FROM, savepoint.toString())
                .set(CheckpointingOptions.DIRECTORY, dir.resolve("checkpoints").toString())
                .set(StateOptions.BACKEND, backend.option);
        build(again, new FailingSequenceSource(COUNT, 4, 1_000, 0), seed,
                longState ? new LongCounting(null) : new BoxedCounting(), second);
        JobClient restored = again.executeAsync("long-state-savepoint-p" + parallelism);
        assertThat(restored.await(Duration.ofSeconds(60)).status()).isEqualTo(JobStatus.FINISHED);
        assertThat(restored.checkpointMetrics().lastRestoredId()).isPositive();
        assertExactlyOnce(second.committed(), seed);
    }
}
