package io.sluice.runtime.operators.async;

/**
 * Keeps results from crossing watermarks. Inputs are counted in segments cut by the watermarks the
 * operator holds back: a held watermark goes on once every input before it has been emitted, and
 * only the results of the oldest segment may be emitted. Consecutive watermarks with no input
 * between them are merged into the last, so there are never more held watermarks than inputs in
 * the operator. Task thread only.
 */
final class WatermarkSegments {

    /** Id of the oldest segment: inputs before the first held watermark. */
    private long headSegment;
    /** Inputs of the oldest segment not yet emitted. */
    private long headPending;
    /** Held watermarks, oldest first; {@code pendingAfter[i]}: inputs between watermark i and the next. */
    private long[] watermarks = new long[8];
    private long[] pendingAfter = new long[8];
    private int first;
    private int held;

    long headSegment() {
        return headSegment;
    }

    boolean holdsWatermarks() {
        return held > 0;
    }

    /** Counts a new input; returns its segment. */
    long add() {
        if (held == 0) {
            headPending++;
        } else {
            pendingAfter[index(held - 1)]++;
        }
        return headSegment + held;
    }

    /** An input of {@code segment} has been emitted. */
    void emitted(long segment) {
        long k = segment - headSegment;
        if (k == 0) {
            headPending--;
        } else {
            pendingAfter[index((int) k - 1)]--;
        }
    }

    /** False when nothing is pending before {@code watermark}: it goes on now. Else it is held. */
    boolean hold(long watermark) {
        if (held == 0 && headPending == 0) {
            return false;
        }
        if (held > 0 && pendingAfter[index(held - 1)] == 0) {
            watermarks[index(held - 1)] = watermark; // nothing between the two: the later one stands for both
            return true;
        }
        if (held == watermarks.length) {
            grow();
        }
        int i = index(held);
        watermarks[i] = watermark;
        pendingAfter[i] = 0;
        held++;
        return true;
    }

    /** The oldest held watermark may go on: every input before it has been emitted. */
    boolean watermarkDue() {
        return held > 0 && headPending == 0;
    }

    /** Releases the oldest held watermark; the next segment becomes the oldest. */
    long release() {
        long watermark = watermarks[first];
        headPending = pendingAfter[first];
        first = (first + 1) & (watermarks.length - 1);
        held--;
        headSegment++;
        return watermark;
    }

    private int index(int k) {
        return (first + k) & (watermarks.length - 1);
    }

    private void grow() {
        int n = watermarks.length;
        long[] w = new long[n * 2];
        long[] p = new long[n * 2];
        for (int k = 0; k < held; k++) {
            w[k] = watermarks[index(k)];
            p[k] = pendingAfter[index(k)];
        }
        watermarks = w;
        pendingAfter = p;
        first = 0;
    }
}
