package io.sluice.examples.fraud;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What the generator promises: the same traffic for a seed, bounded disorder, clean traffic that no rule matches. */
class FraudGeneratorTest {

    @Test
    void shouldGiveTheSameTrafficForTheSameSeedAndOtherTrafficForAnother() {
        FraudGenerator.Traffic a = FraudGenerator.generate(FraudGenerator.Settings.defaults(1));
        FraudGenerator.Traffic b = FraudGenerator.generate(FraudGenerator.Settings.defaults(1));
        FraudGenerator.Traffic c = FraudGenerator.generate(FraudGenerator.Settings.defaults(2));

        assertThat(a).isEqualTo(b);
        assertThat(a.transactions()).isNotEqualTo(c.transactions());
        assertThat(a.frauds()).hasSize(20);
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4})
    void shouldShuffleArrivalWithinTheBoundOnly(long seed) {
        FraudGenerator.Settings s = FraudGenerator.Settings.defaults(seed);
        long maxSeen = Long.MIN_VALUE;
        int inversions = 0;
        for (Transaction t : FraudGenerator.generate(s).transactions()) {
            if (maxSeen != Long.MIN_VALUE) {
                assertThat(t.timeMs()).as("%s arrives at most %d ms late", t, s.maxDelayMs())
                        .isGreaterThan(maxSeen - s.maxDelayMs());
            }
            if (t.timeMs() < maxSeen) {
                inversions++;
            }
            maxSeen = Math.max(maxSeen, t.timeMs());
        }
        assertThat(inversions).as("transactions out of order").isGreaterThan(10);
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4})
    void shouldMakeCleanTrafficThatNoRuleMatches(long seed) {
        FraudGenerator.Traffic traffic = FraudGenerator.generate(FraudGenerator.Settings.defaults(seed));
        Set<String> fraudIds = traffic.frauds().stream().flatMap(f -> f.transactionIds().stream())
                .collect(Collectors.toSet());
        Map<String, List<Transaction>> byAccount = traffic.transactions().stream()
                .filter(t -> !fraudIds.contains(t.id()) || isTravelStart(traffic, t))
                .sorted((x, y) -> Long.compare(x.timeMs(), y.timeMs()))
                .collect(Collectors.groupingBy(Transaction::account));
        for (List<Transaction> account : byAccount.values()) {
            Set<String> cities = new HashSet<>();
            for (int i = 0; i < account.size(); i++) {
                Transaction t = account.get(i);
                assertThat(t.amountCents()).as("%s: between 20.00 and 100.00", t).isBetween(2_000L, 10_000L);
                cities.add(t.city());
                if (i > 0) {
                    assertThat(t.timeMs() - account.get(i - 1).timeMs()).as("%s: far from the one before", t)
                            .isGreaterThanOrEqualTo(FraudGenerator.MIN_GAP_MS);
                }
            }
            assertThat(cities).as("one city per account").hasSize(1);
        }
    }

    @Test
    void shouldHaveADailyRhythmAndBusyAccounts() {
        FraudGenerator.Traffic traffic = FraudGenerator.generate(FraudGenerator.Settings.defaults(1));
        long night = traffic.transactions().stream().filter(t -> hourOf(t) < 8).count();
        long afternoon = traffic.transactions().stream().filter(t -> hourOf(t) >= 12 && hourOf(t) < 20).count();
        assertThat(afternoon).isGreaterThan(3 * night);
        Map<String, Integer> perAccount = new HashMap<>();
        traffic.transactions().forEach(t -> perAccount.merge(t.account(), 1, Integer::sum));
        List<Integer> counts = perAccount.values().stream().sorted().toList();
        assertThat(counts.get(counts.size() - 1)).isGreaterThan(10 * counts.get(counts.size() / 2));
    }

    @Test
    void shouldRefuseTooFewAccountsForTheFrauds() {
        assertThatThrownBy(() -> FraudGenerator.generate(FraudGenerator.Settings.defaults(1).withTransactions(10, 100, 5)))
                .hasMessageContaining("10 accounts are too few for 20 frauds");
    }

    private static boolean isTravelStart(FraudGenerator.Traffic traffic, Transaction t) {
        // the first transaction of an impossible-travel pair is a clean one
        return traffic.frauds().stream().anyMatch(f -> f.rule() == FraudRule.IMPOSSIBLE_TRAVEL
                && f.transactionIds().get(0).equals(t.id()));
    }

    private static long hourOf(Transaction t) {
        return (t.timeMs() % 86_400_000L) / 3_600_000L;
    }
}
