package io.sluice.runtime.executor;

import io.sluice.api.JobClient;
import io.sluice.api.JobResult;
import io.sluice.api.JobStatus;
import io.sluice.api.StreamEnvironment;
import io.sluice.runtime.testing.DiscardSink;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A cancel that arrives as a job ends by itself: whichever wins, the job reaches an end state
 * (finished, if every task had finished; cancelled otherwise) and its result is given. The moment
 * is a race, so the test makes many tiny jobs meet a cancel at spread-out moments of their life:
 * before the fix, one in a few hundred hung in CANCELLING with no result.
 */
class CancelAtTheEndTest {

    private static final int RUNS = 1_000;

    @Test
    void aCancelAsTheJobFinishesStillEndsIt() throws Exception {
        int finished = 0;
        int cancelled = 0;
        for (int i = 0; i < RUNS; i++) {
            StreamEnvironment env = StreamEnvironment.create().setParallelism(1);
            env.fromSequence(0, 200).map(v -> v + 1).sinkTo(new DiscardSink<>());
            JobClient job = env.executeAsync("cancel-at-the-end");
            LockSupport.parkNanos((i % 40) * 25_000L); // cancel at moments spread over the job's short life
            job.cancel();
            JobResult result = job.await(Duration.ofSeconds(10));
            assertThat(result.status()).as("run %d", i).isIn(JobStatus.FINISHED, JobStatus.CANCELED);
            if (result.status() == JobStatus.FINISHED) {
                finished++;
            } else {
                cancelled++;
            }
        }
        assertThat(finished + cancelled).isEqualTo(RUNS);
    }
}
