package io.sluice.examples.fraud;

import java.util.ArrayList;
import java.util.List;

/**
 * What the job reports: the rule, the account, the ids of the transactions that triggered it and a
 * readable account of them. One line on the console and in the alerts queue:
 * {@code FRAUD small-then-large acct-0042 evidence=t000101,t000107 | t000101 0.42 grocery Berlin 13:05:22 -> ...}.
 */
public record Alert(String rule, String account, String evidence, String detail) {

    static Alert of(FraudRule rule, String account, List<Transaction> transactions, String why) {
        List<String> ids = new ArrayList<>(transactions.size());
        StringBuilder detail = new StringBuilder();
        for (Transaction t : transactions) {
            ids.add(t.id());
            if (detail.length() > 0) {
                detail.append(" -> ");
            }
            detail.append(t.brief());
        }
        return new Alert(rule.label(), account, String.join(",", ids), detail + " (" + why + ")");
    }

    public String toLine() {
        return "FRAUD " + rule + ' ' + account + " evidence=" + evidence + " | " + detail;
    }

    /** The rule, account and evidence of an alert line ({@link #toLine}); the detail is kept as is. */
    public static Alert parse(String line) {
        String[] f = line.split(" ", 5);
        if (f.length < 4 || !f[0].equals("FRAUD") || !f[3].startsWith("evidence=")) {
            throw new IllegalArgumentException("not an alert line: '" + line + "'");
        }
        int bar = line.indexOf(" | ");
        return new Alert(f[1], f[2], f[3].substring("evidence=".length()), bar < 0 ? "" : line.substring(bar + 3));
    }
}
