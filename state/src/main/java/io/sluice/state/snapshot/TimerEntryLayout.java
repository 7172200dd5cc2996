package io.sluice.state.snapshot;

/**
 * An event-time timer as a table entry. Key: the key's bytes · the namespace's bytes (none for
 * timers scoped to a key only) · the timestamp as 8 big-endian bytes, so one timer exists per
 * (key, namespace, time). Value: 12 bytes, three ints: a mark the off-heap queue keeps for itself
 * in memory (whether the timer was removed but is still in the queue's order; written as 0 to
 * snapshots and ignored by restores, which rebuild the queue) · its key group · the length of the
 * key part of the entry's key. In memory the
 * off-heap backend keeps the value's ints in native order; in snapshots they are big-endian.
 */
public final class TimerEntryLayout {

    public static final int QUEUE_MARK = 0;
    public static final int KEY_GROUP = 4;
    public static final int KEY_LENGTH = 8;
    public static final int VALUE_BYTES = 12;

    private TimerEntryLayout() {
    }

    /** A timer's value as snapshots hold it. */
    public static byte[] snapshotValue(int keyGroup, int keyLength) {
        byte[] v = new byte[VALUE_BYTES];
        putInt(v, KEY_GROUP, keyGroup);
        putInt(v, KEY_LENGTH, keyLength);
        return v;
    }

    /** The key group of a snapshot's timer value. */
    public static int keyGroup(byte[] value) {
        return getInt(value, KEY_GROUP);
    }

    /** The key-part length of a snapshot's timer value. */
    public static int keyLength(byte[] value) {
        return getInt(value, KEY_LENGTH);
    }

    /** The timestamp at the end of a timer's key. */
    public static long timestamp(byte[] key) {
        long t = 0;
        for (int i = key.length - Long.BYTES; i < key.length; i++) {
            t = (t << 8) | (key[i] & 0xFF);
        }
        return t;
    }

    /**
     * What is wrong with a snapshot's timer entry whose value does not fit its key or its key
     * group, or null when nothing is.
     */
    static String problem(byte[] key, byte[] value, int keyGroup) {
        if (value.length != VALUE_BYTES || key.length < Long.BYTES) {
            return "a timer of " + key.length + " key bytes and " + value.length + " value bytes (expected at least 8"
                    + " and exactly " + VALUE_BYTES + ")";
        }
        int group = keyGroup(value);
        int keyLength = keyLength(value);
        if (group != keyGroup || keyLength < 0 || keyLength > key.length - Long.BYTES) {
            return "a timer claims key group " + group + " and a key of " + keyLength + " bytes within " + key.length;
        }
        return null;
    }

    private static void putInt(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }

    private static int getInt(byte[] b, int at) {
        return (b[at] & 0xFF) << 24 | (b[at + 1] & 0xFF) << 16 | (b[at + 2] & 0xFF) << 8 | (b[at + 3] & 0xFF);
    }
}
