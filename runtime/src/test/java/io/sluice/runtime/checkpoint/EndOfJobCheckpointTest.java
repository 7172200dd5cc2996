package io.sluice.runtime.checkpoint;

import io.sluice.api.JobClient;
import io.sluice.api.JobStatus;
import io.sluice.api.StreamEnvironment;
import io.sluice.api.config.CheckpointingOptions;
import io.sluice.runtime.testing.FailingSequenceSource;
import io.sluice.runtime.testing.TransactionalCollectSink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The end of a bounded job is part of the checkpoint protocol: once every task has ended, a final
 * checkpoint is taken at once (not at the next interval), it records that the job finished, and its
 * completion commits the sinks' last transactions; a resume from it runs nothing again.
 */
class EndOfJobCheckpointTest {

    private static final long COUNT = 5_000;

    @TempDir
    Path dir;

    private JobClient run(TransactionalCollectSink sink, Duration interval, String restoreFrom) throws Exception {
        StreamEnvironment env = StreamEnvironment.create().setParallelism(2);
        env.config().set(CheckpointingOptions.INTERVAL, interval)
                .set(CheckpointingOptions.DIRECTORY, dir.toString())
                .set(CheckpointingOptions.RESTORE_FROM, restoreFrom);
        KeyedCountJob.build(env, new FailingSequenceSource(COUNT, 4, 1_000, 0), sink);
        JobClient job = env.executeAsync("end-of-job");
        // far less than the interval: the final checkpoint does not wait for it
        assertThat(job.await(Duration.ofSeconds(60)).status()).isEqualTo(JobStatus.FINISHED);
        return job;
    }

    @Test
    void aBoundedJobEndsWithAFinalCheckpointAtOnceWhoseCompletionCommitsTheLastTransactions() throws Exception {
        TransactionalCollectSink sink = new TransactionalCollectSink();
        JobClient job = run(sink, Duration.ofHours(1), "");

        assertThat(job.checkpointMetrics().completed()).as("only the final checkpoint").isEqualTo(1);
        KeyedCountJob.assertExactlyOnce(sink.committed(), COUNT);
        List<Path> checkpoints = CheckpointStorage.candidates(dir);
        assertThat(checkpoints).hasSize(1);
        CompletedCheckpoint last = CheckpointMetadata.read(checkpoints.get(0));
        assertThat(last.jobFinished()).as("the final checkpoint records that the job finished").isTrue();
        assertThat(last.transactions()).as("it carried the sinks' last transactions").isTrue();
        assertThat(last.operators().values()).allSatisfy(op -> assertThat(op.fullyFinished()).isTrue());
        assertThat(last.sizeBytes()).as("finished tasks write no keyed state").isZero();
    }

    @Test
    void resumingAJobThatFinishedRunsNothingAndCommitsNothingTwice() throws Exception {
        String store = UUID.randomUUID().toString();
        TransactionalCollectSink first = new TransactionalCollectSink(store);
        run(first, Duration.ofMillis(20), "");
        Set<String> transactions = first.committedTransactions();
        KeyedCountJob.assertExactlyOnce(first.committed(), COUNT);
        Path finalCheckpoint = CheckpointStorage.candidates(dir).get(0);
        long finalId = CheckpointMetadata.read(finalCheckpoint).id();

        TransactionalCollectSink again = new TransactionalCollectSink(store);
        JobClient resumed = run(again, Duration.ofMillis(20), dir.toString());

        assertThat(resumed.checkpointMetrics().lastRestoredId()).isEqualTo(finalId);
        assertThat(resumed.checkpointMetrics().completed()).as("nothing ran, nothing to checkpoint").isZero();
        assertThat(again.committedTransactions()).as("no new transaction").isEqualTo(transactions);
        KeyedCountJob.assertExactlyOnce(again.committed(), COUNT);
        assertThat(resumed.metrics().tasks()).as("no task was started").isEmpty();
    }

    @Test
    void withoutPeriodicCheckpointsTheSinksCommitOnceEveryTaskHasEnded() throws Exception {
        TransactionalCollectSink sink = new TransactionalCollectSink();
        JobClient job = run(sink, Duration.ZERO, "");

        assertThat(job.checkpointMetrics().completed()).isZero();
        KeyedCountJob.assertExactlyOnce(sink.committed(), COUNT);
        assertThat(Files.exists(dir) ? CheckpointStorage.candidates(dir) : List.of()).isEmpty();
    }
}
