package io.sluice.examples.fraud;

/** A detector subtask's totals so far, for the status line. */
record Progress(int subtask, long transactions, long alerts) {
}
