package io.sluice.runtime.it;

import io.sluice.api.JobClient;
import io.sluice.api.StreamEnvironment;
import io.sluice.api.config.CheckpointingOptions;
import io.sluice.api.time.WatermarkStrategy;
import io.sluice.runtime.testing.GrowingSource;
import io.sluice.runtime.testing.TransactionalCollectSink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Splits that appear while a job runs (partitions added to a topic) are found and read, each by
 * the subtask its source names, each exactly once; a job started from a checkpoint knows the
 * splits of the checkpoint, at any parallelism, and reads only new ones from their start.
 */
class SplitDiscoveryTest {

    private static final Duration DEADLINE = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waiting for %s", what).isLessThan(deadline);
            TimeUnit.MILLISECONDS.sleep(5); // polling a condition with a deadline, not waiting for time to pass
        }
    }

    private static List<Long> range(int splits) {
        return LongStream.range(0, (long) splits * GrowingSource.PER_SPLIT).boxed().toList();
    }

    private JobClient start(GrowingSource source, TransactionalCollectSink sink, int parallelism, String restoreFrom)
            throws Exception {
        StreamEnvironment env = StreamEnvironment.create().setParallelism(parallelism);
        env.config().set(CheckpointingOptions.DIRECTORY, dir.toString())
                .set(CheckpointingOptions.RESTORE_FROM, restoreFrom);
        env.fromSource(source, WatermarkStrategy.noWatermarks(), "growing").uid("growing")
                .map(String::valueOf).uid("text")
                .sinkTo(sink).uid("sink");
        return env.executeAsync("growing");
    }

    @Test
    void splitsAddedWhileTheJobRunsAreReadOnceEachByTheSubtaskTheSourceNames() throws Exception {
        GrowingSource source = new GrowingSource(2);
        TransactionalCollectSink sink = new TransactionalCollectSink();
        JobClient job = start(source, sink, 2, "");
        try {
            await("the first two splits read", () -> source.emitted().size() == 2 * GrowingSource.PER_SPLIT);
            source.publish(6);
            await("four discovered splits read", () -> source.emitted().size() >= 6 * GrowingSource.PER_SPLIT);
            job.triggerCheckpoint().get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
            await("what was read committed", () -> sink.committed().size() >= 6 * GrowingSource.PER_SPLIT);
        } finally {
            job.cancel();
            job.await(DEADLINE);
        }
        assertThat(sink.committed().stream().map(Long::parseLong).sorted().toList()).isEqualTo(range(6));
        Map<Long, Long> subtaskOfValue = new HashMap<>();
        for (long[] e : source.emitted()) {
            assertThat(subtaskOfValue.put(e[1], e[0])).as("value %d emitted once", e[1]).isNull();
        }
        for (int k = 2; k < 6; k++) {
            int owner = source.splitOwner("split-" + k, 2);
            long first = (long) k * GrowingSource.PER_SPLIT;
            assertThat(subtaskOfValue.get(first)).as("subtask that read discovered split %d", k).isEqualTo(owner);
        }
    }

    @Test
    void aRestoreAtAnotherParallelismKnowsTheCheckpointsSplitsAndReadsOnlyNewOnes() throws Exception {
        String registry = UUID.randomUUID().toString();
        String store = UUID.randomUUID().toString();
        GrowingSource first = new GrowingSource(registry, 2);
        JobClient job = start(first, new TransactionalCollectSink(store), 2, "");
        Path checkpoint;
        try {
            first.publish(4); // two discovered, then all four read to their end
            await("four splits read", () -> first.emitted().size() == 4 * GrowingSource.PER_SPLIT);
            checkpoint = job.triggerCheckpoint().get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
        } finally {
            job.cancel();
            job.await(DEADLINE);
        }

        GrowingSource second = new GrowingSource(registry, 4);
        TransactionalCollectSink sink = new TransactionalCollectSink(store);
        JobClient restored = start(second, sink, 3, checkpoint.toString());
        try {
            second.publish(5);
            await("the split published after the restore read",
                    () -> second.emitted().size() == 5 * GrowingSource.PER_SPLIT);
            restored.triggerCheckpoint().get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
            await("what was read committed", () -> sink.committed().size() >= 5 * GrowingSource.PER_SPLIT);
        } finally {
            restored.cancel();
            restored.await(DEADLINE);
        }
        assertThat(sink.committed().stream().map(Long::parseLong).sorted().toList())
                .as("every value of the five splits committed once over both runs").isEqualTo(range(5));
        long firstOfNew = 4L * GrowingSource.PER_SPLIT;
        assertThat(second.emitted().stream().filter(e -> e[1] == firstOfNew).map(e -> e[0]).toList())
                .as("the new split read by its owner at parallelism 3")
                .containsExactly((long) second.splitOwner("split-4", 3));
    }
}
