package io.sluice.benchmarks.harness;

/**
 * The sink logic every engine's sink wraps, one instance per sink subtask: {@link #accept} each
 * event, {@link #finish} once when the subtask's input ends.
 */
public interface EventSink {

    void accept(BenchEvent e);

    void finish();
}
