package io.sluice.examples.fraud;

/** The patterns the job looks for, each with the name it carries in alerts and ground truth. */
public enum FraudRule {
    /** A transaction under the small amount, then one over the large amount within the window. */
    SMALL_THEN_LARGE("small-then-large"),
    /** More than the allowed number of transactions within the sliding window. */
    VELOCITY("velocity"),
    /** An amount far above the account's running average, in a category the account never used. */
    UNUSUAL_AMOUNT("unusual-amount"),
    /** Two transactions from places too far apart for the time between them. */
    IMPOSSIBLE_TRAVEL("impossible-travel");

    private final String label;

    FraudRule(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** The rule named {@code label}. */
    public static FraudRule ofLabel(String label) {
        for (FraudRule r : values()) {
            if (r.label.equals(label)) {
                return r;
            }
        }
        throw new IllegalArgumentException("no fraud rule '" + label + "'");
    }
}
