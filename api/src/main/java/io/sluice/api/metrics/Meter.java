package io.sluice.api.metrics;

/**
 * Events and their rate per second (Flink's {@code Meter}), from {@link MetricGroup#meter(String)}.
 * Events are marked on the subtask's worker thread only, as cheaply as a {@link Counter} is
 * changed; the rate is worked out when metrics are read.
 */
public interface Meter {

    /** Marks one event. */
    void markEvent();

    /** Marks {@code n} events. */
    void markEvent(long n);

    /**
     * Events per second over about the last minute (over the time since the meter was made, when
     * that is shorter); worked out from the counts earlier reads of metrics saw, so the span is at
     * least a minute and longer when reads are rare. Takes a short lock shared with the threads
     * that read metrics: read it for reports, not per element.
     */
    double getRate();

    /** Events marked so far. */
    long getCount();
}
