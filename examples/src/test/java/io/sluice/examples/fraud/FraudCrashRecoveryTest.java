package io.sluice.examples.fraud;

import io.sluice.runtime.testing.ChildSluice;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.sluice.runtime.testing.Conditions.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole fraud job, generator inside, as {@code sluice run} in a child JVM, killed with
 * {@code kill -9} mid-run and started again from its newest checkpoint: the alerts queue, read
 * committed, holds every injected fraud exactly once and nothing else.
 */
class FraudCrashRecoveryTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private ChildSluice children;

    @AfterEach
    void stopChildren() {
        if (children != null) {
            children.close();
        }
    }

    @Test
    void shouldAlertEveryInjectedFraudExactlyOnceThroughKillMinus9AndRestore() throws Exception {
        children = new ChildSluice(dir.resolve("logs"));
        Path queues = dir.resolve("queues");
        Path checkpoints = dir.resolve("checkpoints");
        String[] job = {"-Dcheckpoint.directory=" + checkpoints, "-Dcheckpoint.interval=200ms",
            "-Dpipeline.parallelism=2", FraudDetection.class.getName(), "--dir", queues.toString(), "--seconds", "6",
            "--seed", "5", "--accounts", "150", "--transactions", "3000"};
        FraudGenerator.Traffic traffic = FraudGenerator.generate(FraudGenerator.Settings.defaults(5)
                .withTransactions(150, 3_000, 5));
        List<String> expected = FraudRun.expected(traffic.frauds());
        FraudRun alerts = new FraudRun(queues);

        Process first = children.start("first", job);
        await("a few alerts are committed", TIMEOUT, () -> {
            assertThat(first.isAlive()).as("the first run is alive: %s", children.logs()).isTrue();
            return alerts.committedAlerts().size() >= 3 && ChildSluice.newestCompleteCheckpoint(checkpoints) >= 3;
        });
        assertThat(ChildSluice.kill(first)).isEqualTo(ChildSluice.SIGKILL_EXIT);
        assertThat(alerts.committedAlerts().size()).as("killed mid-run").isLessThan(expected.size());

        List<String> restoreArgs = new java.util.ArrayList<>(List.of("--from-checkpoint", checkpoints.toString()));
        restoreArgs.addAll(List.of(job));
        Process second = children.start("second", restoreArgs.toArray(String[]::new));
        assertThat(second.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).as("the restored run ends: %s",
                children.logs()).isTrue();
        assertThat(second.exitValue()).as("%s", children.logs()).isZero();

        assertThat(FraudRun.actual(alerts.committedAlerts())).as("%s", children.logs())
                .containsExactlyInAnyOrderElementsOf(expected)
                .doesNotHaveDuplicates();
        assertThat(expected).hasSize(20);
    }
}
