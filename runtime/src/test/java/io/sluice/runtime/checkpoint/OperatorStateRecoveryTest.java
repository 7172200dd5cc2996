package io.sluice.runtime.checkpoint;

import io.sluice.api.JobClient;
import io.sluice.api.JobStatus;
import io.sluice.api.StreamEnvironment;
import io.sluice.api.checkpoint.CheckpointListener;
import io.sluice.api.checkpoint.CheckpointedFunction;
import io.sluice.api.checkpoint.FunctionInitializationContext;
import io.sluice.api.checkpoint.FunctionSnapshotContext;
import io.sluice.api.config.CheckpointingOptions;
import io.sluice.api.connector.Sink;
import io.sluice.api.functions.Collector;
import io.sluice.api.functions.ProcessFunction;
import io.sluice.api.functions.RuntimeContext;
import io.sluice.api.state.ListState;
import io.sluice.api.state.ListStateDescriptor;
import io.sluice.api.time.WatermarkStrategy;
import io.sluice.runtime.testing.Conditions;
import io.sluice.runtime.testing.FailingSequenceSource;
import io.sluice.runtime.testing.TransactionalCollectSink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A non-keyed function that buffers values in fields and emits them in batches of seven keeps its
 * buffer in operator list state ({@link CheckpointedFunction}): through injected failures and a
 * savepoint restored at another parallelism, every value is committed in exactly one batch. A
 * union list state of which subtasks ran before reaches every subtask whole.
 */
class OperatorStateRecoveryTest {

    private static final int SPLITS = 4;
    private static final int BATCH = 7;
    /** Per test run: what each subtask's union list held at its last initializeState, and checkpoint notifications. */
    private static final Map<String, List<List<String>>> UNIONS_SEEN = new ConcurrentHashMap<>();
    private static final Map<String, Set<Long>> COMPLETED = new ConcurrentHashMap<>();

    @TempDir
    Path dir;

    /**
     * Batches values; flushes also at the last value of a source split, so nothing is left over at the
     * end. Seven does not divide what the source emits per turn, so a barrier usually finds a batch half full.
     */
    static final class Batching extends ProcessFunction<Long, String> implements CheckpointedFunction, CheckpointListener {
        private final String run;
        private final long count;
        private transient List<Long> buffer;
        private transient ListState<Long> bufferState;
        private transient ListState<String> ranBefore;
        private transient int subtask;

        Batching(String run, long count) {
            this.run = run;
            this.count = count;
        }

        @Override
        public void initializeState(FunctionInitializationContext context) throws Exception {
            bufferState = context.getOperatorStateStore().getListState(new ListStateDescriptor<>("buffer", Long.class));
            ranBefore = context.getOperatorStateStore().getUnionListState(new ListStateDescriptor<>("ran", String.class));
            buffer = new ArrayList<>();
            if (context.isRestored()) {
                bufferState.get().forEach(buffer::add);
                List<String> union = new ArrayList<>();
                ranBefore.get().forEach(union::add);
                union.sort(null);
                UNIONS_SEEN.computeIfAbsent(run, r -> new CopyOnWriteArrayList<>()).add(union);
            }
        }

        @Override
        public void open(RuntimeContext ctx) {
            subtask = ctx.subtaskIndex();
        }

        @Override
        public void processElement(Long value, Context ctx, Collector<String> out) {
            buffer.add(value);
            if (buffer.size() >= BATCH || value >= count - SPLITS) {
                StringBuilder batch = new StringBuilder();
                for (Long v : buffer) {
                    batch.append(batch.length() == 0 ? "" : ",").append(v);
                }
                out.collect(batch.toString());
                buffer.clear();
            }
        }

        @Override
        public void snapshotState(FunctionSnapshotContext context) {
            bufferState.update(buffer);
            ranBefore.update(List.of(run + "/" + subtask));
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) {
            COMPLETED.computeIfAbsent(run, r -> ConcurrentHashMap.newKeySet()).add(checkpointId);
        }
    }

    static void build(StreamEnvironment env, String run, FailingSequenceSource source, long count, Sink<String> sink) {
        env.fromSource(source, WatermarkStrategy.noWatermarks(), "numbers").uid("numbers")
                .process(new Batching(run, count)).uid("batching")
                .sinkTo(sink);
    }

    /**
     * Every value 0..count-1 in exactly one committed batch. A batch holds at most {@link #BATCH}
     * values, or a little more right after a restore that merged the buffers of two former subtasks.
     */
    static void assertEveryValueInOneBatch(List<String> committed, long count) {
        List<Long> values = new ArrayList<>();
        for (String batch : committed) {
            String[] parts = batch.split(",");
            assertThat(parts.length).as("size of a batch").isBetween(1, 2 * BATCH);
            for (String p : parts) {
                values.add(Long.parseLong(p));
            }
        }
        values.sort(null);
        List<Long> expected = new ArrayList<>();
        for (long v = 0; v < count; v++) {
            expected.add(v);
        }
        assertThat(values).as("every value once").isEqualTo(expected);
    }

    @Test
    void bufferedValuesSurviveInjectedFailuresExactlyOnce() throws Exception {
        long count = 20_000;
        int failures = 3;
        String run = UUID.randomUUID().toString();
        FailingSequenceSource source = new FailingSequenceSource(count, SPLITS, 20, failures);
        TransactionalCollectSink sink = new TransactionalCollectSink();
        StreamEnvironment env = StreamEnvironment.create().setParallelism(2);
        RecoveryConfig.checkpointedWithRestarts(env, dir, 50, failures);
        build(env, run, source, count, sink);
        JobClient job = env.executeAsync("operator-state-recovery");
        assertThat(job.await(Duration.ofMinutes(2)).status()).isEqualTo(JobStatus.FINISHED);
        assertThat(job.checkpointMetrics().restarts()).isEqualTo(failures);
        assertEveryValueInOneBatch(sink.committed(), count);
        assertThat(COMPLETED.get(run)).as("checkpoint notifications reach the function").isNotEmpty();
        // after each restart both subtasks saw both subtasks' union entries
        assertThat(UNIONS_SEEN.get(run)).isNotEmpty().allSatisfy(union ->
                assertThat(union).containsExactly(run + "/0", run + "/1"));
    }

    @ParameterizedTest(name = "restored at parallelism {0}")
    @ValueSource(ints = {1, 3})
    void buffersAreDealtOutAndUnionsGoWholeAtAnotherParallelism(int parallelism) throws Exception {
        long count = 20_000;
        Path savepoint = dir.resolve("savepoint");
        String before = UUID.randomUUID().toString();
        FailingSequenceSource source = new FailingSequenceSource(count, SPLITS, 1, 0);
        String store = UUID.randomUUID().toString();
        TransactionalCollectSink first = new TransactionalCollectSink(store);
        StreamEnvironment env = StreamEnvironment.create().setParallelism(2);
        env.config().set(CheckpointingOptions.DIRECTORY, dir.resolve("checkpoints").toString())
                .set(CheckpointingOptions.INTERVAL, Duration.ofMillis(20));
        build(env, before, source, count, first);
        JobClient job = env.executeAsync("operator-state-p2");
        assertThat(source.awaitEmitted(2_048, Duration.ofSeconds(30))).as("the job makes progress").isTrue();
        Conditions.await("a checkpoint completes", Duration.ofSeconds(30), () -> COMPLETED.containsKey(before));
        job.stopWithSavepoint(savepoint).get();
        assertThat(job.await(Duration.ofSeconds(30)).status()).isEqualTo(JobStatus.CANCELED);

        String after = UUID.randomUUID().toString();
        TransactionalCollectSink second = new TransactionalCollectSink(store);
        StreamEnvironment again = StreamEnvironment.create().setParallelism(parallelism);
        again.config().set(CheckpointingOptions.RESTORE_FROM, savepoint.toString())
                .set(CheckpointingOptions.DIRECTORY, dir.resolve("checkpoints").toString());
        build(again, after, new FailingSequenceSource(count, SPLITS, 1_000, 0), count, second);
        JobClient restored = again.executeAsync("operator-state-p" + parallelism);
        assertThat(restored.await(Duration.ofSeconds(60)).status()).isEqualTo(JobStatus.FINISHED);

        assertEveryValueInOneBatch(second.committed(), count);
        assertThat(UNIONS_SEEN.get(after)).as("every restored subtask").hasSize(parallelism)
                .allSatisfy(union -> assertThat(union).containsExactly(before + "/0", before + "/1"));
    }
}
