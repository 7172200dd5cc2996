package io.sluice.runtime.channel;

/**
 * A FIFO that holds what a task emitted on one channel while its ring was full, until the ring has
 * room again. Worker thread of the producing task only.
 *
 * <p>Stored flat like the ring (kind, value and timestamp arrays, circular, power-of-two sized), so
 * that an element costs 13 bytes of arrays and no object. It has no fixed bound, and needs none:
 * once a channel overflows, the task takes no new input and its operators stop before their next
 * timer, watermark step or source record ({@code StreamTask} checks back-pressure before each), so
 * what arrives here is at most what the one element being processed (one input record, one timer
 * firing, one step of a watermark, one source emission) emits beyond the ring, plus the
 * watermarks, barriers and markers broadcast meanwhile. That is a property of the job's functions
 * (a flatMap's fan-out, a window's output per firing), which the runtime cannot cap without
 * dropping or blocking, so the buffer grows to it.
 *
 * <p>It grows by doubling when full and goes back to {@link #INITIAL_CAPACITY} only after it has
 * stayed empty for {@link #IDLE_TURNS_BEFORE_SHRINK} turns ({@link #shrinkIfIdle}), not as soon as it
 * drains: a channel that overflows by a similar amount turn after turn keeps its arrays instead of
 * reallocating them every turn, and one that overflowed once gives the memory back shortly after.
 * A value's reference is cleared as soon as the element leaves.
 */
final class OverflowBuffer {

    static final int INITIAL_CAPACITY = 16;
    /** Turns an oversized, empty buffer waits before shrinking: the hysteresis against regrowing. */
    static final int IDLE_TURNS_BEFORE_SHRINK = 64;

    private byte[] kinds;
    private Object[] values;
    private long[] timestamps;
    private int mask;
    private int head;
    private int size;
    /** Turns counted by {@link #shrinkIfIdle} since the buffer was last non-empty. */
    private int idleTurns;
    /** The view returned by {@link #peek()}, refilled each time. */
    private final StreamElement view = new StreamElement();

    OverflowBuffer() {
        allocate(INITIAL_CAPACITY);
    }

    boolean isEmpty() {
        return size == 0;
    }

    int size() {
        return size;
    }

    /** Slots allocated now. */
    int capacity() {
        return mask + 1;
    }

    void add(byte kind, Object value, long timestamp) {
        if (size == capacity()) {
            grow();
        }
        int i = (head + size) & mask;
        kinds[i] = kind;
        values[i] = value;
        timestamps[i] = timestamp;
        size++;
        idleTurns = 0;
    }

    /** The oldest element, or null when empty; the view is reused and valid until the next call. */
    StreamElement peek() {
        if (size == 0) {
            return null;
        }
        view.set(kinds[head], values[head], timestamps[head]);
        return view;
    }

    /** Removes the oldest element, dropping the buffer's and the view's reference to its value. */
    void remove() {
        values[head] = null;
        view.clearValue();
        head = (head + 1) & mask;
        size--;
    }

    /**
     * Called once per turn while the buffer is empty and larger than its initial size: after
     * {@link #IDLE_TURNS_BEFORE_SHRINK} such turns in a row it goes back to its initial size.
     *
     * @return true when it is back to its initial size (no need to call again)
     */
    boolean shrinkIfIdle() {
        if (size != 0 || capacity() == INITIAL_CAPACITY) {
            return size == 0;
        }
        if (++idleTurns < IDLE_TURNS_BEFORE_SHRINK) {
            return false;
        }
        allocate(INITIAL_CAPACITY);
        head = 0;
        idleTurns = 0;
        return true;
    }

    private void grow() {
        int n = capacity();
        byte[] oldKinds = kinds;
        Object[] oldValues = values;
        long[] oldTimestamps = timestamps;
        allocate(n * 2);
        // unroll the circle: the oldest element goes to index 0
        int first = n - head;
        System.arraycopy(oldKinds, head, kinds, 0, first);
        System.arraycopy(oldKinds, 0, kinds, first, head);
        System.arraycopy(oldValues, head, values, 0, first);
        System.arraycopy(oldValues, 0, values, first, head);
        System.arraycopy(oldTimestamps, head, timestamps, 0, first);
        System.arraycopy(oldTimestamps, 0, timestamps, first, head);
        head = 0;
    }

    private void allocate(int capacity) {
        kinds = new byte[capacity];
        values = new Object[capacity];
        timestamps = new long[capacity];
        mask = capacity - 1;
    }
}
