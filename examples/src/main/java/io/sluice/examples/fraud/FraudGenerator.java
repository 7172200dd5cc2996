package io.sluice.examples.fraud;

import io.sluice.examples.common.Flags;
import io.sluice.examples.common.Launcher;
import io.sluice.examples.common.UsageException;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * Seeded card traffic with fraud injected at known points. The same settings always give the same
 * transactions, in the same (out-of-order) arrival order, and the same ground truth.
 *
 * <p><b>Clean traffic</b>: many accounts, a few busy ones (activity falls off as a power of the
 * account's rank), more transactions in the afternoon than at night, each account in its home city,
 * in 3 usual categories, amounts between 20.00 and 100.00, and at least {@link #MIN_GAP_MS} between
 * two transactions of one account. By construction it matches no rule with thresholds at least as
 * strict as the generator's {@link Rules}: nothing is under 1.00 (small-then-large), no two
 * transactions of an account fall in one window (velocity, for any limit of at least 1), no amount is
 * 10 times another (unusual amount), nobody moves (impossible travel).
 *
 * <p><b>Fraud</b>: {@code fraudsPerRule} accounts per rule, each with some clean history, then the
 * pattern, then nothing (the card is blocked). Each pattern matches its own rule exactly once and no
 * other: small-then-large uses usual categories and the home city; velocity is {@code N + 1}
 * transactions spread over less than the window; unusual amount is one transaction in a category the
 * account never used, above {@code factor} times its running average; impossible travel is one
 * transaction in a city at least 2000 km from home, under 35 minutes after the last one.
 *
 * <p><b>Arrival</b>: each transaction arrives up to {@code maxDelayMs} after its event time, so the
 * order is shuffled within that bound (a job with that bounded out-of-orderness drops nothing).
 */
public final class FraudGenerator {

    /** The least time between two clean transactions of one account: longer than any rule's window. */
    public static final long MIN_GAP_MS = 5 * 60_000;

    private static final String[] CATEGORIES = {
        "grocery", "restaurant", "fuel", "pharmacy", "clothing", "transport", "books", "entertainment",
        "electronics", "jewelry", "travel", "gaming"};
    /** Clean accounts shop in the first USUAL_POOL categories; unusual amounts come from the rest too. */
    private static final int USUAL_POOL = 8;
    private static final int USUAL_PER_ACCOUNT = 3;
    private static final long CLEAN_MIN_CENTS = 2_000;
    private static final long CLEAN_MAX_CENTS = 10_000;
    private static final double FAR_KM = 2_000;

    /**
     * What to generate.
     *
     * @param seed          the random seed
     * @param accounts      how many accounts
     * @param transactions  about how many clean transactions in all
     * @param fraudsPerRule how many accounts get each rule's pattern
     * @param startMs       the event time the traffic starts at
     * @param durationMs    the event time it spans (a day by default)
     * @param maxDelayMs    how late a transaction may arrive after its event time
     * @param rules         the rules the patterns are made to match (velocity patterns have N + 1)
     * @param prefix        account and transaction id prefix, so that several runs can share a queue
     */
    public record Settings(long seed, int accounts, int transactions, int fraudsPerRule, long startMs,
                           long durationMs, long maxDelayMs, Rules rules, String prefix)
            implements java.io.Serializable {

        /** 2026-03-02T00:00:00Z */
        public static final long DEFAULT_START_MS = 1_772_409_600_000L;

        public static Settings defaults(long seed) {
            return new Settings(seed, 300, 6_000, 5, DEFAULT_START_MS, 24 * 3_600_000L, 30_000, Rules.DEFAULTS, "");
        }

        public Settings withTransactions(int accounts, int transactions, int fraudsPerRule) {
            return new Settings(seed, accounts, transactions, fraudsPerRule, startMs, durationMs, maxDelayMs, rules,
                    prefix);
        }

        public Settings withWindow(long startMs, long durationMs, String prefix) {
            return new Settings(seed, accounts, transactions, fraudsPerRule, startMs, durationMs, maxDelayMs, rules,
                    prefix);
        }

        public Settings withRules(Rules rules) {
            return new Settings(seed, accounts, transactions, fraudsPerRule, startMs, durationMs, maxDelayMs, rules,
                    prefix);
        }
    }

    /** One injected fraud: the account, the rule it must trigger and the transactions an alert must name. */
    public record InjectedFraud(FraudRule rule, String account, List<String> transactionIds) {
    }

    /**
     * The traffic in arrival order and its ground truth.
     *
     * @param lastEventMs the latest event time of any transaction
     */
    public record Traffic(List<Transaction> transactions, List<InjectedFraud> frauds, long lastEventMs) {
    }

    static final String USAGE = "usage: FraudGenerator --queue DIR [--rules DIR] [--seed N] [--accounts N]"
            + " [--transactions N] [--max-delay-s S]"
            + "\n  --queue DIR       append the transactions, then the end marker #end, to this queue"
            + "\n  --rules DIR       append the end marker to this rules queue too, so that the job ends"
            + "\n  --seed N, --accounts N, --transactions N, --max-delay-s S: as for FraudDetection";

    private FraudGenerator() {
    }

    /**
     * Writes seeded traffic into a queue for {@code FraudDetection --queue DIR} and prints its ground
     * truth, one injected fraud a line.
     */
    public static void main(String[] args) throws Exception {
        Flags flags;
        try {
            flags = Flags.parse(args, USAGE, "queue", "rules", "seed", "accounts", "transactions", "max-delay-s");
            if (!flags.has("queue")) {
                throw flags.usageError("--queue DIR is needed");
            }
        } catch (UsageException e) {
            System.err.println(e.getMessage());
            System.exit(Launcher.USAGE_EXIT_STATUS);
            return;
        }
        Settings d = Settings.defaults(flags.getPositiveLong("seed", 1));
        Settings s = new Settings(d.seed(), (int) flags.getPositiveLong("accounts", d.accounts()),
                (int) flags.getPositiveLong("transactions", d.transactions()), d.fraudsPerRule(), d.startMs(),
                d.durationMs(), flags.getPositiveLong("max-delay-s", d.maxDelayMs() / 1000) * 1000, d.rules(), "");
        Traffic traffic = generate(s);
        List<String> lines = new ArrayList<>(traffic.transactions().size() + 1);
        for (Transaction t : traffic.transactions()) {
            lines.add(t.toLine());
        }
        lines.add(UntilEndMarker.END);
        QueueLines.append(Path.of(flags.get("queue", null)), lines);
        if (flags.has("rules")) {
            QueueLines.append(Path.of(flags.get("rules", null)), List.of(UntilEndMarker.END));
        }
        for (InjectedFraud f : traffic.frauds()) {
            System.out.println("INJECTED " + f.rule().label() + " " + f.account() + " evidence="
                    + String.join(",", f.transactionIds()));
        }
        System.err.println("fraud-generator: " + traffic.transactions().size() + " transactions, "
                + traffic.frauds().size() + " frauds injected, into " + Path.of(flags.get("queue", null)).toAbsolutePath());
    }

    /** The transaction draft before ids are given in event-time order. */
    private static final class Draft {
        final String account;
        final long cents;
        final String category;
        final City city;
        final long timeMs;
        final long arrivalMs;
        String id;

        Draft(String account, long cents, String category, City city, long timeMs, long arrivalMs) {
            this.account = account;
            this.cents = cents;
            this.category = category;
            this.city = city;
            this.timeMs = timeMs;
            this.arrivalMs = arrivalMs;
        }
    }

    private record Pattern(FraudRule rule, String account, List<Draft> evidence) {
    }

    public static Traffic generate(Settings s) {
        Random rnd = new Random(s.seed());
        List<Draft> all = new ArrayList<>();
        List<Pattern> patterns = new ArrayList<>();
        double[] weight = new double[s.accounts()];
        double total = 0;
        for (int i = 0; i < s.accounts(); i++) {
            weight[i] = 1 / Math.pow(i + 1, 0.8);
            total += weight[i];
        }
        int maxPerAccount = (int) (s.durationMs() / (MIN_GAP_MS + 60_000));
        // fraud accounts: every k-th account from the 4th on, spread over busy and quiet ones
        int frauds = FraudRule.values().length * s.fraudsPerRule();
        List<Integer> fraudAccounts = new ArrayList<>();
        for (int i = 3; fraudAccounts.size() < frauds && i < s.accounts(); i += Math.max(1, (s.accounts() - 3) / frauds)) {
            fraudAccounts.add(i);
        }
        if (fraudAccounts.size() < frauds) {
            throw new IllegalArgumentException(s.accounts() + " accounts are too few for " + frauds + " frauds");
        }
        for (int i = 0; i < s.accounts(); i++) {
            String account = s.prefix() + String.format("acct-%04d", i);
            City home = City.ALL.get(rnd.nextInt(City.ALL.size()));
            List<String> usual = usualCategories(rnd);
            int fraudIndex = fraudAccounts.indexOf(i);
            int minCount = fraudIndex >= 0 ? s.rules().minHistory() + 1 : 1;
            int count = (int) Math.max(minCount, Math.min(maxPerAccount, Math.round(s.transactions() * weight[i] / total)));
            List<Long> times = cleanTimes(rnd, s, count);
            List<Draft> mine = new ArrayList<>();
            for (long t : times) {
                mine.add(draft(rnd, s, account, CLEAN_MIN_CENTS + rnd.nextInt((int) (CLEAN_MAX_CENTS - CLEAN_MIN_CENTS + 1)),
                        pick(rnd, usual), home, t));
            }
            if (fraudIndex >= 0) {
                FraudRule rule = FraudRule.values()[fraudIndex % FraudRule.values().length];
                int keep = s.rules().minHistory() + rnd.nextInt(mine.size() - s.rules().minHistory());
                mine = new ArrayList<>(mine.subList(0, Math.max(1, keep)));
                patterns.add(inject(rnd, s, rule, account, home, usual, mine));
            }
            all.addAll(mine);
        }
        all.sort(Comparator.comparingLong((Draft d) -> d.timeMs).thenComparing(d -> d.account));
        for (int i = 0; i < all.size(); i++) {
            all.get(i).id = s.prefix() + String.format("t%07d", i);
        }
        List<InjectedFraud> truth = new ArrayList<>();
        for (Pattern p : patterns) {
            truth.add(new InjectedFraud(p.rule(), p.account(), p.evidence().stream().map(d -> d.id).toList()));
        }
        List<Draft> arrival = new ArrayList<>(all);
        arrival.sort(Comparator.comparingLong((Draft d) -> d.arrivalMs).thenComparing(d -> d.id));
        List<Transaction> transactions = new ArrayList<>(arrival.size());
        long last = Long.MIN_VALUE;
        for (Draft d : arrival) {
            transactions.add(new Transaction(d.id, d.account, d.cents, merchant(d), d.category, d.city.name(),
                    d.city.lat(), d.city.lon(), d.timeMs));
            last = Math.max(last, d.timeMs);
        }
        return new Traffic(transactions, truth, last);
    }

    private static Pattern inject(Random rnd, Settings s, FraudRule rule, String account, City home, List<String> usual,
                                  List<Draft> history) {
        Rules r = s.rules();
        Draft previous = history.get(history.size() - 1);
        long at = previous.timeMs + MIN_GAP_MS + rnd.nextInt(600_000);
        // categories the history used: a usual category not used yet would be new, and new is the unusual-amount rule
        List<String> used = history.stream().map(d -> d.category).distinct().toList();
        List<Draft> evidence = new ArrayList<>();
        switch (rule) {
            case SMALL_THEN_LARGE -> {
                evidence.add(draft(rnd, s, account, 1 + rnd.nextInt((int) r.smallCents() - 1), pick(rnd, used), home, at));
                long after = 5_000 + rnd.nextInt((int) (r.smallLargeWindowMs() - 10_000));
                evidence.add(draft(rnd, s, account, r.largeCents() + 1 + rnd.nextInt(50_000), pick(rnd, used), home,
                        at + after));
            }
            case VELOCITY -> {
                long step = r.velocityWindowMs() / (r.maxTransactions() + 1);
                for (int k = 0; k <= r.maxTransactions(); k++) {
                    evidence.add(draft(rnd, s, account, CLEAN_MIN_CENTS + rnd.nextInt((int) (CLEAN_MAX_CENTS - CLEAN_MIN_CENTS)),
                            pick(rnd, used), home, at + k * step));
                }
            }
            case UNUSUAL_AMOUNT -> {
                long sum = 0;
                for (Draft d : history) {
                    sum += d.cents;
                }
                long above = (long) r.unusualFactor() * sum / history.size();
                String category;
                do {
                    category = CATEGORIES[rnd.nextInt(CATEGORIES.length)];
                } while (usual.contains(category));
                evidence.add(draft(rnd, s, account, above + 100 + rnd.nextInt(20_000), category, home, at));
            }
            case IMPOSSIBLE_TRAVEL -> {
                City far;
                do {
                    far = City.ALL.get(rnd.nextInt(City.ALL.size()));
                } while (far.distanceKm(home) < FAR_KM);
                evidence.add(previous);
                evidence.add(draft(rnd, s, account, CLEAN_MIN_CENTS + rnd.nextInt((int) (CLEAN_MAX_CENTS - CLEAN_MIN_CENTS)),
                        pick(rnd, used), far, previous.timeMs + MIN_GAP_MS + rnd.nextInt(25 * 60_000)));
            }
            default -> throw new IllegalStateException("no pattern for " + rule);
        }
        for (Draft d : evidence) {
            if (d != previous) {
                history.add(d);
            }
        }
        return new Pattern(rule, account, evidence);
    }

    /** {@code count} event times over the span, denser in the afternoon, at least MIN_GAP_MS apart. */
    private static List<Long> cleanTimes(Random rnd, Settings s, int count) {
        long[] t = new long[count];
        for (int i = 0; i < count; i++) {
            long candidate;
            do {
                candidate = s.startMs() + (long) (rnd.nextDouble() * s.durationMs());
            } while (rnd.nextDouble() > dailyRhythm(candidate));
            t[i] = candidate;
        }
        java.util.Arrays.sort(t);
        List<Long> times = new ArrayList<>(count);
        long previous = Long.MIN_VALUE;
        for (long candidate : t) {
            long at = previous == Long.MIN_VALUE ? candidate : Math.max(candidate, previous + MIN_GAP_MS + rnd.nextInt(60_000));
            times.add(at);
            previous = at;
        }
        return times;
    }

    /** Between 0.1 (04:00 UTC) and 1.0 (16:00 UTC): how likely a moment is to see a transaction. */
    static double dailyRhythm(long timeMs) {
        double hour = (timeMs % 86_400_000L) / 3_600_000.0;
        return 0.1 + 0.9 * (1 - Math.cos(2 * Math.PI * (hour - 4) / 24)) / 2;
    }

    private static Draft draft(Random rnd, Settings s, String account, long cents, String category, City city, long t) {
        return new Draft(account, cents, category, city, t, t + (long) (rnd.nextDouble() * s.maxDelayMs()));
    }

    private static List<String> usualCategories(Random rnd) {
        List<String> usual = new ArrayList<>(USUAL_PER_ACCOUNT);
        while (usual.size() < USUAL_PER_ACCOUNT) {
            String c = CATEGORIES[rnd.nextInt(USUAL_POOL)];
            if (!usual.contains(c)) {
                usual.add(c);
            }
        }
        return usual;
    }

    private static String pick(Random rnd, List<String> values) {
        return values.get(rnd.nextInt(values.size()));
    }

    private static String merchant(Draft d) {
        return "m-" + d.category.substring(0, 3) + "-" + Math.floorMod((d.account + d.category).hashCode(), 97);
    }
}
