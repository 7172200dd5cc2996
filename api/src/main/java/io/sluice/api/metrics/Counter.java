package io.sluice.api.metrics;

/**
 * A count a function keeps (Flink's {@code Counter}), from {@link MetricGroup#counter(String)}.
 * Changed only on the subtask's worker thread, inside the function's methods; each change is a
 * plain add published for the threads that read metrics, so it costs about as much as a field
 * increment and allocates nothing.
 */
public interface Counter {

    /** Adds one. */
    void inc();

    /** Adds {@code n}. */
    void inc(long n);

    /** Subtracts one. */
    void dec();

    /** Subtracts {@code n}. */
    void dec(long n);

    /** The current count. */
    long getCount();
}
