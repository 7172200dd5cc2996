package io.sluice.benchmarks.harness;

/** The workloads of the side-by-side comparison. */
public enum Workload {
    /** map(value x 3) → filter(even) → map(+1) → counting sink; throughput. */
    W1(false),
    /** keyBy → 1 s tumbling event-time windows → sum(value) → counting sink; throughput. */
    W2(false),
    /** Fixed-rate source → keyBy → running sum in ValueState → latency-recording sink. */
    W3(true),
    /** W3 with exactly-once checkpoints every second. */
    W4(true),
    /**
     * The W2 stream → keyBy → sliding event-time windows of 1 s every 200 ms (each event in five
     * windows) → sum(value), keeping the earliest timestamp, into a new event → counting sink; throughput.
     */
    W5(false),
    /**
     * Hash-keyed events up to 200 ms out of order ({@link Generator.Shape#SESSIONS}) → keyBy →
     * event-time session windows with the mean per-key gap → sum(value), keeping the earliest
     * timestamp → counting sink; throughput.
     */
    W6(false),
    /**
     * W2, then its window results keyed by their window's end → 1 s tumbling event-time windows →
     * sum(value), keeping the earliest timestamp → counting sink; throughput of two keyed stages.
     */
    W7(false);

    private final boolean latency;

    Workload(boolean latency) {
        this.latency = latency;
    }

    /** How this workload's events are keyed and timed. */
    public Generator.Shape shape() {
        return this == W6 ? Generator.Shape.SESSIONS : Generator.Shape.ASCENDING;
    }

    /** Whether this workload measures latency at a fixed rate (else throughput over a fixed count). */
    public boolean measuresLatency() {
        return latency;
    }
}
