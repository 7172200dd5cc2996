package io.sluice.api.metrics;

/**
 * Where a function registers its own metrics (Flink's {@code MetricGroup}), from
 * {@code getRuntimeContext().getMetricGroup()}: one group per operator and subtask. Metrics show up
 * with the operator's figures: in {@code JobClient.metrics()} ({@link OperatorMetrics#userMetrics()}),
 * in the runtime's Prometheus metrics ({@code sluice_user_counter_total} and the others, labelled
 * with the operator, subtask and metric name) and in the REST API's job graph (summed over
 * subtasks).
 *
 * <p>Register metrics in {@code open} (on the subtask's worker thread) and keep what is returned in
 * a {@code transient} field. A name is 1 to 100 letters, digits, {@code _} or {@code -}, and is
 * registered once per operator: a second metric with the same name, or a malformed name, fails with
 * an error that names the operator. Metrics start from zero at every run of a subtask, including a
 * restart after a failure; they are not part of checkpoints.
 */
public interface MetricGroup {

    /** A new counter named {@code name}. */
    Counter counter(String name);

    /** Registers {@code gauge} under {@code name}; returns it. */
    <T extends Number, G extends Gauge<T>> G gauge(String name, G gauge);

    /** A new histogram named {@code name}. */
    Histogram histogram(String name);

    /** A new meter named {@code name}. */
    Meter meter(String name);

    /**
     * A group nested in this one: its metrics are named {@code name.metric} (and
     * {@code outer.inner.metric} for a group in a group). Asking twice for one name gives the same
     * group.
     */
    MetricGroup addGroup(String name);
}
