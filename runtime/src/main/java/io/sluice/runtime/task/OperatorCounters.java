package io.sluice.runtime.task;

/**
 * Records in and out of one operator in one subtask. Written with plain stores by the task's
 * worker thread only; read by other threads for metrics, which may see slightly stale values
 * (64-bit longs are read whole on the JVMs Sluice supports).
 */
public final class OperatorCounters {
    final String operatorName;
    long recordsIn;
    long recordsOut;
    /** Records emitted to a side output that no operator reads. */
    long sideOutputDiscarded;

    OperatorCounters(String operatorName) {
        this.operatorName = operatorName;
    }

    public long recordsIn() {
        return recordsIn;
    }

    public long recordsOut() {
        return recordsOut;
    }
}
