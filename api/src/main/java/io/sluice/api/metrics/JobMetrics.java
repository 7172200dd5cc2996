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
}
