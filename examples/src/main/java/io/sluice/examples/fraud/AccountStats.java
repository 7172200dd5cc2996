package io.sluice.examples.fraud;

/** An account's transaction count and total, for its running average. */
record AccountStats(long count, long sumCents) {

    AccountStats add(long cents) {
        return new AccountStats(count + 1, sumCents + cents);
    }
}
