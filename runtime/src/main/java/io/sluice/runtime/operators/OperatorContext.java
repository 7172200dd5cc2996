package io.sluice.runtime.operators;

import io.sluice.api.functions.KeySelector;
import io.sluice.runtime.metrics.UserMetrics;
import io.sluice.runtime.time.OutputGate;
import io.sluice.state.KeyedStateBackend;

/**
 * What the task gives an operator: its identity, its keyed state, the task's clock, the gate that
 * says whether the output is full, (for time-making operators) a way to emit watermarks, and the
 * metrics its functions register. Task thread only, except {@link #userMetrics()}.
 */
public final class OperatorContext {

    private final String operatorName;
    private final int subtaskIndex;
    private final int parallelism;
    private final int maxParallelism;
    private final KeySelector<Object, Object> keySelector;
    private final KeyedStateBackend keyedStateBackend;
    private final OutputGate outputGate;
    private final ProcessingClock clock;
    private final WatermarkEmitter watermarkEmitter;
    private final long autoWatermarkIntervalMs;
    private final String jobLineageId;
    private final UserMetrics userMetrics;

    /** The task's cached wall clock, read once per turn. */
    @FunctionalInterface
    public interface ProcessingClock {
        long nowMs();
    }

    @SuppressWarnings("unchecked")
    public OperatorContext(String operatorName, int subtaskIndex, int parallelism, int maxParallelism,
                           KeySelector<?, ?> keySelector, KeyedStateBackend keyedStateBackend, OutputGate outputGate,
                           ProcessingClock clock, WatermarkEmitter watermarkEmitter, long autoWatermarkIntervalMs,
                           String jobLineageId) {
        this.operatorName = operatorName;
        this.subtaskIndex = subtaskIndex;
        this.parallelism = parallelism;
        this.maxParallelism = maxParallelism;
        this.keySelector = (KeySelector<Object, Object>) keySelector;
        this.keyedStateBackend = keyedStateBackend;
        this.outputGate = outputGate;
        this.clock = clock;
        this.watermarkEmitter = watermarkEmitter;
        this.autoWatermarkIntervalMs = autoWatermarkIntervalMs;
        this.jobLineageId = jobLineageId;
        this.userMetrics = new UserMetrics(describe());
    }

    /** The metrics the operator's functions register; read by the task's metrics from any thread. */
    public UserMetrics userMetrics() {
        return userMetrics;
    }

    /** The job's lineage (see {@link io.sluice.api.connector.SinkContext#jobLineageId}). */
    public String jobLineageId() {
        return jobLineageId;
    }

    public String operatorName() {
        return operatorName;
    }

    public int subtaskIndex() {
        return subtaskIndex;
    }

    public int parallelism() {
        return parallelism;
    }

    public int maxParallelism() {
        return maxParallelism;
    }

    /** The key selector of a keyed operator; {@code null} otherwise. */
    public KeySelector<Object, Object> keySelector() {
        return keySelector;
    }

    /** The keyed state of a keyed operator; {@code null} otherwise. */
    public KeyedStateBackend keyedStateBackend() {
        return keyedStateBackend;
    }

    public OutputGate outputGate() {
        return outputGate;
    }

    public long currentProcessingTime() {
        return clock.nowMs();
    }

    public WatermarkEmitter watermarkEmitter() {
        return watermarkEmitter;
    }

    public long autoWatermarkIntervalMs() {
        return autoWatermarkIntervalMs;
    }

    /** "name (2/4)": how errors and logs name a subtask. */
    public String describe() {
        return "'" + operatorName + "' (subtask " + (subtaskIndex + 1) + "/" + parallelism + ")";
    }
}
