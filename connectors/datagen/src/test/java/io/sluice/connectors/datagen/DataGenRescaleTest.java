package io.sluice.connectors.datagen;

import io.sluice.api.JobClient;
import io.sluice.api.JobResult;
import io.sluice.api.JobStatus;
import io.sluice.api.StreamEnvironment;
import io.sluice.api.config.CheckpointingOptions;
import io.sluice.api.functions.MapFunction;
import io.sluice.api.functions.RuntimeContext;
import io.sluice.api.time.WatermarkStrategy;
import io.sluice.runtime.testing.TransactionalCollectSink;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A rate-limited datagen job stopped with a savepoint and restored at another parallelism, under the
 * runtime: every index is committed exactly once over both runs, and every subtask of the restored
 * job reads (none is left without a split).
 */
class DataGenRescaleTest {

    private static final long COUNT = 30_000;
    private static final double EVENTS_PER_SECOND = 10_000;
    private static final Duration DEADLINE = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @ParameterizedTest(name = "parallelism {0} -> {1}")
    @CsvSource({"2,3", "3,2"})
    void shouldReadEveryIndexOnceWithEverySubtaskOfTheRestoredJob(int before, int after) throws Exception {
        Path savepoint = dir.resolve("savepoint");
        String store = UUID.randomUUID().toString();
        StreamEnvironment env = StreamEnvironment.create().setParallelism(before);
        env.config().set(CheckpointingOptions.DIRECTORY, dir.resolve("checkpoints").toString());
        TagWithSubtask firstTags = new TagWithSubtask("first", 2_000);
        build(env, firstTags, new TransactionalCollectSink(store));
        JobClient first = env.executeAsync("datagen-p" + before);
        assertThat(firstTags.awaitTagged(DEADLINE)).as("the first run makes progress").isTrue();
        assertThat(first.stopWithSavepoint(savepoint).get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS))
                .isEqualTo(savepoint);
        assertThat(first.await(DEADLINE).status()).isEqualTo(JobStatus.CANCELED);

        TransactionalCollectSink sink = new TransactionalCollectSink(store); // the same external system
        StreamEnvironment again = StreamEnvironment.create().setParallelism(after);
        again.config().set(CheckpointingOptions.RESTORE_FROM, savepoint.toString())
                .set(CheckpointingOptions.DIRECTORY, dir.resolve("checkpoints").toString());
        build(again, new TagWithSubtask("second", 0), sink);
        long startNs = System.nanoTime();
        JobClient restored = again.executeAsync("datagen-p" + after);
        JobResult result = restored.await(DEADLINE);
        long elapsedMs = (System.nanoTime() - startNs) / 1_000_000;

        assertThat(result.status()).isEqualTo(JobStatus.FINISHED);
        assertThat(restored.checkpointMetrics().lastRestoredId()).isPositive();
        List<Long> indices = new ArrayList<>();
        Set<Integer> restoredSubtasks = new TreeSet<>();
        long restoredRecords = 0;
        for (String record : sink.committed()) {
            String[] f = record.split("/"); // run/subtask/index
            indices.add(Long.parseLong(f[2]));
            if (f[0].equals("second")) {
                restoredSubtasks.add(Integer.parseInt(f[1]));
                restoredRecords++;
            }
        }
        indices.sort(null);
        assertThat(indices).as("every index committed exactly once over both runs")
                .isEqualTo(DataGenSourceTest.range(0, COUNT));
        assertThat(restoredRecords).as("the savepoint came before the end").isPositive();
        assertThat(restoredSubtasks).as("subtasks of the restored job that read")
                .containsExactlyElementsOf(DataGenSourceTest.range(0, after).stream().map(Long::intValue).toList());
        // The limit is the source's total, not per split: more subtasks must not read faster.
        assertThat(elapsedMs).as("ms to read %d indices at %s per second", restoredRecords, EVENTS_PER_SECOND)
                .isGreaterThanOrEqualTo((long) (restoredRecords * 1000 / EVENTS_PER_SECOND / 2));
    }

    private static void build(StreamEnvironment env, TagWithSubtask tags, TransactionalCollectSink sink) {
        env.fromSource(DataGenSource.of(i -> i, COUNT).withRateLimit(EVENTS_PER_SECOND),
                        WatermarkStrategy.noWatermarks(), "datagen").uid("datagen")
                .map(tags).name("tag")
                .sinkTo(sink).uid("sink");
    }

    /**
     * Tags each index with the run and the subtask that read it ({@code run/subtask/index}); chained
     * to the source, so its subtask is the source's. Copied into every subtask: the latch counting
     * tagged records lives in a static registry under the instance's id.
     */
    private static final class TagWithSubtask implements MapFunction<Long, String> {
        private static final long serialVersionUID = 1L;
        private static final Map<String, CountDownLatch> TAGGED = new ConcurrentHashMap<>();

        private final String run;
        private final String id = UUID.randomUUID().toString();
        private transient int subtask;
        private transient CountDownLatch tagged;

        /** @param signalAfter the number of tagged records {@link #awaitTagged} waits for */
        TagWithSubtask(String run, int signalAfter) {
            this.run = run;
            TAGGED.put(id, new CountDownLatch(signalAfter));
        }

        @Override
        public void open(RuntimeContext context) {
            subtask = context.subtaskIndex();
            tagged = TAGGED.get(id);
        }

        @Override
        public String map(Long index) {
            tagged.countDown();
            return run + "/" + subtask + "/" + index;
        }

        /** Waits until the records given at construction were tagged; false if not within {@code timeout}. */
        boolean awaitTagged(Duration timeout) throws InterruptedException {
            return TAGGED.get(id).await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }
    }
}
