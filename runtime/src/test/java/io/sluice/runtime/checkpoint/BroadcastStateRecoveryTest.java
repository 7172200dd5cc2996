package io.sluice.runtime.checkpoint;

import io.sluice.api.BroadcastStream;
import io.sluice.api.DataStream;
import io.sluice.api.JobClient;
import io.sluice.api.JobStatus;
import io.sluice.api.StreamEnvironment;
import io.sluice.api.checkpoint.CheckpointedFunction;
import io.sluice.api.checkpoint.FunctionInitializationContext;
import io.sluice.api.checkpoint.FunctionSnapshotContext;
import io.sluice.api.config.CheckpointingOptions;
import io.sluice.api.connector.Sink;
import io.sluice.api.functions.BroadcastProcessFunction;
import io.sluice.api.functions.Collector;
import io.sluice.api.functions.KeyedBroadcastProcessFunction;
import io.sluice.api.serialization.Serializers;
import io.sluice.api.state.ListState;
import io.sluice.api.state.ListStateDescriptor;
import io.sluice.api.state.MapStateDescriptor;
import io.sluice.api.state.ReadOnlyBroadcastState;
import io.sluice.api.time.WatermarkStrategy;
import io.sluice.runtime.testing.FailingSequenceSource;
import io.sluice.runtime.testing.TransactionalCollectSink;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Broadcast state through failures and rescaling. Values 0..n-1 meet factors that arrive on a slow
 * broadcast stream (factor r, for the values v with v % R == r, arrives after about r * 50 ms):
 * a value whose factor is known is emitted as "v:v*factor" at once, the others wait — in keyed list
 * state (keyed function, released through applyToKeyedState) or in operator list state (non-keyed
 * function) — until the factor comes. Every value must come out exactly once, with its factor: a
 * subtask that lost a factor it had (broadcast state not restored, or not given to a new subtask
 * on a rescale) would hold its values forever.
 */
class BroadcastStateRecoveryTest {

    private static final int R = 40;
    private static final int FACTOR_EVERY = 50;
    private static final MapStateDescriptor<Long, Long> FACTORS =
            new MapStateDescriptor<>("factors", Serializers.of(Long.class), Serializers.of(Long.class));
    private static final ListStateDescriptor<Long> WAITING = new ListStateDescriptor<>("waiting", Long.class);

    @TempDir
    Path dir;

    static long factorOf(long r) {
        return r + 2;
    }

    static String result(long v, long factor) {
        return v + ":" + v * factor;
    }

    /** The keyed variant: values wait in keyed list state; a factor's arrival goes through every key's. */
    static final class KeyedFactors extends KeyedBroadcastProcessFunction<Long, Long, Long, String> {
        private transient ListState<Long> waiting;

        @Override
        public void open(io.sluice.api.functions.RuntimeContext ctx) {
            waiting = ctx.getListState(WAITING);
        }

        @Override
        public void processElement(Long v, ReadOnlyContext ctx, Collector<String> out) throws Exception {
            Long factor = ctx.getBroadcastState(FACTORS).get(v % R);
            if (factor != null) {
                out.collect(result(v, factor));
            } else {
                waiting.add(v);
            }
        }

        @Override
        public void processBroadcastElement(Long marker, Context ctx, Collector<String> out) throws Exception {
            long r = marker / FACTOR_EVERY;
            ctx.getBroadcastState(FACTORS).put(r, factorOf(r));
            ctx.applyToKeyedState(WAITING, (key, list) -> {
                List<Long> still = new ArrayList<>();
                for (Long v : list.get()) {
                    if (v % R == r) {
                        out.collect(result(v, factorOf(r)));
                    } else {
                        still.add(v);
                    }
                }
                list.update(still);
            });
        }
    }

    /** The non-keyed variant: values wait in a field kept in operator list state. */
    static final class Factors extends BroadcastProcessFunction<Long, Long, String> implements CheckpointedFunction {
        private transient List<Long> waiting;
        private transient ListState<Long> waitingState;

        @Override
        public void initializeState(FunctionInitializationContext context) {
            waitingState = context.getOperatorStateStore().getListState(WAITING);
            waiting = new ArrayList<>();
            waitingState.get().forEach(waiting::add);
        }

        @Override
        public void snapshotState(FunctionSnapshotContext context) {
            waitingState.update(waiting);
        }

        @Override
        public void processElement(Long v, ReadOnlyContext ctx, Collector<String> out) {
            ReadOnlyBroadcastState<Long, Long> factors = ctx.getBroadcastState(FACTORS);
            Long factor = factors.get(v % R);
            if (factor != null) {
                out.collect(result(v, factor));
            } else {
                waiting.add(v);
            }
        }

        @Override
        public void processBroadcastElement(Long marker, Context ctx, Collector<String> out) {
            long r = marker / FACTOR_EVERY;
            ctx.getBroadcastState(FACTORS).put(r, factorOf(r));
            waiting.removeIf(v -> {
                if (v % R == r) {
                    out.collect(result(v, factorOf(r)));
                    return true;
                }
                return false;
            });
        }
    }

    static void build(StreamEnvironment env, boolean keyed, FailingSequenceSource values, FailingSequenceSource markers,
                      Sink<String> sink) {
        DataStream<Long> numbers = env.fromSource(values, WatermarkStrategy.noWatermarks(), "values").uid("values");
        BroadcastStream<Long> factors = env.fromSource(markers, WatermarkStrategy.noWatermarks(), "markers").uid("markers")
                .filter(m -> m % FACTOR_EVERY == 0).uid("factor-markers")
                .broadcast(FACTORS);
        DataStream<String> out = keyed
                ? numbers.keyBy(v -> v % 64).connect(factors).process(new KeyedFactors())
                : numbers.rebalance().connect(factors).process(new Factors());
        out.uid("factors").sinkTo(sink);
    }

    static FailingSequenceSource markers() {
        return new FailingSequenceSource((long) R * FACTOR_EVERY, 1, 1, 0); // one marker a ms, a factor every 50
    }

    static void assertEveryValueOnceWithItsFactor(List<String> committed, long count) {
        List<String> expected = new ArrayList<>();
        for (long v = 0; v < count; v++) {
            expected.add(result(v, factorOf(v % R)));
        }
        assertThat(committed).containsExactlyInAnyOrderElementsOf(expected);
    }

    @ParameterizedTest(name = "keyed: {0}")
    @CsvSource({"true", "false"})
    void everyValueMeetsItsFactorExactlyOnceAcrossInjectedFailures(boolean keyed) throws Exception {
        long count = 16_000;
        int failures = 3;
        FailingSequenceSource values = new FailingSequenceSource(count, 4, 4, failures);
        TransactionalCollectSink sink = new TransactionalCollectSink();
        StreamEnvironment env = StreamEnvironment.create().setParallelism(2);
        RecoveryConfig.checkpointedWithRestarts(env, dir, 100, failures);
        build(env, keyed, values, markers(), sink);
        JobClient job = env.executeAsync("broadcast-recovery");
        assertThat(job.await(Duration.ofMinutes(2)).status()).isEqualTo(JobStatus.FINISHED);
        assertThat(job.checkpointMetrics().restarts()).isEqualTo(failures);
        assertEveryValueOnceWithItsFactor(sink.committed(), count);
    }

    /** A savepoint at parallelism 2 after a few factors arrived, restored at 1 and 3: every subtask has every factor. */
    @ParameterizedTest(name = "keyed: {0}, restored at parallelism {1}")
    @CsvSource({"true, 1", "true, 3", "false, 1", "false, 3"})
    void broadcastStateReachesEverySubtaskAtAnotherParallelism(boolean keyed, int parallelism) throws Exception {
        long count = 16_000;
        Path savepoint = dir.resolve("savepoint");
        FailingSequenceSource values = new FailingSequenceSource(count, 4, 4, 0);
        FailingSequenceSource markers = markers();
        String store = UUID.randomUUID().toString();
        TransactionalCollectSink first = new TransactionalCollectSink(store);
        StreamEnvironment env = StreamEnvironment.create().setParallelism(2);
        env.config().set(CheckpointingOptions.DIRECTORY, dir.resolve("checkpoints").toString())
                .set(CheckpointingOptions.INTERVAL, Duration.ofMillis(20));
        build(env, keyed, values, markers, first);
        JobClient job = env.executeAsync("broadcast-p2");
        assertThat(markers.awaitEmitted(5L * FACTOR_EVERY, Duration.ofSeconds(30))).as("some factors arrived").isTrue();
        job.stopWithSavepoint(savepoint).get();
        assertThat(job.await(Duration.ofSeconds(30)).status()).isEqualTo(JobStatus.CANCELED);
        assertThat(markers.awaitEmitted((long) R * FACTOR_EVERY, Duration.ZERO)).as("not every factor arrived").isFalse();

        TransactionalCollectSink second = new TransactionalCollectSink(store);
        StreamEnvironment again = StreamEnvironment.create().setParallelism(parallelism);
        again.config().set(CheckpointingOptions.RESTORE_FROM, savepoint.toString())
                .set(CheckpointingOptions.DIRECTORY, dir.resolve("checkpoints").toString());
        build(again, keyed, new FailingSequenceSource(count, 4, 1_000, 0), markers(), second);
        JobClient restored = again.executeAsync("broadcast-p" + parallelism);
        assertThat(restored.await(Duration.ofSeconds(60)).status()).isEqualTo(JobStatus.FINISHED);
        assertEveryValueOnceWithItsFactor(second.committed(), count);
    }
}
