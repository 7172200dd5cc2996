package io.sluice.runtime.operators.async;

/**
 * Inputs taken while every slot was busy, first in first out: an operator before the async one in
 * the same chain may emit several elements for one input, and a restore may bring more inputs than
 * the capacity. Grows by doubling and is never shrunk, so it allocates nothing once warm. Task
 * thread only.
 */
final class Backlog {

    private Object[] values = new Object[8];
    private long[] timestamps = new long[8];
    private long[] segments = new long[8];
    private int first;
    private int size;

    boolean isEmpty() {
        return size == 0;
    }

    int size() {
        return size;
    }

    void add(Object value, long timestamp, long segment) {
        if (size == values.length) {
            grow();
        }
        int i = (first + size) & (values.length - 1);
        values[i] = value;
        timestamps[i] = timestamp;
        segments[i] = segment;
        size++;
    }

    Object value(int n) {
        return values[(first + n) & (values.length - 1)];
    }

    long timestamp(int n) {
        return timestamps[(first + n) & (values.length - 1)];
    }

    long headTimestamp() {
        return timestamps[first];
    }

    long headSegment() {
        return segments[first];
    }

    /** Removes and returns the oldest input. */
    Object poll() {
        Object value = values[first];
        values[first] = null;
        first = (first + 1) & (values.length - 1);
        size--;
        return value;
    }

    private void grow() {
        int n = values.length;
        Object[] v = new Object[n * 2];
        long[] t = new long[n * 2];
        long[] s = new long[n * 2];
        for (int k = 0; k < size; k++) {
            int i = (first + k) & (n - 1);
            v[k] = values[i];
            t[k] = timestamps[i];
            s[k] = segments[i];
        }
        values = v;
        timestamps = t;
        segments = s;
        first = 0;
    }
}
