package io.sluice.runtime.task;

import io.sluice.api.StreamEnvironment;
import io.sluice.api.metrics.OperatorMetrics;
import io.sluice.api.metrics.TaskMetrics;
import io.sluice.runtime.testing.DiscardSink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What other threads read of a task: the counts the worker published at the end of its last turn
 * that did work, never the fields it is counting in.
 */
class PublishedMetricsTest {

    @TempDir
    Path checkpoints;

    @Test
    void metricsShowExactlyWhatTheLastTurnPublished() throws Exception {
        StreamEnvironment env = StreamEnvironment.create().setParallelism(1);
        env.fromSequence(1, 1_000).keyBy(v -> v % 10).map(v -> v)
                .startNewChain() // a task of its own, reading a ring
                .sinkTo(new DiscardSink<>());
        try (ManualTasks job = new ManualTasks(env, checkpoints)) {
            StreamTask mapping = job.task(1);
            assertThat(mapping.metrics().operators().get(0).recordsIn()).isZero();
            for (int i = 0; i < 1_000 && mapping.chain().counters()[0].recordsIn < 1_000; i++) {
                job.round();
            }
            OperatorCounters head = mapping.chain().counters()[0];
            assertThat(head.recordsIn).isEqualTo(1_000);

            head.recordsIn += 5; // counted by the worker but not published: no other thread sees it
            TaskMetrics seen = mapping.metrics();
            OperatorMetrics map = seen.operators().get(0);
            assertThat(map.recordsIn()).isEqualTo(1_000);
            assertThat(map.recordsOut()).isEqualTo(1_000);
            assertThat(seen.operators().get(1).recordsIn()).as("the sink: what the map emitted").isEqualTo(1_000);
            assertThat(seen.busyNs()).isPositive();
            head.recordsIn -= 5;

            mapping.close(TaskState.CANCELED); // the end publishes too
            assertThat(mapping.metrics().operators().get(0).recordsIn()).isEqualTo(1_000);
        }
    }
}
