package io.sluice.runtime.it.join;

/**
 * An element of a join test's script: a left ({@code kind} 1) or right (2) element with its key,
 * timestamp and a sequence number unique in the script; or a watermark marker or gate at {@code ts}.
 */
public record Ev(int kind, int key, long ts, int seq) {

    static final int LEFT = 1;
    static final int RIGHT = 2;
    static final int MARKER = 3;
    static final int GATE = 4;

    boolean isElement() {
        return kind == LEFT || kind == RIGHT;
    }

    @Override
    public String toString() {
        return (kind == LEFT ? "L" : kind == RIGHT ? "R" : kind == MARKER ? "M" : "G") + seq + "@" + ts + "/k" + key;
    }
}
