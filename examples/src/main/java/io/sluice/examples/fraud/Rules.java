package io.sluice.examples.fraud;

/**
 * The thresholds and windows of the four rules, as in force at one moment. The job starts with
 * {@link #DEFAULTS}; each line of the rules stream changes some of them ({@link #with(String)}).
 *
 * @param smallCents          small-then-large: the first transaction is under this
 * @param largeCents          small-then-large: the second is over this
 * @param smallLargeWindowMs  small-then-large: at most this long after the first
 * @param maxTransactions     velocity: more than this many ...
 * @param velocityWindowMs    velocity: ... within this sliding window
 * @param unusualFactor       unusual amount: more than this times the account's running average ...
 * @param minHistory          unusual amount: ... once the account has this many transactions
 * @param maxSpeedKmh         impossible travel: faster than this between two transactions
 */
public record Rules(long smallCents, long largeCents, long smallLargeWindowMs, int maxTransactions,
                    long velocityWindowMs, int unusualFactor, int minHistory, int maxSpeedKmh)
        implements java.io.Serializable {

    public static final Rules DEFAULTS = new Rules(100, 50_000, 60_000, 5, 60_000, 10, 5, 900);

    /** The keys a rule update may set, with what they mean. */
    static final String KEYS = "small-amount, large-amount (e.g. 500.00), small-large-window-s, max-transactions,"
            + " velocity-window-s, unusual-factor, min-history, max-speed-kmh";

    /**
     * These rules changed by {@code update}: {@code key=value} pairs separated by spaces or commas
     * ({@code max-transactions=3 velocity-window-s=30}), or a flat JSON object
     * ({@code {"max-transactions": 3}}).
     *
     * @throws IllegalArgumentException naming the unknown key or bad value, and the known keys
     */
    public Rules with(String update) {
        String text = update.trim().replace("{", " ").replace("}", " ").replace("\"", " ").replace(':', '=')
                .replaceAll("\\s*=\\s*", "=");
        Rules r = this;
        for (String pair : text.split("[,\\s]+")) {
            String p = pair.trim();
            if (p.isEmpty()) {
                continue;
            }
            int eq = p.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException("rule update '" + update + "': '" + p + "' is not key=value; keys: " + KEYS);
            }
            String key = p.substring(0, eq).trim();
            String value = p.substring(eq + 1).trim();
            try {
                r = r.set(key, value);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("rule update '" + update + "': " + key + " needs a number, got '"
                        + value + "'");
            }
        }
        return r;
    }

    private Rules set(String key, String value) {
        return switch (key) {
            case "small-amount" -> new Rules(Transaction.parseCents(value), largeCents, smallLargeWindowMs,
                    maxTransactions, velocityWindowMs, unusualFactor, minHistory, maxSpeedKmh);
            case "large-amount" -> new Rules(smallCents, Transaction.parseCents(value), smallLargeWindowMs,
                    maxTransactions, velocityWindowMs, unusualFactor, minHistory, maxSpeedKmh);
            case "small-large-window-s" -> new Rules(smallCents, largeCents, positive(key, value) * 1000,
                    maxTransactions, velocityWindowMs, unusualFactor, minHistory, maxSpeedKmh);
            case "max-transactions" -> new Rules(smallCents, largeCents, smallLargeWindowMs,
                    (int) positive(key, value), velocityWindowMs, unusualFactor, minHistory, maxSpeedKmh);
            case "velocity-window-s" -> new Rules(smallCents, largeCents, smallLargeWindowMs,
                    maxTransactions, positive(key, value) * 1000, unusualFactor, minHistory, maxSpeedKmh);
            case "unusual-factor" -> new Rules(smallCents, largeCents, smallLargeWindowMs,
                    maxTransactions, velocityWindowMs, (int) positive(key, value), minHistory, maxSpeedKmh);
            case "min-history" -> new Rules(smallCents, largeCents, smallLargeWindowMs,
                    maxTransactions, velocityWindowMs, unusualFactor, (int) positive(key, value), maxSpeedKmh);
            case "max-speed-kmh" -> new Rules(smallCents, largeCents, smallLargeWindowMs,
                    maxTransactions, velocityWindowMs, unusualFactor, minHistory, (int) positive(key, value));
            default -> throw new IllegalArgumentException("unknown rule key '" + key + "'; keys: " + KEYS);
        };
    }

    private static long positive(String key, String value) {
        long v = Long.parseLong(value);
        if (v < 1 || v > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(key + " must be between 1 and " + Integer.MAX_VALUE + ", got " + v);
        }
        return v;
    }

    /** The longest window any rule looks back over: how long an account's recent transactions are kept. */
    long longestWindowMs() {
        return Math.max(smallLargeWindowMs, velocityWindowMs);
    }

    @Override
    public String toString() {
        return "small<" + Transaction.formatCents(smallCents) + " then large>" + Transaction.formatCents(largeCents)
                + " within " + smallLargeWindowMs / 1000 + "s; more than " + maxTransactions + " in "
                + velocityWindowMs / 1000 + "s; over " + unusualFactor + "x average in a new category after "
                + minHistory + "; faster than " + maxSpeedKmh + " km/h";
    }
}
