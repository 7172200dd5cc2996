package io.sluice.runtime.channel;

/**
 * A growable FIFO of preallocated envelopes that holds what a task emitted while a ring was full,
 * until the ring has room again. Single-threaded (the producing task). It grows only when one input
 * element produced more output than the ring could take; in steady state it allocates nothing.
 */
final class OverflowBuffer {

    private StreamElement[] slots = newSlots(16);
    private int head;
    private int size;

    boolean isEmpty() {
        return size == 0;
    }

    int size() {
        return size;
    }

    void add(byte kind, Object value, long timestamp) {
        if (size == slots.length) {
            grow();
        }
        slots[(head + size) & (slots.length - 1)].set(kind, value, timestamp);
        size++;
    }

    StreamElement peek() {
        return size == 0 ? null : slots[head];
    }

    void remove() {
        slots[head].clearValue();
        head = (head + 1) & (slots.length - 1);
        size--;
    }

    private void grow() {
        StreamElement[] bigger = newSlots(slots.length * 2);
        for (int i = 0; i < size; i++) {
            bigger[i].copyFrom(slots[(head + i) & (slots.length - 1)]);
        }
        slots = bigger;
        head = 0;
    }

    private static StreamElement[] newSlots(int n) {
        StreamElement[] s = new StreamElement[n];
        for (int i = 0; i < n; i++) {
            s[i] = new StreamElement();
        }
        return s;
    }
}
