package io.sluice.runtime.checkpoint;

import io.sluice.api.JobClient;
import io.sluice.api.JobStatus;
import io.sluice.api.StreamEnvironment;
import io.sluice.api.time.WatermarkStrategy;
import io.sluice.runtime.testing.FailingSequenceSource;
import io.sluice.runtime.testing.TransactionalCollectSink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A sink whose input has ended keeps its last transaction until every task has finished: when
 * another task fails after that, the run restarts from its latest checkpoint and the sink's records
 * are written again, so committing at its own end would have committed them twice.
 */
class EndOfJobCommitTest {

    private static final Map<String, AtomicBoolean> FAILED = new ConcurrentHashMap<>();

    @TempDir
    Path checkpoints;

    @Test
    void aSinkThatFinishedBeforeAnotherTaskFailedCommitsEachRecordOnce() throws Exception {
        String id = UUID.randomUUID().toString();
        FAILED.put(id, new AtomicBoolean());
        TransactionalCollectSink early = new TransactionalCollectSink();
        TransactionalCollectSink late = new TransactionalCollectSink();
        StreamEnvironment env = RecoveryConfig.checkpointedWithRestarts(
                StreamEnvironment.create().setParallelism(1), checkpoints, 20, 1);
        // ends after about 0.2 s
        env.fromSource(new FailingSequenceSource(600, 1, 3, 0), WatermarkStrategy.noWatermarks(), "early")
                .map(String::valueOf)
                .sinkTo(early);
        // fails once at about 1.5 s, long after the first sink's input ended
        env.fromSource(new FailingSequenceSource(6_000, 1, 3, 0), WatermarkStrategy.noWatermarks(), "late")
                .map(v -> {
                    if (v == 4_500 && FAILED.get(id).compareAndSet(false, true)) {
                        throw new IllegalStateException("injected failure after the early sink finished");
                    }
                    return String.valueOf(v);
                })
                .sinkTo(late);
        JobClient job = env.executeAsync("end-of-job-commits");
        assertThat(job.await(Duration.ofMinutes(1)).status()).isEqualTo(JobStatus.FINISHED);
        assertThat(job.checkpointMetrics().restarts()).isEqualTo(1);

        assertThat(sorted(early.committed())).isEqualTo(range(600));
        assertThat(sorted(late.committed())).isEqualTo(range(6_000));
    }

    private static List<Long> sorted(List<String> lines) {
        return lines.stream().map(Long::parseLong).sorted().toList();
    }

    private static List<Long> range(long n) {
        return LongStream.range(0, n).boxed().toList();
    }
}
