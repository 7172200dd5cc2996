package io.sluice.benchmarks.harness;

/** The four workloads of the side-by-side comparison. */
public enum Workload {
    /** map(value x 3) → filter(even) → map(+1) → counting sink; throughput. */
    W1(false),
    /** keyBy → 1 s tumbling event-time windows → sum(value) → counting sink; throughput. */
    W2(false),
    /** Fixed-rate source → keyBy → running sum in ValueState → latency-recording sink. */
    W3(true),
    /** W3 with exactly-once checkpoints every second. */
    W4(true);

    private final boolean latency;

    Workload(boolean latency) {
        this.latency = latency;
    }

    /** Whether this workload measures latency at a fixed rate (else throughput over a fixed count). */
    public boolean measuresLatency() {
        return latency;
    }
}
