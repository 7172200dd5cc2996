package io.sluice.examples.fraud;

import io.sluice.api.JobClient;
import io.sluice.api.JobStatus;
import io.sluice.api.StreamEnvironment;
import io.sluice.api.config.CheckpointingOptions;
import io.sluice.examples.testing.CapturedStdout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.sluice.runtime.testing.Conditions.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole fraud job, generator inside, stopped with a savepoint mid-run and resumed at a lower,
 * then a higher parallelism: keyed state, timers and the broadcast rules (changed before the start)
 * carry over, and every injected fraud is alerted exactly once under the rule in force.
 */
class FraudRescaleTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void shouldAlertEveryFraudOnceThroughSavepointsAtParallelism2Then1Then3() throws Exception {
        Path queues = dir.resolve("queues");
        FraudRun run = new FraudRun(queues);
        run.rule("max-transactions=3");
        FraudGenerator.Traffic traffic = FraudGenerator.generate(FraudGenerator.Settings.defaults(21)
                .withTransactions(150, 3_000, 5));
        // under "more than 3", a velocity pattern (6 transactions) is alerted at its 4th
        List<String> expected = new ArrayList<>();
        for (FraudGenerator.InjectedFraud f : traffic.frauds()) {
            List<String> ids = f.rule() == FraudRule.VELOCITY ? f.transactionIds().subList(0, 4) : f.transactionIds();
            expected.add(f.rule().label() + " " + f.account() + " " + String.join(",", ids));
        }

        try (CapturedStdout ignored = new CapturedStdout()) {
            JobClient first = start(2, null, queues);
            await("some alerts", TIMEOUT, () -> run.committedAlerts().size() >= 4);
            Path savepoint1 = first.stopWithSavepoint(dir.resolve("sp1")).get(30, TimeUnit.SECONDS);
            first.await(TIMEOUT);
            int atFirstStop = run.committedAlerts().size();

            JobClient second = start(1, savepoint1, queues);
            await("more alerts", TIMEOUT, () -> run.committedAlerts().size() >= atFirstStop + 4);
            Path savepoint2 = second.stopWithSavepoint(dir.resolve("sp2")).get(30, TimeUnit.SECONDS);
            second.await(TIMEOUT);
            assertThat(run.committedAlerts().size()).as("stopped mid-run").isLessThan(expected.size());

            assertThat(start(3, savepoint2, queues).await(TIMEOUT).status()).isEqualTo(JobStatus.FINISHED);
        }

        assertThat(FraudRun.actual(run.committedAlerts())).containsExactlyInAnyOrderElementsOf(expected)
                .doesNotHaveDuplicates();
    }

    private JobClient start(int parallelism, Path from, Path queues) throws Exception {
        StreamEnvironment env = StreamEnvironment.create().setParallelism(parallelism);
        env.config().set(CheckpointingOptions.DIRECTORY, dir.resolve("checkpoints-" + parallelism).toString());
        env.config().set(CheckpointingOptions.INTERVAL, Duration.ofMillis(200));
        if (from != null) {
            env.config().set(CheckpointingOptions.RESTORE_FROM, from.toString());
        }
        new FraudDetection().define(env, new String[] {"--dir", queues.toString(), "--seconds", "6", "--seed", "21",
            "--accounts", "150", "--transactions", "3000"});
        return env.executeAsync("fraud-rescale-p" + parallelism);
    }
}
