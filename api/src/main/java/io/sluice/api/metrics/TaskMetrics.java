package io.sluice.api.metrics;

import java.util.List;

/**
 * Counters of one task (a chain of operators in one subtask), as read at one moment.
 *
 * @param inputFill       elements waiting in the task's input rings, summed (a high value means the
 *                        task is the bottleneck)
 * @param outputFill      elements waiting in its output rings plus overflow (a high value means
 *                        back-pressure from downstream)
 * @param outputOverflow  the part of {@code outputFill} held in overflow buffers: what the task
 *                        emitted while an output ring was full (the output of the element it was
 *                        processing then). It stays on the heap until downstream makes room; a
 *                        large value means an operator emits much per input element into a
 *                        back-pressured edge
 * @param busyNs          time spent doing work
 * @param idleNs          time its worker found it with nothing to do (approximate); includes
 *                        {@code backPressuredNs}
 * @param backPressuredNs time the task could take no input because an output ring was full (measured
 *                        between its turns, so to within one turn)
 * @param latency         how long latency markers took from the sources to this task's input; null
 *                        when latency tracking ({@code metrics.latency-interval}) is off, and for
 *                        source tasks, where markers start
 */
public record TaskMetrics(String task, int subtask, long inputFill, long outputFill, long outputOverflow,
                          long busyNs, long idleNs, long backPressuredNs, List<OperatorMetrics> operators,
                          LatencySnapshot latency) {

    /** Counters without an overflow figure ({@code outputOverflow} 0). */
    public TaskMetrics(String task, int subtask, long inputFill, long outputFill, long busyNs, long idleNs,
                       long backPressuredNs, List<OperatorMetrics> operators, LatencySnapshot latency) {
        this(task, subtask, inputFill, outputFill, 0, busyNs, idleNs, backPressuredNs, operators, latency);
    }
}
