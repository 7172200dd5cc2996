package io.sluice.examples.fraud;

import io.sluice.api.JobClient;
import io.sluice.api.JobStatus;
import io.sluice.examples.testing.CapturedStdout;
import io.sluice.runtime.testing.Conditions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fraud job on real Chronicle queues under the runtime, with checkpoints, against the
 * generator's ground truth: every injected fraud alerted exactly once, with its transactions, and
 * nothing else (no clean account flagged).
 */
class FraudDetectionTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3})
    void shouldAlertEveryInjectedFraudExactlyOnceAndNothingElse(long seed) throws Exception {
        FraudGenerator.Traffic traffic = FraudGenerator.generate(small(seed));
        FraudRun run = new FraudRun(dir);
        run.write(traffic);
        run.endTransactions();
        run.rule(UntilEndMarker.END);

        List<String> printed;
        try (CapturedStdout out = new CapturedStdout()) {
            assertThat(run.start(2).await(TIMEOUT).status()).isEqualTo(JobStatus.FINISHED);
            printed = out.lines();
        }

        List<String> committed = run.committedAlerts();
        assertThat(FraudRun.actual(committed))
                .containsExactlyInAnyOrderElementsOf(FraudRun.expected(traffic.frauds()))
                .doesNotHaveDuplicates();
        assertThat(traffic.frauds()).hasSize(12);
        // the console shows the same alerts, and a last status line with every transaction counted
        assertThat(printed.stream().filter(l -> l.startsWith("FRAUD ")).toList())
                .containsExactlyInAnyOrderElementsOf(committed);
        assertThat(printed).contains("STATUS final transactions=" + traffic.transactions().size()
                + " alerts=" + committed.size() + " watermark=end checkpoints=" + lastCheckpoints(printed));
    }

    @Test
    void shouldNotFlagCleanTrafficEvenAtTheStrictestVelocityLimit() throws Exception {
        // clean accounts never make two transactions within a window: no limit of 1 or more catches them
        FraudGenerator.Settings settings = small(7).withTransactions(150, 3_000, 0);
        FraudGenerator.Traffic traffic = FraudGenerator.generate(settings);
        FraudRun run = new FraudRun(dir);
        run.rule("max-transactions=1");
        run.rule(UntilEndMarker.END);
        run.write(traffic);
        run.endTransactions();

        try (CapturedStdout ignored = new CapturedStdout()) {
            assertThat(run.start(2).await(TIMEOUT).status()).isEqualTo(JobStatus.FINISHED);
        }

        assertThat(traffic.frauds()).isEmpty();
        assertThat(run.committedAlerts()).isEmpty();
    }

    @Test
    void shouldApplyARuleChangeFromTheMomentItArrives() throws Exception {
        // before: the default limit (more than 5 in 60 s); a burst of 4 on a clean account is no fraud yet
        FraudGenerator.Settings before = small(11).withWindow(FraudGenerator.Settings.DEFAULT_START_MS, 6 * 3_600_000L, "a-");
        FraudGenerator.Traffic first = FraudGenerator.generate(before);
        long burstStart = first.lastEventMs() + 60_000;
        List<Transaction> burst = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            burst.add(new Transaction("a-burst-" + i, "a-shopper", 4_000, "m-clo-1", "clothing", "Paris", 48.857, 2.352,
                    burstStart + i * 10_000L));
        }
        // pushes the watermark past everything before it
        long pastFirst = burstStart + 30_000 + 30_000 + 2;
        Transaction heartbeat = new Transaction("a-heartbeat", "a-heartbeat", 5_000, "m-gro-1", "grocery", "Paris",
                48.857, 2.352, pastFirst);
        // after: more than 3 in 60 s; the generator's velocity patterns are bursts of 4
        Rules stricter = Rules.DEFAULTS.with("max-transactions=3");
        FraudGenerator.Traffic second = FraudGenerator.generate(small(12)
                .withWindow(pastFirst + 120_000, 6 * 3_600_000L, "b-").withRules(stricter));

        FraudRun run = new FraudRun(dir);
        run.write(first);
        List<Transaction> more = new ArrayList<>(burst);
        more.add(heartbeat);
        run.write(new FraudGenerator.Traffic(more, List.of(), pastFirst));
        try (CapturedStdout out = new CapturedStdout()) {
            JobClient job = run.start(2);
            Conditions.await("the detector's watermark passes the first traffic", TIMEOUT,
                    () -> FraudRun.detectorWatermark(job) >= burstStart + 30_000);
            run.rule("max-transactions=3");
            Conditions.await("both detector subtasks have the new rule", TIMEOUT,
                    () -> job.metrics().userCounter("detect", "rule-updates") == 2);
            run.write(second);
            run.endTransactions();
            run.rule(UntilEndMarker.END);
            assertThat(job.await(TIMEOUT).status()).isEqualTo(JobStatus.FINISHED);
            assertThat(out.lines()).contains("RULES " + stricter);
        }

        List<String> expected = new ArrayList<>(FraudRun.expected(first.frauds()));
        expected.addAll(FraudRun.expected(second.frauds()));
        assertThat(FraudRun.actual(run.committedAlerts())).containsExactlyInAnyOrderElementsOf(expected);
        Set<Integer> velocitySizes = second.frauds().stream().filter(f -> f.rule() == FraudRule.VELOCITY)
                .map(f -> f.transactionIds().size()).collect(Collectors.toSet());
        assertThat(velocitySizes).containsExactly(4);
    }

    /** A small day of traffic: 150 accounts, about 3000 transactions, 3 frauds per rule. */
    private static FraudGenerator.Settings small(long seed) {
        return FraudGenerator.Settings.defaults(seed).withTransactions(150, 3_000, 3);
    }

    private static String lastCheckpoints(List<String> printed) {
        String last = printed.stream().filter(l -> l.startsWith("STATUS final")).reduce((a, b) -> b).orElse("");
        return last.substring(last.lastIndexOf('=') + 1);
    }
}
