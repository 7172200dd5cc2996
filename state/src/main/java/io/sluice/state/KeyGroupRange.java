package io.sluice.state;

/** The key groups {@code [start, end]} (inclusive) owned by one subtask. */
public record KeyGroupRange(int start, int end) {

    public KeyGroupRange {
        if (start < 0 || end < start - 1) {
            throw new IllegalArgumentException("invalid key-group range [" + start + ", " + end + "]");
        }
    }

    public boolean contains(int keyGroup) {
        return keyGroup >= start && keyGroup <= end;
    }

    public int size() {
        return end - start + 1;
    }
}
