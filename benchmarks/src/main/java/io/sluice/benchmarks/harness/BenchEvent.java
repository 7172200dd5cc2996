package io.sluice.benchmarks.harness;

import java.io.Serializable;

/**
 * The one event of every workload, on every engine: {@code {long key; long value; long timestamp}}.
 * Public mutable fields and a no-argument constructor make it a Flink POJO; Sluice passes it by
 * reference. The workload functions update it in place and pass it on, which both engines allow
 * (a value handed downstream belongs to the receiver).
 */
public final class BenchEvent implements Serializable {

    private static final long serialVersionUID = 1L;

    public long key;
    public long value;
    /** Event time in milliseconds (W1, W2) or the intended send time in nanoseconds (W3, W4). */
    public long timestamp;

    public BenchEvent() {
    }

    public BenchEvent(long key, long value, long timestamp) {
        this.key = key;
        this.value = value;
        this.timestamp = timestamp;
    }

    @Override
    public String toString() {
        return "BenchEvent{key=" + key + ", value=" + value + ", timestamp=" + timestamp + '}';
    }
}
