package io.sluice.examples.jobjar;

import io.sluice.api.JobClient;
import io.sluice.api.JobResult;
import io.sluice.api.StreamEnvironment;
import io.sluice.api.config.CheckpointingOptions;
import io.sluice.api.config.RestartOptions;
import io.sluice.api.connector.format.RecordDeserializer;
import io.sluice.api.connector.format.RecordSerializer;
import io.sluice.api.metrics.CheckpointMetrics;
import io.sluice.api.time.WatermarkStrategy;
import io.sluice.connectors.chronicle.ChronicleQueueSink;
import io.sluice.connectors.chronicle.ChronicleQueueSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A job with a {@code main} method that {@link JobJarEndToEndTest} packs alone into a jar (named by
 * {@code Main-Class}) and runs with {@code bin/sluice run JAR INPUT_QUEUE OUTPUT_QUEUE CHECKPOINTS}:
 * every record of the input queue (bounded at the end it has when the job starts), upper-cased, into
 * the output queue exactly once. Once a checkpoint is complete, {@code main} arms a failure that the
 * next record triggers, so the job restarts from that checkpoint; each record is delayed about
 * 0.1 ms so that the job is still running then. Prints {@link #DONE} with the result, its restarts
 * and the checkpoint it was last restored from.
 */
public final class QueueCopyJob {

    public static final String DONE = "queue-copy-job done:";
    public static final String LOADED_FROM = "queue-copy-job: chronicle connector from ";

    /** Set by main once a checkpoint is complete; the next record fails the job and clears it. */
    private static volatile boolean failureArmed;

    private QueueCopyJob() {
    }

    public static void main(String[] args) throws Exception {
        Path input = Path.of(args[0]);
        Path output = Path.of(args[1]);
        System.out.println(LOADED_FROM + ChronicleQueueSource.class.getProtectionDomain().getCodeSource().getLocation());

        StreamEnvironment env = StreamEnvironment.create().setParallelism(1);
        env.config().set(CheckpointingOptions.INTERVAL, Duration.ofMillis(50))
                .set(CheckpointingOptions.DIRECTORY, args[2])
                .set(RestartOptions.STRATEGY, RestartOptions.Strategy.FIXED_DELAY)
                .set(RestartOptions.ATTEMPTS, 1)
                .set(RestartOptions.DELAY, Duration.ofMillis(100));
        env.fromSource(ChronicleQueueSource.forRecords(input, RecordDeserializer.utf8()).bounded().build(),
                        WatermarkStrategy.noWatermarks(), "input").uid("input")
                .map(line -> {
                    LockSupport.parkNanos(100_000); // pacing, so that the job is still running when armed
                    if (failureArmed) {
                        failureArmed = false;
                        throw new IllegalStateException("injected failure at record '" + line + "'");
                    }
                    return line.toUpperCase(Locale.ROOT);
                }).uid("upper")
                .sinkTo(ChronicleQueueSink.forRecords(output, RecordSerializer.utf8()).build()).uid("output");

        JobClient job = env.executeAsync("queue-copy");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (job.checkpointMetrics().completed() == 0 && !job.status().isTerminal()
                && System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(1); // polling the job's checkpoints
        }
        failureArmed = true;
        JobResult result = job.await();
        CheckpointMetrics checkpoints = job.checkpointMetrics();
        System.out.println(DONE + " " + result.status() + " restarts=" + checkpoints.restarts() + " restored-from="
                + checkpoints.lastRestoredId());
    }
}
