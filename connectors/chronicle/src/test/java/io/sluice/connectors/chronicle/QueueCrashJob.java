package io.sluice.connectors.chronicle;

import io.sluice.api.JobClient;
import io.sluice.api.JobResult;
import io.sluice.api.StreamEnvironment;
import io.sluice.api.config.CheckpointingOptions;
import io.sluice.api.connector.format.RecordSerializer;
import io.sluice.api.time.WatermarkStrategy;
import io.sluice.runtime.testing.FailingSequenceSource;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The job {@link QueueKillNineRecoveryTest} runs in a child JVM through {@code SluiceCli run}:
 * {@code QueueCrashJob OUTPUT_QUEUE CHECKPOINT_DIR}. Values {@code 0..COUNT-1} from a paced source at
 * parallelism 2 (about 3 s in all) go as {@code "v<value>"} through the exactly-once
 * {@link ChronicleQueueSink}, with a checkpoint every 100 ms. Prints one line starting with
 * {@link #DONE} when the job ends.
 */
public final class QueueCrashJob {

    static final long COUNT = 60_000;
    static final String DONE = "queue-crash-job done:";

    private QueueCrashJob() {
    }

    public static void main(String[] args) throws Exception {
        Path output = Path.of(args[0]);
        Path checkpoints = Path.of(args[1]);
        StreamEnvironment env = StreamEnvironment.create().setParallelism(2);
        env.config().set(CheckpointingOptions.INTERVAL, Duration.ofMillis(100))
                .set(CheckpointingOptions.DIRECTORY, checkpoints.toString());
        env.fromSource(new FailingSequenceSource(COUNT, 4, 10, 0), WatermarkStrategy.noWatermarks(), "sequence")
                .uid("sequence")
                .map(v -> "v" + v).uid("format")
                .sinkTo(ChronicleQueueSink.forRecords(output, RecordSerializer.utf8()).build()).uid("queue");
        JobClient job = env.executeAsync("queue-crash-test");
        JobResult result = job.await();
        System.out.println(DONE + " " + result.status() + ", restored from checkpoint "
                + job.checkpointMetrics().lastRestoredId());
    }
}
