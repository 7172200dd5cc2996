package io.sluice.api.metrics;

import java.util.List;

/** Every task's counters at one moment. */
public record JobMetrics(List<TaskMetrics> tasks) {

    /** Sum of records in over every subtask of the named operator. */
    public long recordsIn(String operator) {
        return tasks.stream().flatMap(t -> t.operators().stream()).filter(o -> o.operator().equals(operator))
                .mapToLong(OperatorMetrics::recordsIn).sum();
    }

    /** Sum of records out over every subtask of the named operator. */
    public long recordsOut(String operator) {
        return tasks.stream().flatMap(t -> t.operators().stream()).filter(o -> o.operator().equals(operator))
                .mapToLong(OperatorMetrics::recordsOut).sum();
    }

    /**
     * The user metric {@code name} of the named operator, one per subtask that has it, in the order
     * of the tasks (see {@link MetricGroup}).
     */
    public List<UserMetric> userMetrics(String operator, String name) {
        return tasks.stream().flatMap(t -> t.operators().stream()).filter(o -> o.operator().equals(operator))
                .map(o -> o.userMetric(name)).filter(java.util.Objects::nonNull).toList();
    }

    /** A user counter of the named operator summed over its subtasks; 0 when none has it. */
    public long userCounter(String operator, String name) {
        return userMetrics(operator, name).stream().filter(UserMetric.CounterValue.class::isInstance)
                .mapToLong(m -> ((UserMetric.CounterValue) m).count()).sum();
    }
}
