package io.sluice.examples.classic;

import io.sluice.api.JobClient;
import io.sluice.api.JobResult;
import io.sluice.api.JobStatus;
import io.sluice.api.StreamEnvironment;
import io.sluice.api.config.CheckpointingOptions;
import io.sluice.api.config.ExecutionOptions;
import io.sluice.api.config.RestartOptions;
import io.sluice.api.functions.MapFunction;
import io.sluice.examples.testing.CapturedStdout;
import io.sluice.runtime.testing.Conditions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The CSV job's state (keyed windows, global windows over every row, the source's position) through
 * checkpoints, injected failures and restores, and through a savepoint restored at a lower and a
 * higher parallelism: the tables are printed once, and equal those computed by brute force.
 */
class CsvAggregationRecoveryTest {

    /** Rows read so far per test, counted by the paced step after the reader. */
    private static final Map<String, AtomicInteger> READ = new ConcurrentHashMap<>();
    /**
     * Rows the source's task reads in one turn: few, since a barrier waits for the turn to end and
     * the test paces the rows in the source's task.
     */
    private static final int SOURCE_BATCH = 4;
    /** Per test: fail at the next row. */
    private static final Map<String, AtomicBoolean> FAIL_NEXT = new ConcurrentHashMap<>();

    @TempDir
    Path dir;

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2})
    void shouldPrintTheExactTablesOnceAfterFailuresAndRestores(long seed) throws Exception {
        Random random = new Random(seed);
        String counter = newCounter();
        AtomicBoolean failNext = new AtomicBoolean();
        FAIL_NEXT.put(counter, failNext);
        StreamEnvironment env = StreamEnvironment.create().setParallelism(2);
        env.config().set(ExecutionOptions.BATCH_SIZE, SOURCE_BATCH)
                .set(CheckpointingOptions.INTERVAL, Duration.ofHours(1)) // only those the test takes
                .set(CheckpointingOptions.DIRECTORY, dir.resolve("checkpoints").toString())
                .set(RestartOptions.STRATEGY, RestartOptions.Strategy.FIXED_DELAY)
                .set(RestartOptions.ATTEMPTS, 2)
                .set(RestartOptions.DELAY, Duration.ofMillis(10));
        new CsvAggregation().define(env, bundled(), paced(counter, sale -> {
            if (FAIL_NEXT.get(counter).compareAndSet(true, false)) {
                throw new IllegalStateException("injected failure after a checkpoint, at " + sale);
            }
            return sale;
        }));

        try (CapturedStdout out = new CapturedStdout()) {
            JobClient job = env.executeAsync("csv-aggregation-failures");
            for (int failure = 1; failure <= 2; failure++) {
                // a random number of rows into the run, a checkpoint, then a failure at the next row
                int rows = READ.get(counter).get() + 10 + random.nextInt(40);
                Conditions.await(rows + " rows read", Duration.ofSeconds(20), () -> READ.get(counter).get() >= rows);
                job.triggerCheckpoint().get(20, TimeUnit.SECONDS);
                failNext.set(true);
                Conditions.await("failure " + failure + " and the restart", Duration.ofSeconds(20),
                        () -> !failNext.get());
            }
            JobResult result = job.await(Duration.ofSeconds(30));

            assertThat(result.status()).isEqualTo(JobStatus.FINISHED);
            assertThat(job.checkpointMetrics().restarts()).isEqualTo(2);
            assertThat(job.checkpointMetrics().lastRestoredId()).as("restored from a checkpoint").isPositive();
            assertThat(READ.get(counter).get()).as("rows read again after the restores, not all of them")
                    .isGreaterThan(150).isLessThan(3 * 150);
            assertThat(out.text()).isEqualTo(expected());
        }
    }

    @ParameterizedTest(name = "restored at parallelism {0}")
    @ValueSource(ints = {1, 3})
    void shouldPrintTheExactTablesOnceFromASavepointAtAnotherParallelism(int parallelism) throws Exception {
        Path savepoint = dir.resolve("savepoint");
        String counter = newCounter();
        StreamEnvironment env = StreamEnvironment.create().setParallelism(2);
        env.config().set(ExecutionOptions.BATCH_SIZE, SOURCE_BATCH)
                .set(CheckpointingOptions.DIRECTORY, dir.resolve("checkpoints").toString());
        new CsvAggregation().define(env, bundled(), paced(counter, sale -> sale));

        try (CapturedStdout out = new CapturedStdout()) {
            JobClient first = env.executeAsync("csv-aggregation-p2");
            Conditions.await("40 rows read", Duration.ofSeconds(20), () -> READ.get(counter).get() >= 40);
            assertThat(first.stopWithSavepoint(savepoint).get()).isEqualTo(savepoint);
            assertThat(first.await(Duration.ofSeconds(20)).status()).isEqualTo(JobStatus.CANCELED);
            assertThat(out.text()).as("nothing printed before the end of input").isEmpty();
            assertThat(READ.get(counter).get()).as("stopped before the end").isLessThan(150);

            StreamEnvironment again = StreamEnvironment.create().setParallelism(parallelism);
            again.config().set(CheckpointingOptions.RESTORE_FROM, savepoint.toString())
                    .set(CheckpointingOptions.DIRECTORY, dir.resolve("checkpoints").toString());
            new CsvAggregation().define(again, bundled(), paced(null, sale -> sale));
            JobClient restored = again.executeAsync("csv-aggregation-p" + parallelism);

            assertThat(restored.await(Duration.ofSeconds(30)).status()).isEqualTo(JobStatus.FINISHED);
            assertThat(restored.checkpointMetrics().lastRestoredId()).isPositive();
            assertThat(out.text()).isEqualTo(expected());
        }
    }

    private static String newCounter() {
        String counter = UUID.randomUUID().toString();
        READ.put(counter, new AtomicInteger());
        return counter;
    }

    /**
     * {@code then} after a pause of 3 ms per row, so that the job is far from its end when a
     * snapshot is taken; counted under {@code counter}.
     */
    private static MapFunction<Sale, Sale> paced(String counter, MapFunction<Sale, Sale> then) {
        return sale -> {
            LockSupport.parkNanos(3_000_000);
            if (counter != null) {
                READ.get(counter).incrementAndGet();
            }
            return then.map(sale);
        };
    }

    private static String[] bundled() {
        return new String[] {"--input", CsvOracle.BUNDLED.toString()};
    }

    private static String expected() throws Exception {
        return CsvOracle.expectedOutput(Files.readAllLines(CsvOracle.BUNDLED));
    }
}
